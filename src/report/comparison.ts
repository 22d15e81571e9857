// The numbers every side-by-side view shows (the terminal comparison, the HTML report), computed
// once from a result so the views never disagree: per partition and mode the CPUs used, true and
// reported steal, who took it and why, how its OS's threads fared, and wake-up and response
// latency; per mode the host's forced idle and mixed time; whether each cgroup limit held and
// how much ran outside each cpuset; what each OS sees beside the truth; and headline sentences.
import {
  causeShares,
  hostShares,
  measure,
  ownThreads,
  sum,
  partitionP99,
  reportedStealShare,
  thiefShares,
  threadStolenShare,
  threadWaitShare,
  type CauseShare,
  type ThiefShare,
} from '../metrics/measures.js';
import type { CgroupResult, PartitionResult, ScenarioResult } from '../metrics/result.js';
import type { ExpectTarget, Mode } from '../model/scenario.js';
import { formatNanos } from '../model/time.js';
import { CAUSE_INFO } from './causes.js';
import { percent } from './text.js';

export interface PartitionCell {
  readonly cpus: number;
  /** stealNs / (runNs + stealNs). */
  readonly stealShare: number;
  /** What its own OS would report, as a share of its VPs' run + steal. */
  readonly reportedStealShare: number;
  /** Its OS's own threads: time waiting for a CPU over time runnable; null without threads. */
  readonly threadWaitShare: number | null;
  /** Its OS's own threads: stolen time over the run time the OS believes; null without threads. */
  readonly threadStolenShare: number | null;
  /** Worst wake-up p99 over its VPs' and threads' bursts; null without bursts. */
  readonly wakeP99Ns: number | null;
  /** Worst response-time p99 (arrival to completion) over the same bursts; null without bursts. */
  readonly responseP99Ns: number | null;
  readonly thieves: readonly ThiefShare[];
  readonly causes: readonly CauseShare[];
}

export interface PartitionBlock {
  readonly name: string;
  readonly kind: PartitionResult['kind'];
  readonly parent: string | null;
  /** One cell per compared mode, in `Comparison.modes` order. */
  readonly cells: readonly PartitionCell[];
}

export interface HostCell {
  readonly utilisation: number;
  /** Forced-idle LP time over usable LP time. */
  readonly forcedIdleShare: number;
  /** Mixed LP time over usable LP time. */
  readonly mixedShare: number;
}

export interface CgroupVerdict {
  readonly owner: string;
  readonly cgroup: string;
  readonly maxCpus: number;
  /** CPUs used per mode, in `Comparison.modes` order. */
  readonly cpus: readonly number[];
  readonly held: readonly boolean[];
}

export interface CpusetRow {
  /** `child` for a partition, `owner/cgroup` for a cgroup. */
  readonly label: string;
  /** outsideCpusetShare per mode, in `Comparison.modes` order. */
  readonly outside: readonly number[];
}

export interface Comparison {
  readonly modes: readonly Mode[];
  readonly partitions: readonly PartitionBlock[];
  readonly host: readonly HostCell[];
  readonly cgroups: readonly CgroupVerdict[];
  /** Partitions and cgroups with a cpuset: how much of their run time was outside it, per mode. */
  readonly cpusets: readonly CpusetRow[];
  /** The story in words with numbers, one sentence each. */
  readonly headlines: readonly string[];
  /** For every partition with an OS: what its own tools show beside what really happened. */
  readonly inside: readonly InsideView[];
}

/** One measure as an OS's own tools show it (null: it cannot see it) and as it really was, per mode. */
export interface InsideRow {
  readonly label: string;
  readonly unit: 'share' | 'cpus';
  readonly seen: readonly (number | null)[];
  readonly really: readonly number[];
}

export interface InsideView {
  readonly partition: string;
  readonly rows: readonly InsideRow[];
}

/** The steal/wanted the views paint red, and so the words explain. */
const RED_STEAL = 0.05;
/** A latency change worth a sentence: at least this many times, and this much, larger. */
const LATENCY_CHANGE_FACTOR = 3;
const LATENCY_CHANGE_MIN_NS = 10_000_000;

/** A cgroup holds its limit if it used at most its max, give or take a thousandth of a CPU. */
const HELD_SLACK_CPUS = 0.001;

/** What the mshv driver's gate decided, in words: the run labelled integrated ran what it says. */
const GATE_OUTCOMES = {
  integrated: 'the L1VH schedules its children (integrated scheduler)',
  core: 'the L1VH stays under the core scheduler',
  'driver-failed': 'the mshv driver fails to load, so no child runs',
} as const;

