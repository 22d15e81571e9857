// A hand-made sweep for the plot's tests: two metrics (a share and a latency), two modes, five
// cells on an integer parameter, and one estimate that no seed measured.
import type { Mode } from '../../src/model/scenario.js';
import { SWEEP_FORMAT, type ParameterValue, type SweepCell, type SweepEstimate, type SweepParameter, type SweepResult } from '../../src/sweep/result.js';

export const MODES: readonly Mode[] = ['core', 'integrated'];
export const CHILD_VPS = [1, 2, 3, 4, 5] as const;
/** The cell and mode whose latency no seed measured. */
export const MISSING = { cell: 2, mode: 'integrated', metric: 'l1vh.wakeP99' } as const;

function estimate(mode: Mode, metric: string, mean: number | null, spread: number): SweepEstimate {
  return { mode, metric, mean, ciLow: mean === null ? null : mean - spread, ciHigh: mean === null ? null : mean + spread, seeds: mean === null ? 0 : 5 };
}

/** Cells over the parameters' cartesian product (the last varies fastest), each estimate made by `value`. */
export function sweep(
  parameters: readonly SweepParameter[],
  value: (mode: Mode, metric: string, values: readonly ParameterValue[], cell: number) => number | null,
): SweepResult {
  const combos = parameters.reduce<ParameterValue[][]>((acc, parameter) => acc.flatMap((combo) => parameter.values.map((v) => [...combo, v])), [[]]);
  const metrics = [
    { name: 'l1vh.stealShare', unit: 'share' },
    { name: 'l1vh.wakeP99', unit: 'ns' },
  ] as const;
  const cells: SweepCell[] = combos.map((values, cell) => ({
    cell,
    values,
    estimates: MODES.flatMap((mode) =>
      metrics.map((metric) => {
        const mean = value(mode, metric.name, values, cell);
        return estimate(mode, metric.name, mean, mean === null ? 0 : mean * 0.1);
      }),
    ),
  }));
  return { format: SWEEP_FORMAT, scenario: { name: 'l1vh-minimal', seed: 1, durationNs: 1e9 }, parameters, modes: MODES, metrics, seeds: 5, cells };
}

/** The tests' main sweep: steal grows with the children's VPs under core and stays 0 under integrated. */
export function childVpsSweep(): SweepResult {
  return sweep([{ path: 'partitions.l1vh.children.child-a.vps', values: CHILD_VPS }], (mode, metric, values, cell) => {
    const vps = values[0] as number;
    if (metric === 'l1vh.stealShare') return mode === 'core' ? 0.1 * vps : 0;
    if (cell === MISSING.cell && mode === MISSING.mode) return null;
    return (mode === 'core' ? 2 : 0.5) * vps * 1e6;
  });
}
