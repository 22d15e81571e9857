// Refusals of runs that cannot finish sensibly: a duration outside what the engine's integer
// accounting supports, or so many events that a run would take hours. The event count is an
// estimate from mean inter-arrival times, good to within a small factor, which is all a guard needs.
import type { Workload } from '../model/scenario.js';
import type { Nanos } from '../model/time.js';
import { distributionMean } from './distribution.js';
import { formatDuration } from './duration.js';
import { formatPath, type DraftIssue, type PathSegment } from './issue.js';
import { LIMITS } from './limits.js';

/** One workload as written in the file, run by `copies` VPs or thread replicas. */
export interface WorkloadSource {
  readonly path: readonly PathSegment[];
  readonly workload: Workload;
  readonly copies: number;
}

export interface RunShape {
  readonly duration: Nanos;
  /** Where the duration came from: the file or `--duration`. */
  readonly durationPath: DraftIssue['path'];
  readonly lps: number;
  readonly quantum: Nanos;
  /** The hypervisor's reserve/limit window: each one ends on every LP. */
  readonly window: Nanos;
  /** A fixed OS slice, or null for "auto" (never below 0.7 ms). */
  readonly osSlice: Nanos | null;
  readonly workloads: readonly WorkloadSource[];
}

export function checkBudget(run: RunShape): DraftIssue[] {
  const { min, max } = LIMITS.runDuration;
  if (run.duration < min || run.duration > max) {
    return [
      {
        path: run.durationPath,
        message:
          `expected a run duration ${formatDuration(min)}–${formatDuration(max)}, ` +
          `got ${formatDuration(run.duration)}: the engine keeps time and work in integer nanoseconds and needs that bound`,
      },
    ];
  }
  // Each dispatch is one event per LP per quantum at most, each window end one per LP, each OS
  // slice one per CPU (an OS has at most an LP's worth of CPUs each); each burst an arrival and a completion.
  const periods: { path: readonly PathSegment[]; events: number }[] = [
    { path: ['hypervisor', 'quantum'], events: (run.lps * run.duration) / run.quantum },
    { path: ['hypervisor', 'window'], events: (run.lps * run.duration) / run.window },
    ...(run.osSlice === null ? [] : [{ path: ['os', 'slice'], events: (run.lps * run.duration) / run.osSlice }]),
  ];
  let dominant = periods.reduce((most, period) => (period.events > most.events ? period : most));
  let total = periods.reduce((sum, period) => sum + period.events, 0);
  for (const source of run.workloads) {
    const events = source.copies * eventsPerCopy(source.workload, run.duration);
    total += events;
    if (events > dominant.events) dominant = { path: source.path, events };
  }
  if (total <= LIMITS.maxEvents) return [];
  return [
    {
      path: dominant.path,
      message:
        `refused: about ${estimate(total)} events estimated over ${formatDuration(run.duration)}, ` +
        `above the limit of ${estimate(LIMITS.maxEvents)}; ${formatPath(dominant.path)} accounts for ` +
        `${estimate(dominant.events)} of them: ${periods.includes(dominant) ? 'lengthen it' : 'lengthen its intervals'} or shorten the duration`,
    },
  ];
}

function eventsPerCopy(workload: Workload, duration: Nanos): number {
  switch (workload.kind) {
    case 'busy':
    case 'idle':
      return 0;
    case 'periodic':
      return (2 * duration) / distributionMean(workload.period);
    case 'onoff':
      return (2 * duration) / (distributionMean(workload.on) + distributionMean(workload.off));
    case 'poisson':
      return (2 * duration) / distributionMean(workload.interval);
    case 'trace':
      return 2 * workload.bursts.length;
  }
}

function estimate(events: number): string {
  return events.toExponential(1).replace('e+', 'e');
}