export function compare(result: ScenarioResult): Comparison {
  const modes = result.runs.map((run) => run.mode);
  const durationNs = result.scenario.durationNs;
  const names = result.runs[0]?.partitions.map((p) => p.name) ?? [];
  const partitions = names.map((name): PartitionBlock => {
    const first = result.runs[0]!.partitions.find((p) => p.name === name)!;
    return {
      name,
      kind: first.kind,
      parent: first.parent,
      cells: result.runs.map((run) => cellOf(run.partitions.find((p) => p.name === name)!, durationNs)),
    };
  });
  const host = result.runs.map((run) => hostShares(run, durationNs));
  const cgroups = verdicts(result);
  const gate = result.runs.find((run) => run.gate !== null)?.gate ?? null;
  const lines = headlines(modes, partitions, host, cgroups);
  // Which scheduler the L1VHs got decides what the integrated column means: say it first.
  if (gate !== null) lines.unshift(`the gate, under integrated: ${GATE_OUTCOMES[gate.outcome]}. ${gate.reason}`);
  return { modes, partitions, host, cgroups, headlines: lines, inside: insideViews(result, names), cpusets: cpusetRows(result) };
}

function cellOf(partition: PartitionResult, durationNs: number): PartitionCell {
  return {
    cpus: partition.runNs / durationNs,
    stealShare: partition.stealShare,
    reportedStealShare: reportedStealShare(partition),
    threadWaitShare: threadWaitShare(partition),
    threadStolenShare: threadStolenShare(partition),
    wakeP99Ns: partitionP99(partition, 'wakeup'),
    responseP99Ns: partitionP99(partition, 'response'),
    thieves: thiefShares(partition),
    causes: causeShares(partition),
  };
}

/**
 * What `top` and the OS's accounting would show inside each partition with an OS, beside the
 * truth: steal (its OS reports what Hyper-V tells it, 0), its threads' CPU time (stolen time
 * counted as run time) and its children's CPUs (visible only through VMM threads it schedules).
 */
export function insideViews(result: ScenarioResult, names: readonly string[]): InsideView[] {
  const durationNs = result.scenario.durationNs;
  const partitionIn = (run: ScenarioResult['runs'][number], name: string): PartitionResult => run.partitions.find((p) => p.name === name)!;
  return names.flatMap((name): InsideView[] => {
    const runs = result.runs.map((run) => partitionIn(run, name));
    if (runs.every((p) => ownThreads(p).length === 0)) return [];
    const children = result.runs[0]!.partitions.filter((p) => p.parent === name).map((p) => p.name);
    const rows: InsideRow[] = [
      { label: 'steal/wanted', unit: 'share', seen: runs.map(reportedStealShare), really: runs.map((p) => p.stealShare) },
      {
        label: "its threads' CPUs",
        unit: 'cpus',
        seen: runs.map((p) => sum(ownThreads(p), (t) => t.runNs) / durationNs),
        really: runs.map((p) => sum(ownThreads(p), (t) => t.runNs - t.stolenNs) / durationNs),
      },
    ];
    if (children.length > 0) {
      rows.push({
        label: "its children's CPUs",
        unit: 'cpus',
        seen: runs.map((p) => {
          const vmm = (p.threads ?? []).filter((t) => t.name.startsWith('vmm:'));
          return vmm.length === 0 ? null : sum(vmm, (t) => t.runNs) / durationNs;
        }),
        really: result.runs.map((run) => sum(children, (child) => partitionIn(run, child).runNs) / durationNs),
      });
    }
    return [{ partition: name, rows }];
  });
}

function cpusetRows(result: ScenarioResult): CpusetRow[] {
  const first = result.runs[0];
  if (first === undefined) return [];
  const target = (name: string, cgroup?: string): ExpectTarget =>
    cgroup === undefined ? { kind: 'partition', partition: name } : { kind: 'cgroup', partition: name, cgroup };
  const rows = first.partitions.flatMap((partition) => [
    ...(partition.outsideCpusetNs === null ? [] : [{ label: partition.name, target: target(partition.name) }]),
    ...(partition.cgroups ?? []).filter((c) => c.cpuset !== null).map((c) => ({ label: `${partition.name}/${c.name}`, target: target(partition.name, c.name) })),
  ]);
  return rows.map(({ label, target: where }) => ({
    label,
    outside: result.runs.map((run) => {
      const value = measure(run, where, 'outsideCpusetShare', result.scenario.durationNs);
      return typeof value === 'number' ? value : 0;
    }),
  }));
}

function verdicts(result: ScenarioResult): CgroupVerdict[] {
  const first = result.runs[0];
  if (first === undefined) return [];
  return first.partitions.flatMap((partition) =>
    (partition.cgroups ?? [])
      .filter((cgroup): cgroup is CgroupResult & { maxCpus: number } => cgroup.maxCpus !== null)
      .map((cgroup) => {
        const cpus = result.runs.map((run) => run.partitions.find((p) => p.name === partition.name)!.cgroups!.find((c) => c.name === cgroup.name)!.cpus);
        return {
          owner: partition.name,
          cgroup: cgroup.name,
          maxCpus: cgroup.maxCpus,
          cpus,
          held: cpus.map((used) => used <= cgroup.maxCpus + HELD_SLACK_CPUS),
        };
      }),
  );
}

