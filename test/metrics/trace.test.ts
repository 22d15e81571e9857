import { describe, expect, test } from 'vitest';
import { runMode } from '../../src/hypervisor/simulate.js';
import type { RunTrace } from '../../src/metrics/trace.js';
import { MODES } from '../../src/model/scenario.js';
import { randomWorld } from '../support/random-world.js';

function byKey<T>(items: readonly T[], key: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function checkTrace(trace: RunTrace): void {
  const { from, to } = trace.window;
  // Every VP's slices tile the window: sorted, contiguous, from `from` to `to`.
  const vpGroups = byKey(trace.vpSlices, (s) => s.vp);
  expect(vpGroups.size).toBe(trace.vps.length);
  for (const slices of vpGroups.values()) {
    expect(slices[0]!.start).toBe(from);
    expect(slices.at(-1)!.end).toBe(to);
    for (let i = 1; i < slices.length; i++) expect(slices[i]!.start).toBe(slices[i - 1]!.end);
  }
  // An LP runs one VP at a time and is never forced idle while it runs one.
  const lpGroups = byKey([...trace.lpSlices, ...trace.forcedSlices.map((f) => ({ ...f, vp: -1 }))], (s) => s.lp);
  for (const slices of lpGroups.values()) {
    const sorted = [...slices].sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.start).toBeGreaterThanOrEqual(sorted[i - 1]!.end);
  }
  // Time on LPs equals time in the run state, VP by VP.
  const ran = new Map<number, number>();
  for (const s of trace.lpSlices) ran.set(s.vp, (ran.get(s.vp) ?? 0) + s.end - s.start);
  const running = new Map<number, number>();
  for (const s of trace.vpSlices) if (s.state === 'run') running.set(s.vp, (running.get(s.vp) ?? 0) + s.end - s.start);
  expect(ran).toEqual(running);
}

describe('trace recording', () => {
  test.each([1, 4, 9])('world %i: slices tile the window and agree with each other in every mode', (seed) => {
    const scenario = randomWorld(seed);
    const window = { from: Math.round(scenario.duration / 4), to: Math.round(scenario.duration / 2) };
    for (const mode of MODES) {
      const { trace, run } = runMode(scenario, mode, { traceWindow: window });
      expect(trace).not.toBeNull();
      checkTrace(trace!);
      // The books are the same with or without a recorder.
      expect(run).toEqual(runMode(scenario, mode).run);
    }
  });

  test('progress hears the horizon in a hundred steps with the events so far, and changes nothing', () => {
    const scenario = randomWorld(3);
    const reached: number[] = [];
    const processed: number[] = [];
    const { run } = runMode(scenario, 'core', {
      progress: (now, events) => {
        reached.push(now);
        processed.push(events);
      },
    });
    expect(reached).toHaveLength(100);
    expect(reached.at(-1)).toBe(scenario.duration);
    expect(processed.every((events, i) => i === 0 || events >= processed[i - 1]!)).toBe(true);
    expect(processed[0]).toBeLessThan(processed.at(-1)!);
    expect(processed.at(-1)).toBe(run.host.events);
    expect(run).toEqual(runMode(scenario, 'core').run);
  });
});
