// The bundled sweeps tell the stories their descriptions tell: each runs (short, one seed) and
// its curve has the shape the file promises.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { planSweep } from '../../src/sweep/plan.js';
import type { SweepResult } from '../../src/sweep/result.js';
import { runSweep } from '../../src/sweep/run.js';

async function swept(file: string): Promise<SweepResult> {
  const path = `scenarios/${file}`;
  const planned = planSweep(readFileSync(path, 'utf8'), path, { vary: [], metrics: [], seeds: '1', overrides: { duration: '300ms' } });
  if (!planned.ok) throw new Error(planned.errors.join('\n'));
  return runSweep(planned.plan, {});
}

/** A metric's means over the cells, in order. */
function curve(result: SweepResult, mode: string, metric: string): number[] {
  return result.cells.map((cell) => cell.estimates.find((e) => e.mode === mode && e.metric === metric)!.mean!);
}

describe('bundled sweeps', () => {
  test('sweep-l1vh-children: under core the L1VH\'s steal climbs with its child\'s VPs; under integrated it stays 0', async () => {
    const result = await swept('sweep-l1vh-children.yaml');
    const core = curve(result, 'core', 'l1vh.stealShare');
    expect(core).toHaveLength(8);
    for (let i = 1; i < core.length; i++) expect(core[i]!).toBeGreaterThan(core[i - 1]!);
    expect(core[3]).toBeCloseTo(0.5, 2);
    for (const steal of curve(result, 'integrated', 'l1vh.stealShare')) expect(steal).toBeLessThan(0.01);
    for (const cpus of curve(result, 'integrated', 'l1vh/vms.cpus')) expect(cpus).toBeCloseTo(1, 1);
  });

  test('sweep-quantum-latency: the wake-up p99 follows the quantum under classic and core, not in root mode', async () => {
    const result = await swept('sweep-quantum-latency.yaml');
    const quanta = result.parameters[0]!.values.map((value) => Number(String(value).replace('ms', '')) * 1e6);
    for (const mode of ['classic', 'core']) {
      curve(result, mode, 'api.wakeupP99Ns').forEach((p99, i) => {
        expect(p99).toBeLessThanOrEqual(quanta[i]!);
        expect(p99).toBeGreaterThan(0.7 * quanta[i]!);
      });
    }
    const root = curve(result, 'root', 'api.wakeupP99Ns');
    expect(Math.max(...root)).toBeLessThan(3e6);
  });

  test('sweep-smt-load: classic never forces an LP idle; core never mixes, idles half the LPs, and less once the guest is paired', async () => {
    const result = await swept('sweep-smt-load.yaml');
    for (const value of curve(result, 'classic', 'forcedIdleShare')) expect(value).toBe(0);
    for (const value of curve(result, 'core', 'mixedShare')) expect(value).toBe(0);
    const forced = curve(result, 'core', 'forcedIdleShare');
    for (const value of forced.slice(0, 4)) expect(value).toBeCloseTo(0.5, 2);
    for (const value of forced.slice(4)) expect(value).toBeLessThan(0.45);
    expect(curve(result, 'classic', 'utilisation').at(-1)).toBeCloseTo(1, 2);
  });
});
