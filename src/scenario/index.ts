export { parseCpuList } from './cpulist.js';
export { parseDistribution } from './distribution.js';
export { formatDuration, parseDuration } from './duration.js';
export { formatIssue, type LoadResult, type ScenarioIssue } from './issue.js';
export { scenarioJsonSchema } from './json-schema.js';
export { parseScenario, parseScenarioData } from './load.js';
export type { Overrides } from './overrides.js';
export type { Parsed } from './parsed.js';
export type { ScenarioInput } from './schema.js';