function headlines(
  modes: readonly Mode[],
  partitions: readonly PartitionBlock[],
  host: readonly HostCell[],
  cgroups: readonly CgroupVerdict[],
): string[] {
  const lines: string[] = [];
  // The contrast the tool exists for: core against integrated when both ran, else every mode.
  const core = modes.indexOf('core');
  const integrated = modes.indexOf('integrated');
  const pair = core >= 0 && integrated >= 0 ? [core, integrated] : null;
  const series = (values: readonly number[], format: (value: number) => string): string =>
    pair === null
      ? modes.map((mode, i) => `${mode} ${format(values[i]!)}`).join(', ')
      : `${modes[pair[0]!]} ${format(values[pair[0]!]!)} → ${modes[pair[1]!]} ${format(values[pair[1]!]!)}`;
  for (const block of partitions) {
    if (block.kind !== 'l1vh') continue;
    lines.push(`${block.name} steal: ${series(block.cells.map((c) => c.stealShare), percent)}`);
    const children = partitions.filter((p) => p.parent === block.name).map((p) => p.name);
    const shown = pair ?? modes.map((_, i) => i);
    const toChildren = shown.map((i) => {
      const mode = modes[i]!;
      const cell = block.cells[i]!;
      if (cell.stealShare === 0) return `under ${mode} it lost nothing`;
      const taken = cell.thieves.filter((t) => t.thief !== null && children.includes(t.thief));
      const share = taken.reduce((total, t) => total + t.share, 0);
      const detail = taken.length === 0 ? '' : ` (${taken.map((t) => `${t.thief} ${percent(t.share)}`).join(', ')})`;
      return `under ${mode} ${percent(share)} of it went to its own children${detail}`;
    });
    if (children.length > 0) lines.push(`${block.name}'s steal, who took it: ${toChildren.join('; ')}`);
    const stolen = block.cells.map((c) => c.threadStolenShare);
    if (stolen.every((s) => s !== null) && stolen.some((s) => s! > 0)) {
      lines.push(`${block.name} threads' run time that was stolen (their OS cannot tell): ${series(stolen as number[], percent)}`);
    }
    for (const child of partitions.filter((p) => p.parent === block.name)) {
      lines.push(`${child.name} (child of ${block.name}) CPUs: ${series(child.cells.map((c) => c.cpus), (v) => v.toFixed(2))}`);
    }
  }
  // Without an L1VH the story is the guests' steal and how the host's cores were shared.
  if (!partitions.some((block) => block.kind === 'l1vh')) {
    for (const block of partitions) {
      if (block.cells.some((c) => c.stealShare > 0)) lines.push(`${block.name} steal: ${series(block.cells.map((c) => c.stealShare), percent)}`);
    }
  }
  // Every red cell gets its reason, from the attribution: the partitions outside the L1VH story
  // whose steal is large somewhere, and any latency that grew a lot from one compared mode to the other.
  for (const block of partitions) {
    if (block.kind === 'l1vh' || block.parent !== null) continue;
    const worst = block.cells.reduce((best, cell, i) => (cell.stealShare > block.cells[best]!.stealShare ? i : best), 0);
    const cell = block.cells[worst]!;
    if (cell.stealShare < RED_STEAL) continue;
    const thief = cell.thieves[0]!;
    const cause = cell.causes[0]!;
    lines.push(
      `${block.name} steal/wanted ${percent(cell.stealShare)} under ${modes[worst]}: ${percent(thief.share)} of it taken by ` +
        `${thief.thief ?? 'nobody (its LPs idled)'}, ${percent(cause.share)} of it ${CAUSE_INFO[cause.cause].words}`,
    );
  }
  if (pair !== null) {
    const [from, to] = pair as [number, number];
    for (const block of partitions) {
      for (const [label, value] of [['wake-up p99', (c: PartitionCell) => c.wakeP99Ns], ['response p99', (c: PartitionCell) => c.responseP99Ns]] as const) {
        const before = value(block.cells[from]!);
        const after = value(block.cells[to]!);
        if (before === null || after === null) continue;
        const [low, high] = before < after ? [before, after] : [after, before];
        if (high < LATENCY_CHANGE_FACTOR * low || high - low < LATENCY_CHANGE_MIN_NS) continue;
        lines.push(`${block.name} ${label} ${formatNanos(before)} under ${modes[from]} → ${formatNanos(after)} under ${modes[to]} (${before < after ? 'worse' : 'better'})`);
      }
    }
  }
  if (host.some((h) => h.mixedShare > 0)) lines.push(`LP time shared by two VMs on one core (mixed): ${series(host.map((h) => h.mixedShare), percent)}`);
  if (host.some((h) => h.forcedIdleShare > 0)) lines.push(`LP time forced idle by the core scheduler: ${series(host.map((h) => h.forcedIdleShare), percent)}`);
  for (const verdict of cgroups) {
    const held = modes.filter((_, i) => verdict.held[i]);
    const broken = modes.filter((_, i) => !verdict.held[i]);
    const detail = modes.map((mode, i) => `${mode} ${verdict.cpus[i]!.toFixed(2)}`).join(', ');
    const summary = broken.length === 0 ? 'held in every mode' : held.length === 0 ? 'held in no mode' : `held only in ${held.join(', ')}`;
    lines.push(`cgroup ${verdict.owner}/${verdict.cgroup} max ${verdict.maxCpus.toFixed(2)} CPUs ${summary} (${detail})`);
  }
  return lines;
}
