import { describe, expect, test } from 'vitest';
import { runMode } from '../../src/hypervisor/simulate.js';
import type { RunTrace } from '../../src/metrics/trace.js';
import { MODES } from '../../src/model/scenario.js';
import { randomWorld } from '../support/random-world.js';

const TOP = 4;

/** Every wait of every VP of `partition`, read from a trace of the whole run. */
function tracedWaits(trace: RunTrace, partition: string): { vp: number; id: number; start: number; duration: number }[] {
  return trace.vpSlices
    .filter((slice) => slice.state === 'steal' && trace.vps[slice.vp]!.partition === partition)
    .map((slice) => ({ vp: trace.vps[slice.vp]!.index, id: slice.vp, start: slice.start, duration: slice.end - slice.start }));
}

describe('longest waits', () => {
  test.each([1, 4, 9, 12])('world %i: each partition keeps the longest waits a trace of the whole run shows, with their LP and who held it', (seed) => {
    const scenario = randomWorld(seed);
    for (const mode of MODES) {
      const { run, trace, longestWaits } = runMode(scenario, mode, { traceWindow: { from: 0, to: scenario.duration }, longestWaits: TOP });
      expect(longestWaits).not.toBeNull();
      // Listening changes nothing in the books.
      expect(run).toEqual(runMode(scenario, mode).run);
      for (const partition of run.partitions) {
        const waits = longestWaits!.get(partition.name)!;
        const traced = tracedWaits(trace!, partition.name).sort((a, b) => b.duration - a.duration || a.start - b.start || a.id - b.id);
        expect(waits.map((w) => [w.vp, w.startNs, w.durationNs])).toEqual(traced.slice(0, TOP).map((w) => [w.vp, w.start, w.duration]));
        for (const wait of waits) {
          expect(wait.durationNs).toBeLessThanOrEqual(partition.vps[wait.vp]!.stealNs);
          expect(wait.startNs + wait.durationNs).toBeLessThanOrEqual(scenario.duration);
          const id = traced.find((w) => w.vp === wait.vp && w.start === wait.startNs)!.id;
          // Its LP is where it last ran before the wait, if it had run.
          const before = trace!.lpSlices.filter((s) => s.vp === id && s.end <= wait.startNs).sort((a, b) => b.end - a.end)[0];
          if (before !== undefined) expect(wait.lp).toBe(before.lp);
          // Its thief is the partition running there as the wait began, or no one ran there.
          const there = trace!.lpSlices.find((s) => s.lp === wait.lp && s.start <= wait.startNs && wait.startNs < s.end);
          if (there !== undefined) expect(wait.thief).toBe(trace!.vps[there.vp]!.partition);
          else expect(['capped', 'gang', 'idle']).toContain(wait.cause);
        }
      }
    }
  });

  test('off by default: a run without the option keeps none', () => {
    expect(runMode(randomWorld(1), 'core').longestWaits).toBeNull();
  });
});
