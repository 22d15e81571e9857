// `hvsched check`: each stated answer of a scenario (its `expect` list) against what its run
// measured.
import type { Expectation } from '../model/scenario.js';
import { measure } from './measures.js';
import type { ScenarioResult } from './result.js';

export interface Outcome {
  readonly expectation: Expectation;
  /** The measured value, or why there is none (which fails the expectation). */
  readonly measured: number | string;
  readonly passed: boolean;
}

export function evaluate(expectations: readonly Expectation[], result: ScenarioResult): Outcome[] {
  return expectations.map((expectation) => {
    const run = result.runs.find((r) => r.mode === expectation.mode);
    const measured = run === undefined ? `mode ${expectation.mode} did not run` : measure(run, expectation.target, expectation.metric, result.scenario.durationNs);
    return { expectation, measured, passed: typeof measured === 'number' && holds(expectation, measured) };
  });
}

function holds(expectation: Expectation, value: number): boolean {
  const { min, max, approx, tolerance } = expectation;
  if (min !== null && value < min) return false;
  if (max !== null && value > max) return false;
  if (approx !== null && Math.abs(value - approx) > (tolerance ?? 0)) return false;
  return true;
}

