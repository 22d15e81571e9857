// Tidy CSV: one row per mode × partition × VP, times in integer nanoseconds. The header is a
// stable contract (README, "CSV columns"): add columns at the end, never rename or reorder.
import type { Latency, ScenarioResult } from '../metrics/result.js';

export const CSV_COLUMNS = [
  'scenario',
  'seed',
  'durationNs',
  'mode',
  'partition',
  'kind',
  'parent',
  'vp',
  'runNs',
  'stealNs',
  'idleNs',
  'workNs',
  'reportedStealNs',
  'bursts',
  'wakeupP50Ns',
  'wakeupP95Ns',
  'wakeupP99Ns',
  'wakeupMaxNs',
  'responseP50Ns',
  'responseP95Ns',
  'responseP99Ns',
  'responseMaxNs',
] as const;

export function renderCsv(result: ScenarioResult): string {
  const lines = [CSV_COLUMNS.join(',')];
  const { name, seed, durationNs } = result.scenario;
  for (const run of result.runs) {
    for (const partition of run.partitions) {
      for (const vp of partition.vps) {
        const row = [
          name,
          seed,
          durationNs,
          run.mode,
          partition.name,
          partition.kind,
          partition.parent ?? '',
          vp.index,
          vp.runNs,
          vp.stealNs,
          vp.idleNs,
          vp.workNs,
          vp.reportedStealNs,
          ...latencyCells(vp.latency),
        ];
        lines.push(row.map(cell).join(','));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

function latencyCells(latency: Latency | undefined): (number | string)[] {
  if (latency === undefined) return new Array<string>(9).fill('');
  const { wakeup, response } = latency;
  return [
    latency.count,
    wakeup.p50Ns,
    wakeup.p95Ns,
    wakeup.p99Ns,
    wakeup.maxNs,
    response.p50Ns,
    response.p95Ns,
    response.p99Ns,
    response.maxNs,
  ];
}

/** RFC 4180 quoting, only where needed. */
function cell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
