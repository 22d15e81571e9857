// `hvsched explain`: one partition's numbers in words, the answer to "why is that number 52 %?".
// Everything here is read from the attribution and the measures every other view uses: what it
// wanted and got, where its VPs' time went, who took its steal and why, its longest single
// waits, what its own OS believed, and the same figure in the mode it is contrasted with.
import {
  causeShares,
  ownThreads,
  reportedStealShare,
  sum,
  thiefShares,
  threadThiefShares,
  vpTimeShares,
  type CauseShare,
  type ThiefShare,
  type VpTimeShares,
} from '../metrics/measures.js';
import type { LongestWait } from '../metrics/longest-waits.js';
import type { PartitionResult, RunResult, ScenarioResult } from '../metrics/result.js';
import type { Mode } from '../model/scenario.js';
import { formatNanos } from '../model/time.js';
import { CAUSE_INFO } from './causes.js';
import { insideViews, type InsideRow } from './comparison.js';
import type { Painter } from './table.js';
import { percent, wrap } from './text.js';
import { printable } from '../scenario/message.js';

export interface ExplainInput {
  /** runs[0] is the mode explained; runs[1], if there is one, the mode it is contrasted with. */
  readonly result: ScenarioResult;
  readonly partition: string;
  /** Its longest waits in the explained mode, longest first. */
  readonly waits: readonly LongestWait[];
}

/** What a thief is to the partition it stole from. */
export type Relation = 'itself' | 'its child' | 'its parent' | 'its sibling' | 'another partition' | 'nobody';

export interface Thief extends ThiefShare {
  readonly ns: number;
  readonly relation: Relation;
}

export interface ExplainedWait extends LongestWait {
  readonly relation: Relation;
}

/** One measure as its OS's own tools show it (null: they cannot see it) and as it really was. */
export interface Belief {
  readonly label: InsideRow['label'];
  readonly unit: InsideRow['unit'];
  readonly seen: number | null;
  readonly really: number;
}

export interface Explanation {
  readonly scenario: ScenarioResult['scenario'];
  readonly mode: Mode;
  readonly partition: string;
  readonly kind: PartitionResult['kind'];
  readonly parent: string | null;
  readonly vps: number;
  /** Run + steal: the CPU time its VPs wanted. */
  readonly wantedNs: number;
  readonly runNs: number;
  readonly stealNs: number;
  readonly idleNs: number;
  /** steal / wanted. */
  readonly stealShare: number;
  /** Run, steal and idle as shares of its VPs' whole time. */
  readonly vpTime: VpTimeShares;
  readonly thieves: readonly Thief[];
  /** The part of its steal its own children took; null without children. */
  readonly toChildren: number | null;
  readonly causes: readonly CauseShare[];
  readonly longestWaits: readonly ExplainedWait[];
  /** The steal/wanted its own OS shows. */
  readonly reportedStealShare: number;
  /** Its OS's threads' CPUs and its children's, as its own tools show them; empty without an OS. */
  readonly beliefs: readonly Belief[];
  /** Who held the LPs while its own threads' vCPUs waited: their stolen time by thief. */
  readonly threadThieves: readonly ThiefShare[];
  readonly contrast: { readonly mode: Mode; readonly stealShare: number } | null;
}

export function explain(input: ExplainInput): Explanation {
  const { result, partition: name } = input;
  const [run, contrast] = result.runs as [RunResult, RunResult | undefined];
  const durationNs = result.scenario.durationNs;
  const partition = partitionIn(run, name);
  const relation = relationTo(partition, run);
  const children = run.partitions.filter((p) => p.parent === name);
  const thieves = thiefShares(partition).map(
    (t): Thief => ({ ...t, ns: sum(partition.stolenBy.filter((theft) => theft.partition === t.thief), (theft) => theft.ns), relation: relation(t.thief) }),
  );
  const inside = insideViews({ ...result, runs: [run] }, [name])[0];
  return {
    scenario: result.scenario,
    mode: run.mode,
    partition: name,
    kind: partition.kind,
    parent: partition.parent,
    vps: partition.vps.length,
    wantedNs: partition.runNs + partition.stealNs,
    runNs: partition.runNs,
    stealNs: partition.stealNs,
    idleNs: partition.idleNs,
    stealShare: partition.stealShare,
    vpTime: vpTimeShares(partition, durationNs),
    thieves,
    toChildren: children.length === 0 ? null : sum(thieves.filter((t) => t.relation === 'its child'), (t) => t.share),
    causes: causeShares(partition),
    longestWaits: input.waits.map((wait) => ({ ...wait, relation: relation(wait.thief) })),
    reportedStealShare: reportedStealShare(partition),
    // Its steal/wanted as its OS shows it is said for every partition, with an OS or not: only
    // the CPU rows come from the inside view.
    beliefs: (inside?.rows ?? []).filter((row) => row.unit === 'cpus').map((row) => ({ label: row.label, unit: row.unit, seen: row.seen[0]!, really: row.really[0]! })),
    threadThieves: ownThreads(partition).length === 0 ? [] : threadThiefShares(partition),
    contrast: contrast === undefined ? null : { mode: contrast.mode, stealShare: partitionIn(contrast, name).stealShare },
  };
}

