// Looking things up in results, failing loudly when they are missing.
import type { PartitionResult, RunResult } from '../../src/metrics/result.js';

export function partition(run: RunResult, name: string): PartitionResult {
  const found = run.partitions.find((p) => p.name === name);
  if (found === undefined) throw new Error(`no partition ${name}`);
  return found;
}
