import { describe, expect, test } from 'vitest';
import { runMode } from '../../src/hypervisor/simulate.js';
import type { RunResult, ScenarioResult } from '../../src/metrics/result.js';
import type { RunTrace } from '../../src/metrics/trace.js';
import type { Mode } from '../../src/model/scenario.js';
import { renderTimeline } from '../../src/report/timeline.js';
import { scenarioFrom } from '../support/load.js';

const plain = (text: string): string => text;
const paint = { bold: plain, dim: plain, red: plain, green: plain };

/** Two busy one-VP guests on one SMT core. */
const TWO_GUESTS = scenarioFrom(`
name: two-guests
duration: 100ms
host: { cores: 1, threadsPerCore: 2 }
hypervisor: { quantum: 10ms }
partitions:
  - { name: guest-a, kind: guest, vps: 1, workload: busy }
  - { name: guest-b, kind: guest, vps: 1, workload: busy }
`);
const WINDOW = { from: 0, to: 40_000_000 };

function traced(modes: readonly Mode[]): { result: ScenarioResult; traces: RunTrace[] } {
  const runs = modes.map((mode) => runMode(TWO_GUESTS, mode, { traceWindow: WINDOW }));
  return {
    result: { scenario: { name: TWO_GUESTS.name, seed: TWO_GUESTS.seed, durationNs: TWO_GUESTS.duration }, runs: runs.map((r) => r.run) },
    traces: runs.map((r) => r.trace!),
  };
}

function render(modes: readonly Mode[], width?: number): string {
  const { result, traces } = traced(modes);
  return renderTimeline(result, traces, { paint, ...(width === undefined ? {} : { width }) });
}

/** The cells of an LP's lane. */
function lane(text: string, lp: number): string {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`LP ${lp} `));
  return line!.slice(line!.indexOf('│') + 1);
}

/** Maximal runs of one character: "AAB" → ["AA", "B"]. */
const runsOf = (cells: string): string[] => cells.match(/(.)\1*/gu) ?? [];

describe('terminal timeline', () => {
  test('core: the two guests take turns on LP 0 every quantum while LP 1 stands forced idle', () => {
    const text = render(['core']);
    expect(text.split('\n')[0]).toBe('mode core  0ms … 40ms (0.5ms per column)');
    const turns = runsOf(lane(text, 0));
    // 10ms quanta over 40ms at 0.5ms per column.
    expect(turns.map((turn) => turn.length)).toEqual([20, 20, 20, 20]);
    expect(new Set(turns.map((turn) => turn[0]))).toEqual(new Set(['A', 'B']));
    for (let i = 1; i < turns.length; i++) expect(turns[i]![0]).not.toBe(turns[i - 1]![0]);
    expect(lane(text, 1)).toBe('x'.repeat(80));
  });

  test('classic: both LPs busy all the time, each with its own guest', () => {
    const text = render(['classic']);
    const lanes = [lane(text, 0), lane(text, 1)];
    for (const cells of lanes) expect(cells).toMatch(/^(A{80}|B{80})$/u);
    expect(lanes[0]![0]).not.toBe(lanes[1]![0]);
  });

  test('classic-nosmt: the unused sibling is a lane of dashes, and the legend says so', () => {
    const text = render(['classic-nosmt']);
    expect(lane(text, 1)).toBe('-'.repeat(80));
    expect(text).toContain('- LP unused in this mode');
  });

  test('the legend maps a letter to every partition, block by block', () => {
    const text = render(['core', 'classic']);
    const legends = text.split('\n').filter((line) => line.includes('guest-a'));
    expect(legends).toEqual(['A guest-a  B guest-b  · idle  x forced idle  lowercase: ran under half the column', expect.any(String)]);
    expect(legends[1]).toBe(legends[0]);
  });

  test('a tick every 10 columns, labelled in ms', () => {
    const lines = render(['core']).split('\n');
    expect(lines[3]).toBe(`          └${'┬─────────'.repeat(8)}┬`);
    expect(lines[4]).toBe('           0ms       5ms       10ms      15ms      20ms      25ms      30ms      35ms   40ms');
  });

  test.each([80, 37, 1])('every line fits 100 columns at width %i', (width) => {
    const text = render(['root', 'classic', 'classic-nosmt', 'core', 'integrated'], width);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(lane(text, 0)).toHaveLength(width);
  });

  test('the same input gives the same text', () => {
    expect(render(['core', 'classic'])).toBe(render(['core', 'classic']));
  });

  test('colours paint each run of a partition once, from the palette given', () => {
    const { result, traces } = traced(['classic']);
    const colors = [(text: string) => `<${text}>`, (text: string) => `[${text}]`];
    const text = renderTimeline(result, traces, { paint, colors });
    expect(text).toContain(`│<${'A'.repeat(80)}>`);
    expect(text).toContain(`│[${'B'.repeat(80)}]`);
  });
});

describe('a column shows what held its LP longest', () => {
  // A hand-made trace of one LP: 8 columns of 10ns, so each case fills known shares of a column.
  const { result } = traced(['classic']);
  const run: RunResult = result.runs[0]!;
  const vps = [
    { partition: 'guest-a', index: 0 },
    { partition: 'guest-b', index: 0 },
  ];
  const draw = (lpSlices: RunTrace['lpSlices'], forcedSlices: RunTrace['forcedSlices'] = []): string => {
    const trace: RunTrace = { mode: 'classic', window: { from: 0, to: 80 }, vps, lpSlices, forcedSlices, vpSlices: [], threads: [], threadSlices: [] };
    return lane(renderTimeline({ ...result, runs: [run] }, [trace], { paint, width: 8 }), 0);
  };
  const on = (vp: number, start: number, end: number) => ({ lp: 0, vp, start, end });
  const off = (start: number, end: number) => ({ lp: 0, start, end });

  test.each([
    ['nothing: idle', [], [], '········'],
    ['a whole column', [on(0, 0, 10)], [], 'A·······'],
    ['half a column is a capital', [on(1, 10, 15)], [], '·B······'],
    ['a short burst stays visible in lowercase', [on(0, 20, 21)], [], '··a·····'],
    ['the longer of two partitions wins', [on(0, 30, 33), on(1, 33, 40)], [], '···B····'],
    ['a slice across columns counts in each', [on(1, 5, 24)], [], 'BBb·····'],
    ['forced idle over most of a column', [], [off(40, 50)], '····x···'],
    ['forced idle under idle stays idle', [], [off(40, 43)], '········'],
    ['forced idle beats a shorter run', [on(0, 40, 42)], [off(42, 50)], '····x···'],
    ['a run beats shorter forced idle', [on(0, 40, 46)], [off(46, 50)], '····A···'],
  ])('%s', (_, lpSlices, forcedSlices, cells) => {
    expect(draw(lpSlices, forcedSlices)).toBe(cells);
  });
});
