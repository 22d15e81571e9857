// Renders a scenario the way the CLI's HTML report does: every mode traced over one window.
import { readFileSync } from 'node:fs';
import { runMode } from '../../src/hypervisor/simulate.js';
import type { ScenarioResult } from '../../src/metrics/result.js';
import type { RunTrace, TimeWindow } from '../../src/metrics/trace.js';
import type { Scenario } from '../../src/model/scenario.js';
import { renderHtml } from '../../src/report/html.js';
import { scenarioFrom } from '../support/load.js';

export const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The flagship scenario, cut to 2 s and to the two modes it contrasts, so tests stay quick. */
export function flagship(): Scenario {
  const text = readFileSync(new URL('../../scenarios/default.yaml', import.meta.url), 'utf8');
  const shortened = text.replace(/^duration: .*$/m, 'duration: 2s\nmodes: [core, integrated]');
  if (shortened === text) throw new Error('scenarios/default.yaml: no top-level duration line to shorten');
  return scenarioFrom(shortened);
}

export interface Rendered {
  readonly html: string;
  readonly result: ScenarioResult;
  readonly traces: readonly RunTrace[];
}

export function render(scenario: Scenario, window: TimeWindow): Rendered {
  const runs = scenario.modes.map((mode) => runMode(scenario, mode, { traceWindow: window }));
  const result: ScenarioResult = {
    scenario: { name: scenario.name, seed: scenario.seed, durationNs: scenario.duration },
    runs: runs.map(({ run }) => run),
  };
  const traces = runs.flatMap(({ trace }) => (trace === null ? [] : [trace]));
  return { html: renderHtml({ result, traces, scenario }, { version: VERSION }), result, traces };
}
