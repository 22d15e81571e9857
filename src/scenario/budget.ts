// Refusals of runs that cannot finish sensibly: a duration outside what the engine's integer
// accounting supports, or so many events that a run would take hours. The event count is an
// estimate from mean inter-arrival times, good to within a small factor, which is all a guard needs.
import type { Scenario, Workload } from '../model/scenario.js';
import { ns, type Nanos } from '../model/time.js';
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
  const { total, dominant, periods } = estimateEvents(run);
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

interface Share {
  readonly path: readonly PathSegment[];
  readonly events: number;
}

function estimateEvents(run: RunShape): { total: number; dominant: Share; periods: readonly Share[] } {
  // Each dispatch is one event per LP per quantum at most, each window end one per LP, each OS
  // slice one per CPU (an OS has at most an LP's worth of CPUs each); each burst an arrival and a completion.
  const periods: Share[] = [
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
  return { total, dominant, periods };
}

/** A file that records what happened in a time window: what one event costs in it. */
export interface RecordingFile {
  /** The flag that asks for it and the one that sets its window: --trace, --trace-window. */
  readonly flag: string;
  readonly windowFlag: string;
  readonly bytesPerEvent: number;
}

/**
 * Refuses, before the run, a trace or report that would exceed LIMITS.maxRecordingBytes: it is
 * built in memory as one string (V8 caps a string near 512 MiB), and a file that size opens in
 * no viewer. The estimate is the run's event estimate, pro rata over the window, for every mode.
 */
export function checkRecordingSize(scenario: Scenario, file: RecordingFile, window: { readonly from: number; readonly to: number }): string | null {
  const { total } = estimateEvents(runShapeOf(scenario));
  const span = window.to - window.from;
  const events = (total * scenario.modes.length * span) / scenario.duration;
  const bytes = events * file.bytesPerEvent;
  const limit = LIMITS.maxRecordingBytes;
  if (bytes <= limit) return null;
  const fits = Math.max(1, Math.floor((span * limit) / bytes));
  return (
    `${file.flag}: refused: about ${estimate(events)} events in ${formatDuration(ns(window.from))}..${formatDuration(ns(window.to))} ` +
    `under ${scenario.modes.length === 1 ? '1 mode' : `${scenario.modes.length} modes`}, about ${mebibytes(bytes)}, above the limit of ${mebibytes(limit)}: ` +
    `shorten ${file.windowFlag} (about ${formatDuration(roundDown(fits))} fits, e.g. ${file.windowFlag} ${formatDuration(ns(window.from))}..${formatDuration(ns(window.from + roundDown(fits)))})${scenario.modes.length > 1 ? ' or run fewer modes (--mode)' : ''}`
  );
}

/** The run shape of a resolved scenario, for estimates made after it loaded. */
function runShapeOf(scenario: Scenario): RunShape {
  const workloads: WorkloadSource[] = [];
  const add = (workload: Workload): void => void workloads.push({ path: [], workload, copies: 1 });
  for (const partition of scenario.partitions) {
    if (partition.kind === 'guest') partition.workloads.forEach(add);
    else partition.threads.forEach((thread) => add(thread.workload));
    if (partition.kind === 'l1vh') for (const child of partition.children) child.workloads.forEach(add);
  }
  return {
    duration: scenario.duration,
    durationPath: ['duration'],
    lps: scenario.host.cores * scenario.host.threadsPerCore,
    quantum: scenario.hypervisor.quantum,
    window: scenario.hypervisor.window,
    osSlice: scenario.os.slice === 'auto' ? null : scenario.os.slice,
    workloads,
  };
}

/** A window length a person would type: 1, 2 or 5 times a power of ten nanoseconds. */
function roundDown(span: number): Nanos {
  const power = 10 ** Math.floor(Math.log10(span));
  const step = [5, 2, 1].find((factor) => factor * power <= span) ?? 1;
  return ns(step * power);
}

function mebibytes(bytes: number): string {
  const value = bytes / 2 ** 20;
  return value >= 1024 ? `${(value / 1024).toFixed(1)} GiB` : `${Math.round(value)} MiB`;
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