function partitionIn(run: RunResult, name: string): PartitionResult {
  const found = run.partitions.find((p) => p.name === name);
  if (found === undefined) throw new Error(`explain: no partition ${name} under ${run.mode}`);
  return found;
}

function relationTo(victim: PartitionResult, run: RunResult): (thief: string | null) => Relation {
  return (thief) => {
    if (thief === null) return 'nobody';
    if (thief === victim.name) return 'itself';
    if (thief === victim.parent) return 'its parent';
    const parent = run.partitions.find((p) => p.name === thief)?.parent;
    if (parent === victim.name) return 'its child';
    if (victim.parent !== null && parent === victim.parent) return 'its sibling';
    return 'another partition';
  };
}

export interface ExplainTextOptions {
  readonly paint: Painter;
}

export const EXPLAIN_RENDERERS = {
  text: (explanation, options) => renderExplanation(explanation, options),
  json: (explanation) => renderExplanationJson(explanation),
} as const satisfies Record<string, (explanation: Explanation, options: ExplainTextOptions) => string>;

export type ExplainFormat = keyof typeof EXPLAIN_RENDERERS;
export const EXPLAIN_FORMATS = Object.keys(EXPLAIN_RENDERERS) as ExplainFormat[];

export function renderExplanation(x: Explanation, options: ExplainTextOptions): string {
  const { paint } = options;
  const { name: scenario, seed, durationNs } = x.scenario;
  const kind = x.parent === null ? KIND_WORDS[x.kind] : `child of ${x.parent}`;
  const lines: string[] = [
    paint.bold(`${printable(scenario)} · seed ${seed} · ${formatNanos(durationNs)} simulated`),
    '',
    ...wrap(
      `Under ${x.mode}, ${x.partition} (${kind}, ${x.vps} VP${x.vps === 1 ? '' : 's'}) wanted ${seconds(x.wantedNs)} of CPU over ${seconds(durationNs)} ` +
        `and got ${seconds(x.runNs)}: its steal/wanted is ${percent(x.stealShare)}.`,
    ),
    ...wrap('Wanted: the time its VPs had work (run + steal); steal: had work but was not on an LP.').map((line) => paint.dim(line)),
  ];

  lines.push('', paint.bold(`Where its VPs' time went (${x.vps} VP${x.vps === 1 ? '' : 's'} × ${seconds(durationNs)} = ${seconds(x.vps * durationNs)})`));
  lines.push(
    ...columns(
      [
        ['run', seconds(x.runNs), percent(x.vpTime.run), 'on an LP'],
        ['steal', seconds(x.stealNs), percent(x.vpTime.steal), 'had work, waited for an LP'],
        ['idle', seconds(x.idleNs), percent(x.vpTime.idle), 'had no work'],
      ],
      'lrrl',
    ),
  );

  lines.push('', paint.bold('Who took its steal'), ...indent(wrap('the partition holding the LP each VP waited for (the one it last ran on)', 98)).map((line) => paint.dim(line)));
  if (x.stealNs === 0) lines.push('  nobody: it never waited for an LP');
  else {
    lines.push(...columns(x.thieves.map((t) => [t.thief ?? 'nobody', seconds(t.ns), percent(t.share), thiefNote(t.relation)]), 'lrrl'));
    if (x.toChildren !== null) lines.push(`  ${percent(x.toChildren)} of it went to its own children.`);
  }

  if (x.stealNs > 0) {
    lines.push('', paint.bold('Why'));
    lines.push(...columns(x.causes.map((c) => [CAUSE_INFO[c.cause].label, percent(c.share), `of it ${CAUSE_INFO[c.cause].words}`]), 'lrl'));
  }

  lines.push('', paint.bold(`Its ${x.longestWaits.length === 1 ? 'longest wait' : `${x.longestWaits.length} longest waits`}`));
  if (x.longestWaits.length === 0) lines.push('  none: no VP of it ever waited');
  else {
    lines.push(
      ...columns(
        [
          ['began', 'lasted', 'VP', 'for', 'held as it began by, why'].map((head) => paint.dim(head)),
          ...x.longestWaits.map((w) => [formatNanos(w.startNs), formatNanos(w.durationNs), `vp${w.vp}`, `LP ${w.lp}`, `${w.thief ?? 'nobody'}${holderNote(w.relation)}, ${CAUSE_INFO[w.cause].label}`]),
        ],
        'rrlll',
      ),
    );
  }

  lines.push('', paint.bold('What its OS believed'));
  lines.push(...indent(wrap(`steal/wanted: its OS shows ${percent(x.reportedStealShare)}, really ${percent(x.stealShare)} (Hyper-V reports no steal to the OSes on it).`, 98)));
  for (const belief of x.beliefs) {
    if (belief.seen === null) {
      lines.push(...indent(wrap(`${belief.label}: unseen (its OS does not schedule them under ${x.mode}), really ${belief.really.toFixed(2)}.`, 98)));
      continue;
    }
    // The difference of the figures as printed, so the sentence adds up as read.
    const stolen = (Math.round(belief.seen * 100) - Math.round(belief.really * 100)) / 100;
    const by = x.threadThieves.filter((t) => t.share >= 0.005).map((t) => `${t.thief ?? 'nobody'} ${percent(t.share)}`);
    const detail =
      belief.label === "its threads' CPUs" && stolen >= 0.005
        ? `: ${stolen.toFixed(2)} of them were stolen, counted as run time while their vCPU was off its LP${by.length === 0 ? '' : `, taken by ${by.join(', ')}`}`
        : '';
    lines.push(...indent(wrap(`${belief.label}: its accounting counts ${belief.seen.toFixed(2)}, really ${belief.really.toFixed(2)}${detail}.`, 98)));
  }

  if (x.contrast !== null) {
    lines.push('', `Under ${x.contrast.mode}, the same partition's steal/wanted is ${percent(x.contrast.stealShare)}.`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderExplanationJson(x: Explanation): string {
  return `${JSON.stringify(x, null, 2)}\n`;
}

const KIND_WORDS = { root: 'root', guest: 'guest', l1vh: 'L1VH', child: 'child' } as const satisfies Record<Explanation['kind'], string>;

function thiefNote(relation: Relation): string {
  switch (relation) {
    case 'nobody':
      return 'its LP idled';
    case 'itself':
      return 'its own VPs';
    case 'another partition':
      return '';
    default:
      return relation;
  }
}

function holderNote(relation: Relation): string {
  return relation === 'another partition' || relation === 'nobody' ? '' : ` (${relation})`;
}

/** Seconds with two decimals, as the sentence reads them. */
function seconds(ns: number): string {
  return `${(ns / 1e9).toFixed(2)} s`;
}

function indent(lines: readonly string[]): string[] {
  return lines.map((line, i) => `${i === 0 ? '  ' : '    '}${line}`);
}

/** Rows as aligned columns, two spaces in from the margin; `align` has an `l` or `r` per column. */
function columns(rows: readonly (readonly string[])[], align: string): string[] {
  // Painted text carries escape codes that take no room: measure it without them.
  const width = (cell: string): number => cell.replace(/\u001b\[[0-9;]*m/g, '').length;
  const widths = [...align].map((_, i) => Math.max(0, ...rows.map((row) => width(row[i] ?? ''))));
  return rows.map((row) =>
    `  ${row
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i]! - width(cell));
        return align[i] === 'r' ? pad + cell : i === row.length - 1 ? cell : cell + pad;
      })
      .join('  ')}`.trimEnd(),
  );
}
