// The human view of `hvsched check`: one line per expectation with the value measured.
import type { Outcome } from '../metrics/expectations.js';
import { EXPECT_METRICS, type Expectation } from '../model/scenario.js';
import { formatNanos } from '../model/time.js';
import type { Painter } from './table.js';

export function describeTarget(expectation: Expectation): string {
  const { target } = expectation;
  switch (target.kind) {
    case 'host':
      return 'host';
    case 'partition':
      return target.partition;
    case 'vp':
      return `${target.partition} VP ${target.vp}`;
    case 'thread':
      return `${target.partition} thread ${target.thread}`;
    case 'cgroup':
      return `${target.partition} cgroup ${target.cgroup}`;
  }
}

function show(expectation: Expectation, value: number): string {
  const unit = EXPECT_METRICS[expectation.metric].unit;
  if (unit === 'ns') return formatNanos(Math.round(value));
  return Number(value.toFixed(4)).toString();
}

function bound(expectation: Expectation): string {
  const { min, max, approx, tolerance } = expectation;
  if (approx !== null) return `≈ ${show(expectation, approx)} ± ${show(expectation, tolerance ?? 0)}`;
  if (min !== null && max !== null) return `in [${show(expectation, min)}, ${show(expectation, max)}]`;
  return min !== null ? `≥ ${show(expectation, min)}` : `≤ ${show(expectation, max!)}`;
}

export function renderCheck(file: string, outcomes: readonly Outcome[], paint: Painter): string {
  const lines = [paint.bold(file)];
  if (outcomes.length === 0) lines.push(paint.dim('  no expectations to check'));
  for (const { expectation, measured, passed } of outcomes) {
    const mark = passed ? paint.green('✓') : paint.red('✗');
    const value = typeof measured === 'number' ? show(expectation, measured) : measured;
    lines.push(`  ${mark} ${expectation.mode} ${describeTarget(expectation)} ${expectation.metric} = ${value}, expected ${bound(expectation)}`);
  }
  const failed = outcomes.filter((o) => !o.passed).length;
  lines.push(`  ${outcomes.length - failed} passed, ${failed} failed`);
  return `${lines.join('\n')}\n`;
}
