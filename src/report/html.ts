// The one-file HTML report: the comparison, the gate, stacked run/steal/idle bars and LP timelines
// as inline SVG, and the model's assumptions, in a page that needs no network and no script, so it
// can be mailed, opened offline, read on a phone or projected in a class. The numbers come from
// `compare()` so the report never disagrees with the terminal; partition colours are fixed by
// partition order so a partition looks the same in every chart. Charts are drawn at their pixel
// size, never scaled down: the bars fit a 390 px phone and the timelines stretch only in time, so
// their text stays at its size. Colours and patterns come from html-theme.ts.
import { INTEGRATED_SCHEDULER_BIT, VMM_CAPABILITY_FIELDS, type GateDecision } from '../hypervisor/gate.js';
import { causeShares, thiefShares } from '../metrics/measures.js';
import { CAUSES } from '../metrics/steal-ledger.js';
import type { PartitionResult, RunResult, ScenarioResult } from '../metrics/result.js';
import type { RunTrace } from '../metrics/trace.js';
import { MODE_DESCRIPTIONS, type Mode, type Scenario } from '../model/scenario.js';
import { formatNanos, NS_PER_MS } from '../model/time.js';
import { ASSUMPTIONS } from './assumptions.js';
import { compare, type Comparison, type PartitionBlock, type PartitionCell } from './comparison.js';
import { CAUSE_INFO, CAUSES_LEGEND } from './causes.js';
import { esc, htmlPage } from './html-page.js';
import { CAUSE_FILL, FORCED_IDLE_FILL, PATTERN_DEFS, partitionClass, reportCss } from './html-theme.js';
import { percent } from './text.js';

export interface HtmlInput {
  readonly result: ScenarioResult;
  /** The traced runs to draw as timelines, in the order to show them. */
  readonly traces: readonly RunTrace[];
  readonly scenario: Scenario;
}

export interface HtmlOptions {
  /** hvsched's version, for the generated-by line. */
  readonly version: string;
}

export function renderHtml(input: HtmlInput, options: HtmlOptions): string {
  const { result, traces, scenario } = input;
  const comparison = compare(result);
  const paints = partitionPaints(result);
  const gate = result.runs.find((run) => run.gate !== null)?.gate ?? null;
  const body = [
    PATTERN_DEFS,
    header(result, scenario, traces, options.version),
    headlines(comparison),
    gateSection(gate),
    comparisonSection(comparison, paints),
    barsSection(result, comparison, paints),
    theftSection(result),
    timelinesSection(result, traces, scenario, paints),
    assumptionsSection(),
  ];
  return htmlPage(`hvsched report: ${result.scenario.name}`, reportCss(paints.size), body);
}

// ---------------------------------------------------------------------------------------------
// Colours

/** Partition name → the class that paints it, by partition order. */
function partitionPaints(result: ScenarioResult): ReadonlyMap<string, string> {
  const names = result.runs[0]?.partitions.map((p) => p.name) ?? [];
  return new Map(names.map((name, index) => [name, partitionClass(index)]));
}

function paintOf(paints: ReadonlyMap<string, string>, name: string): string {
  return paints.get(name) ?? 'p-unknown';
}

function swatch(paint: string): string {
  return `<span class="swatch ${paint}"></span>`;
}

/** A legend swatch filled as the charts fill: a colour, or a pattern. */
function patternSwatch(fill: string): string {
  return `<svg class="swatch" width="14" height="14" aria-hidden="true"><rect width="14" height="14" ${fill}/></svg>`;
}

/**
 * A table in its own horizontal scroll box, so a wide one scrolls on a phone instead of widening
 * the page; focusable, so the keyboard can scroll it too.
 */
function scrollBox(label: string, table: readonly string[]): string {
  return [`<div class="table-scroll" role="region" tabindex="0" aria-label="${esc(label)}">`, ...table, '</div>'].join('\n');
}

/** A caption (HTML) that stays in view while its table scrolls sideways. */
function caption(html: string, note = ''): string {
  return `<caption><span class="caption-text">${html}${note === '' ? '' : `<span class="muted">${note}</span>`}</span></caption>`;
}

// ---------------------------------------------------------------------------------------------
// Header and headlines

function header(result: ScenarioResult, scenario: Scenario, traces: readonly RunTrace[], version: string): string {
  const { host } = scenario;
  const lps = host.cores * host.threadsPerCore;
  const modes = result.runs
    .map((run) => `<li><strong>${esc(run.mode)}</strong>: ${esc(MODE_DESCRIPTIONS[run.mode])}</li>`)
    .join('');
  const ranges = traces.map((trace) => msRange(trace.window.from, trace.window.to));
  const windows = new Set(ranges).size === 1 ? `${ranges[0]!}, every mode` : traces.map((trace, i) => `${esc(trace.mode)} ${ranges[i]!}`).join(', ');
  const facts: [string, string][] = [
    ['seed', esc(String(result.scenario.seed))],
    ['duration', esc(`${formatNanos(result.scenario.durationNs)} simulated`)],
    [
      'host',
      esc(`${host.cores} cores × ${host.threadsPerCore} threads = ${lps} LPs, SMT throughput ${host.smtThroughput}`),
    ],
    ['modes', `<ul class="modes">${modes}</ul>`],
    ['timelines', windows === '' ? 'none' : windows],
  ];
  return [
    '<header>',
    `<h1>hvsched report: ${esc(result.scenario.name)}</h1>`,
    scenario.description === '' ? '' : `<p class="description">${esc(scenario.description.trim())}</p>`,
    `<dl class="facts">${facts.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('')}</dl>`,
    '<p class="caveat"><strong>A model, not the hypervisor.</strong> hvsched simulates Microsoft Hypervisor ' +
      'scheduling from public material and states an assumption wherever that record is silent (listed at the ' +
      'end). Results show mechanisms and orders of magnitude, not predictions for a particular machine.</p>',
    `<p class="generated">Generated by hvsched ${esc(version)}.</p>`,
    '</header>',
  ].join('\n');
}

function headlines(comparison: Comparison): string {
  const items =
    comparison.headlines.length === 0
      ? '<li>No L1VH and no cgroup limit in this scenario: the table below has the numbers.</li>'
      : comparison.headlines.map((line) => `<li>${esc(line)}</li>`).join('\n');
  return `<section id="headlines" class="headlines">\n<h2>Headlines</h2>\n<ul>\n${items}\n</ul>\n</section>`;
}

// ---------------------------------------------------------------------------------------------
// The gate

function gateSection(gate: GateDecision | null): string {
  const title = '<h2>The gate: who schedules the L1VH\'s children</h2>';
  if (gate === null) {
    return `<section id="gate">\n${title}\n<p>No integrated run: the mshv driver's gate was not consulted.</p>\n</section>`;
  }
  const caps = gate.vmmCapabilities;
  const property = gate.integratedSchedulerEnabled;
  // Rows come from the layout, not the decoded bits, so an unreadable bank still lists every field.
  const rows = VMM_CAPABILITY_FIELDS.map((field) => {
    const decoded = caps.bits.find((bit) => bit.name === field.name);
    const bits = field.width === 1 ? String(field.lsb) : `${field.lsb}–${field.lsb + field.width - 1}`;
    const value = decoded === undefined ? '–' : field.width === 1 ? decoded.value.slice(2) : decoded.value;
    const note = 'note' in field ? field.note : '';
    const cls = field.lsb === INTEGRATED_SCHEDULER_BIT ? ' class="key-bit"' : field.reserved ? ' class="reserved"' : '';
    return `<tr${cls}><td class="num">${bits}</td><td><code>${field.name}</code></td><td class="num">${esc(value)}</td><td>${esc(note)}</td></tr>`;
  }).join('\n');
  const propertyValue = !property.queried ? 'not read' : property.read === 'ok' ? (property.value ?? '') : 'unreadable';
  return [
    '<section id="gate">',
    title,
    `<p class="outcome outcome-${gate.outcome}">${esc(outcomeText(gate))}</p>`,
    `<p>${esc(gate.reason)}</p>`,
    '<div class="gate-grid">',
    '<div>',
    `<h3>VMM capabilities, bank 0: <code>${esc(caps.bank0 ?? 'unreadable')}</code></h3>`,
    `<p class="muted">property <code>${esc(caps.code)}</code>, <code>${esc(caps.name)}</code></p>`,
    scrollBox(
      'VMM capabilities, bank 0, field by field',
      [
        '<table class="bits">',
        caption('Bank 0 field by field: its bits, their value and what they mean'),
        '<thead><tr><th class="num">bit</th><th>field</th><th class="num">value</th><th>note</th></tr></thead>',
        `<tbody>\n${rows}\n</tbody>`,
        '</table>',
      ],
    ),
    '</div>',
    '<div>',
    `<h3>Property <code>${esc(property.code)}</code>: <code>${esc(propertyValue)}</code></h3>`,
    `<p class="muted"><code>${esc(property.name)}</code>, internally <code>${esc(property.internalName)}</code></p>`,
    '<h3>Decision path</h3>',
    `<ol class="steps">${gate.steps.map((step) => `<li>${esc(step.text)}</li>`).join('\n')}</ol>`,
    `<p>L1VH scheduler: <strong>${esc(gate.l1vhScheduler)}</strong>; driver loaded: <strong>${gate.driverLoaded ? 'yes' : 'no'}</strong></p>`,
    '</div>',
    '</div>',
    '</section>',
  ].join('\n');
}

function outcomeText(gate: GateDecision): string {
  switch (gate.outcome) {
    case 'integrated':
      return `Outcome: integrated scheduler (${gate.hvSchedulerType.name} = ${gate.hvSchedulerType.value})`;
    case 'core':
      return `Outcome: core scheduler (${gate.hvSchedulerType.name} = ${gate.hvSchedulerType.value})`;
    case 'driver-failed':
      return 'Outcome: the mshv driver fails to load, so no child partition runs';
  }
}

// ---------------------------------------------------------------------------------------------
// The comparison table

interface MetricRow {
  readonly label: string;
  readonly value: (cell: PartitionCell) => number | null;
  readonly format: (value: number) => string;
  /** Tint the cell in the steal colour, in proportion to the share. */
  readonly heat?: true;
}

const PARTITION_ROWS: readonly MetricRow[] = [
  { label: 'CPUs', value: (c) => c.cpus, format: (v) => v.toFixed(2) },
  { label: 'steal/wanted', value: (c) => c.stealShare, format: percent, heat: true },
  { label: 'reported steal/wanted', value: (c) => c.reportedStealShare, format: percent },
  { label: 'thread wait', value: (c) => c.threadWaitShare, format: percent },
  { label: 'thread stolen', value: (c) => c.threadStolenShare, format: percent, heat: true },
  { label: 'wake-up p99', value: (c) => c.wakeP99Ns, format: formatNanos },
  { label: 'response p99', value: (c) => c.responseP99Ns, format: formatNanos },
];

function comparisonSection(comparison: Comparison, paints: ReadonlyMap<string, string>): string {
  const columns = comparison.modes.length + 1;
  const head = `<thead><tr><th></th>${comparison.modes.map((mode) => `<th class="num">${esc(mode)}</th>`).join('')}</tr></thead>`;
  const blocks = inDisplayOrder(comparison.partitions).map((block) => partitionBlock(block, columns, paints));
  const host = [
    `<tbody class="host">${blockRow(columns, 'host')}`,
    hostRow('utilisation', comparison.host.map((h) => h.utilisation)),
    hostRow('forced idle', comparison.host.map((h) => h.forcedIdleShare)),
    hostRow('mixed', comparison.host.map((h) => h.mixedShare)),
    '</tbody>',
  ].join('\n');
  const cgroups =
    comparison.cgroups.length === 0
      ? ''
      : [
          `<tbody class="cgroups">${blockRow(columns, 'cgroup limits (cpu.max)')}`,
          ...comparison.cgroups.map((verdict) => {
            const cells = verdict.cpus.map((cpus, i) =>
              verdict.held[i]
                ? `<td class="num held">${cpus.toFixed(2)} held ✓</td>`
                : `<td class="num broken">${cpus.toFixed(2)} broken ✗</td>`,
            );
            const label = `${verdict.owner}/${verdict.cgroup} ≤ ${verdict.maxCpus.toFixed(2)} CPUs`;
            return `<tr><th class="metric">${esc(label)}</th>${cells.join('')}</tr>`;
          }),
          '</tbody>',
        ].join('\n');
  const cpusets =
    comparison.cpusets.length === 0
      ? ''
      : [
          `<tbody class="cpusets">${blockRow(columns, 'time outside the cpuset')}`,
          ...comparison.cpusets.map((row) => {
            const cells = row.outside.map((share) => (share < 0.001 ? `<td class="num held">${percent(share)} ✓</td>` : `<td class="num broken">${percent(share)} ✗</td>`));
            return `<tr><th class="metric">${esc(row.label)}</th>${cells.join('')}</tr>`;
          }),
          '</tbody>',
        ].join('\n');
  const inside = comparison.inside.map((view) =>
    [
      `<tbody class="inside">${blockRow(columns, `seen from inside ${esc(view.partition)} / really`)}`,
      ...view.rows.map((row) => {
        const show = (value: number): string => (row.unit === 'share' ? percent(value) : value.toFixed(2));
        const cells = row.really.map((really, i) => `<td class="num">${row.seen[i] === null ? 'unseen' : show(row.seen[i]!)} / ${show(really)}</td>`);
        return `<tr><th class="metric">${esc(row.label)}</th>${cells.join('')}</tr>`;
      }),
      '</tbody>',
    ].join('\n'),
  );
  return [
    '<section id="comparison">',
    '<h2>Side by side</h2>',
    '<p class="muted">CPUs: average LPs used. Steal/wanted (stealShare): steal over the time its VPs wanted to run ' +
      '(run + steal), steal being time with work but not on an LP; the same figure as in the terminal. ' +
      'Steal/wanted its OS shows: what its own OS would report (0 on Hyper-V). Thread wait: its OS\'s threads waiting for a CPU, ' +
      'over time runnable. Thread stolen: run time its OS believes its threads had while their vCPU was not on an LP. ' +
      'Seen from inside / really: what its own tools (top, its accounting) show beside the truth; unseen: its OS does not schedule them. ' +
      'Wake-up p99: arrival to really running; response p99: arrival to completion; each the worst over its VPs and threads.</p>',
    scrollBox('side by side: every partition and the host under each mode', [
      '<table class="comparison">',
      caption('Every partition, then the host, the limits and what each OS sees, under each mode'),
      head,
      ...blocks,
      host,
      cgroups,
      cpusets,
      ...inside,
      '</table>',
    ]),
    '</section>',
  ].join('\n');
}

/** Each L1VH's children right under it, whatever order the result lists them in. */
function inDisplayOrder(blocks: readonly PartitionBlock[]): PartitionBlock[] {
  const names = new Set(blocks.map((block) => block.name));
  return blocks
    .filter((block) => block.parent === null || !names.has(block.parent))
    .flatMap((block) => [block, ...blocks.filter((child) => child.parent === block.name)]);
}

/** A block's title row; its text stays in view while the table scrolls sideways. */
function blockRow(columns: number, html: string): string {
  return `<tr class="block"><th colspan="${columns}"><span class="sticky">${html}</span></th></tr>`;
}

function partitionBlock(block: PartitionBlock, columns: number, paints: ReadonlyMap<string, string>): string {
  const child = block.parent !== null;
  const kind = child ? `child of ${block.parent}` : block.kind;
  const rows = PARTITION_ROWS.map((row) => {
    const cells = block.cells.map((cell) => {
      const value = row.value(cell);
      if (value === null) return '<td class="num muted">–</td>';
      const heat = row.heat === true && value > 0 ? heatAttributes(value) : ' class="num"';
      return `<td${heat}>${esc(row.format(value))}</td>`;
    });
    return `<tr><th class="metric">${row.label}</th>${cells.join('')}</tr>`;
  });
  return [
    `<tbody class="partition${child ? ' child' : ''}" data-partition="${esc(block.name)}">`,
    blockRow(columns, `${swatch(paintOf(paints, block.name))}${esc(block.name)} <span class="kind">${esc(kind)}</span>`),
    ...rows,
    '</tbody>',
  ].join('\n');
}

/** A cell tinted with the steal colour in proportion to the share; the style sheet mixes the tint. */
function heatAttributes(share: number): string {
  // Saturates at half the time stolen: past that the cell is already unmistakable.
  const strength = Math.min(1, share / 0.5) * 0.55;
  return ` class="num heat" style="--heat:${strength.toFixed(3)}"`;
}

function hostRow(label: string, values: readonly number[]): string {
  return `<tr><th class="metric">${label}</th>${values.map((value) => `<td class="num">${esc(percent(value))}</td>`).join('')}</tr>`;
}

// ---------------------------------------------------------------------------------------------
// Who stole from whom

/**
 * Per mode a victim × thief matrix: each cell the part of the victim's steal that the thief
 * took, tinted as the steal cells are, and the causes beside it. The numbers are the attribution
 * of the result's stolenBy, shares of the row's steal.
 */
function theftSection(result: ScenarioResult): string {
  const tables = result.runs.flatMap((run) => {
    const victims = run.partitions.filter((p) => p.stealNs > 0);
    if (victims.length === 0) return [];
    const shown = [...run.partitions.map((p) => p.name), null].filter((thief) => victims.some((v) => v.stolenBy.some((t) => t.partition === thief)));
    const head = `<tr><th>victim \\ thief</th>${shown.map((thief) => `<th class="num">${esc(thief ?? 'nobody')}</th>`).join('')}<th>why</th></tr>`;
    const rows = victims.map((victim) => {
      const thiefShare = new Map(thiefShares(victim).map((t) => [t.thief, t.share]));
      const cells = shown.map((thief) => {
        const share = thiefShare.get(thief) ?? 0;
        return share === 0 ? '<td class="num">–</td>' : `<td${heatAttributes(share)}>${esc(percent(share))}</td>`;
      });
      const why = causeShares(victim).map((c) => `${CAUSE_INFO[c.cause].label} ${percent(c.share)}`).join(', ');
      return `<tr><th class="metric">${esc(victim.name)}</th>${cells.join('')}<td>${esc(why)}</td></tr>`;
    });
    return [
      scrollBox(`${run.mode}: who took each partition's steal`, [
        `<table class="theft">${caption(`${esc(run.mode)}: who took each partition's steal`)}`,
        `<thead>${head}</thead>`,
        `<tbody>${rows.join('')}</tbody>`,
        '</table>',
      ]),
    ];
  });
  if (tables.length === 0) return '';
  return [
    '<section id="thefts">',
    '<h2>Who stole from whom</h2>',
    '<p class="muted">A row per partition that waited, a column per partition that held the LPs it waited for (nobody: they idled); ' +
      `each cell is that part of the row's steal. Why: ${esc(CAUSES_LEGEND)}.</p>`,
    ...tables,
    '</section>',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Run / steal / idle bars

// Drawn at its own pixel size and narrow enough for a 390 px phone, so its 12 px text is never
// scaled down; three fit side by side in 1200 px. The label column holds "classic-nosmt", the
// longest mode name, and the shares go under the bar, where they have its whole width.
const BAR = { width: 360, label: 96, bar: 256, row: 42, height: 16, summary: 30, depth: 34, pad: 4 } as const;
const STATES = ['run', 'steal', 'idle'] as const;

function barsSection(result: ScenarioResult, comparison: Comparison, paints: ReadonlyMap<string, string>): string {
  const charts = inDisplayOrder(comparison.partitions).map((block, index) => barChart(block, index, result.runs, paintOf(paints, block.name)));
  const legend = [
    `<li>${swatch('run')}run</li>`,
    ...CAUSES.map((cause) => `<li>${patternSwatch(CAUSE_FILL[cause])}steal: ${CAUSE_INFO[cause].label}</li>`),
    `<li>${swatch('idle')}idle</li>`,
  ].join('');
  return [
    '<section id="bars">',
    '<h2>Where each partition\'s VP time went</h2>',
    '<p class="muted">Each bar is one mode: the shares of its VPs\' whole time (run + steal + idle = 100 %) spent ' +
      'running on an LP, stolen (had work, not on an LP) and idle (no work). This is a budget of time, so its steal ' +
      'is steal over the whole run, not the steal/wanted of the table above; a segment\'s tip gives both. The steal is ' +
      'stacked by its cause, as in the matrix below: plain, striped, dotted or checked, so the causes read without telling colours apart.</p>',
    `<ul class="legend">${legend}</ul>`,
    `<div class="bar-grid">\n${charts.join('\n')}\n</div>`,
    '</section>',
  ].join('\n');
}

function barChart(block: PartitionBlock, index: number, runs: readonly RunResult[], paint: string): string {
  const height = BAR.pad * 2 + (runs.length - 1) * BAR.row + BAR.depth;
  const rows = runs.map((run, i) => {
    const y = BAR.pad + i * BAR.row;
    const partition = run.partitions.find((p) => p.name === block.name);
    return barRow(run.mode, partition, y);
  });
  const label = `${block.name}: run, steal and idle shares of its VPs' time per mode`;
  const child = block.parent === null ? '' : ' child';
  return [
    `<figure class="bar-figure${child}">`,
    `<figcaption>${swatch(paint)}${esc(block.name)} <span class="kind">${esc(block.parent === null ? block.kind : `child of ${block.parent}`)}</span></figcaption>`,
    `<svg id="bars-${index}" class="bar-chart" role="img" aria-label="${esc(label)}" viewBox="0 0 ${BAR.width} ${height}" width="${BAR.width}" height="${height}">`,
    ...rows,
    '</svg>',
    '</figure>',
  ].join('\n');
}

function barRow(mode: Mode, partition: PartitionResult | undefined, y: number): string {
  const name = `<text x="0" y="${y + BAR.height / 2 + 4}" class="axis-label">${esc(mode)}</text>`;
  const summaryAt = `x="${BAR.label}" y="${y + BAR.summary}"`;
  const ns = partition === undefined ? { run: 0, steal: 0, idle: 0 } : { run: partition.runNs, steal: partition.stealNs, idle: partition.idleNs };
  const total = ns.run + ns.steal + ns.idle;
  const frame = `<rect x="${BAR.label}" y="${y}" width="${BAR.bar}" height="${BAR.height}" class="bar-frame"/>`;
  if (total === 0) {
    return `${name}${frame}<text ${summaryAt} class="value-label">no VPs</text>`;
  }
  let x = BAR.label;
  const segment = (part: number, fill: string, tip: string): string => {
    const width = (part / total) * BAR.bar;
    const rect = `<rect x="${num(x)}" y="${y}" width="${num(width)}" height="${BAR.height}" ${fill}><title>${esc(tip)}</title></rect>`;
    x += width;
    return rect;
  };
  const own = " of its VPs' time";
  // The bar is a budget of the whole time: its steal is not the table's steal/wanted, so the tips give both.
  const wanted = `steal/wanted ${percent(partition!.stealShare)}`;
  const segments = [
    segment(ns.run, 'class="run"', `${mode}: run ${percent(ns.run / total)}${own}`),
    // Stacked in one order in every mode, so the same cause sits in the same place down a chart.
    ...CAUSES.filter((cause) => partition!.stealCauses[cause] > 0).map((cause) => {
      const part = partition!.stealCauses[cause];
      return segment(part, `${CAUSE_FILL[cause]} data-cause="${cause}"`, `${mode}: steal (${CAUSE_INFO[cause].label}) ${percent(part / total)}${own}, ${percent(part / ns.steal)} of its steal (${wanted})`);
    }),
    segment(ns.idle, 'class="idle"', `${mode}: idle ${percent(ns.idle / total)}${own}`),
  ];
  const summary = STATES.map((state) => `${state} ${percent(ns[state] / total)}`).join(' · ');
  return `${name}${segments.join('')}${frame}<text ${summaryAt} class="value-label">${esc(summary)}</text>`;
}

// ---------------------------------------------------------------------------------------------
// LP timelines

// The SVG has no viewBox: y is in pixels and x in percent of its width, so a lane keeps its height
// and its text its size at any width, and only time stretches. The LP labels hang left of the
// plot in the margin the style sheet leaves them (--labels), which fits the longest label.
const TIMELINE = { row: 16, gap: 4, top: 6, axis: 38, marker: 4, labelGap: 6 } as const;
/** A generous width per character of a 12 px label, so the column fits wide system fonts too. */
const LABEL_PX_PER_CHAR = 6.6;
/** Ticks land on 1, 2 or 5 × a power of ten milliseconds, about this many per window; narrow screens label every other one. */
const TARGET_TICKS = 10;

function timelinesSection(result: ScenarioResult, traces: readonly RunTrace[], scenario: Scenario, paints: ReadonlyMap<string, string>): string {
  const intro =
    '<p class="muted">One row per LP over the report\'s window (<code>--report-window</code>), coloured by the partition whose VP ran there. ' +
    'Hatched: forced idle (the core belongs to a partition with nothing to run on that LP). Blank: idle. ' +
    'A marker left of the LP names the L1VH that owns its core.</p>';
  if (traces.length === 0) {
    return `<section id="timelines">\n<h2>LP timelines</h2>\n<p>No window was recorded for this report.</p>\n</section>`;
  }
  const names = result.runs[0]?.partitions.map((p) => p.name) ?? [];
  const legend = [
    ...names.map((name) => `<li>${swatch(paintOf(paints, name))}${esc(name)}</li>`),
    `<li>${patternSwatch(FORCED_IDLE_FILL)}forced idle</li>`,
    '<li><span class="swatch blank"></span>idle</li>',
  ].join('');
  return [
    '<section id="timelines">',
    '<h2>LP timelines</h2>',
    intro,
    `<ul class="legend">${legend}</ul>`,
    ...traces.map((trace) => timeline(trace, scenario, paints)),
    '</section>',
  ].join('\n');
}

interface Span {
  readonly lp: number;
  readonly start: number;
  end: number;
  /** The partition that ran, or "" for forced idle. */
  readonly partition: string;
}

function timeline(trace: RunTrace, scenario: Scenario, paints: ReadonlyMap<string, string>): string {
  const { from, to } = trace.window;
  if (!(to > from)) throw new RangeError(`trace window of ${trace.mode}: ${from}–${to} ns is empty`);
  const lps = scenario.host.cores * scenario.host.threadsPerCore;
  const x = (t: number): number => Number(((100 * (t - from)) / (to - from)).toFixed(3));
  const rowY = (lp: number): number => TIMELINE.top + lp * (TIMELINE.row + TIMELINE.gap);
  const plotBottom = rowY(lps) - TIMELINE.gap;
  const height = plotBottom + TIMELINE.axis;

  const labels = Array.from({ length: lps }, (_, lp) => `LP ${lp} · core ${Math.floor(lp / scenario.host.threadsPerCore)}`);
  const labelColumn = TIMELINE.marker + 2 * TIMELINE.labelGap + Math.ceil(Math.max(...labels.map((l) => l.length)) * LABEL_PX_PER_CHAR);
  const owners = l1vhOwners(scenario);
  const rows: string[] = [];
  for (let lp = 0; lp < lps; lp++) {
    const y = rowY(lp);
    const core = Math.floor(lp / scenario.host.threadsPerCore);
    const owner = owners.get(core);
    if (owner !== undefined) {
      rows.push(`<rect x="${-labelColumn}" y="${y}" width="${TIMELINE.marker}" height="${TIMELINE.row}" class="${paintOf(paints, owner)}"><title>${esc(`core ${core} belongs to ${owner}`)}</title></rect>`);
    }
    rows.push(`<text x="${TIMELINE.marker + TIMELINE.labelGap - labelColumn}" y="${y + TIMELINE.row - 4}" class="axis-label">${esc(labels[lp]!)}</text>`);
    rows.push(`<rect x="0" y="${y}" width="100%" height="${TIMELINE.row}" class="lane"/>`);
  }

  const ran = merged(trace.lpSlices.map((s) => ({ lp: s.lp, start: s.start, end: s.end, partition: partitionOf(trace, s.vp) })));
  const forced = merged(trace.forcedSlices.map((s) => ({ lp: s.lp, start: s.start, end: s.end, partition: '' })));
  const spans = [
    ...forced.map((s) => spanRect(s, x, rowY(s.lp), FORCED_IDLE_FILL, 'forced idle')),
    ...ran.map((s) => spanRect(s, x, rowY(s.lp), `class="${paintOf(paints, s.partition)}"`, s.partition)),
  ];

  const ticks = tickTimes(from, to).map((t, index) => {
    const tx = `${x(t)}%`;
    return (
      `<line x1="${tx}" y1="${TIMELINE.top}" x2="${tx}" y2="${plotBottom + 4}" class="grid"/>` +
      `<text x="${tx}" y="${plotBottom + 18}" class="tick${index % 2 === 1 ? ' minor' : ''}" text-anchor="middle">${esc(msLabel(t))}</text>`
    );
  });

  const label = `${trace.mode}: what ran on each of the ${lps} LPs from ${msRange(from, to)}, coloured by partition`;
  return [
    `<figure class="timeline-figure">`,
    `<figcaption><strong>${esc(trace.mode)}</strong>, ${esc(msRange(from, to))}</figcaption>`,
    `<svg id="timeline-${esc(trace.mode)}" class="timeline" role="img" aria-label="${esc(label)}" width="100%" height="${height}" style="--labels:${labelColumn}px">`,
    ...rows,
    ...ticks,
    ...spans,
    `<text x="100%" y="${height - 6}" class="tick" text-anchor="end">ms</text>`,
    '</svg>',
    '</figure>',
  ].join('\n');
}

function partitionOf(trace: RunTrace, vp: number): string {
  const info = trace.vps[vp];
  if (info === undefined) throw new RangeError(`trace of ${trace.mode}: VP ${vp} is not in its VP list`);
  return info.partition;
}

/** Host core → the L1VH it is given to. */
function l1vhOwners(scenario: Scenario): Map<number, string> {
  const owners = new Map<number, string>();
  for (const partition of scenario.partitions) {
    if (partition.kind === 'l1vh') for (const core of partition.cores) owners.set(core, partition.name);
  }
  return owners;
}

/** Back-to-back slices of one partition on one LP as one span: the colour is the same and the file much smaller. */
function merged(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.lp - b.lp || a.start - b.start);
  const out: Span[] = [];
  for (const span of sorted) {
    const last = out.at(-1);
    if (last !== undefined && last.lp === span.lp && last.partition === span.partition && last.end === span.start) last.end = span.end;
    else out.push({ ...span });
  }
  return out;
}

function spanRect(span: Span, x: (t: number) => number, y: number, fill: string, what: string): string {
  const left = x(span.start);
  const title = `${what}, ${msRange(span.start, span.end)}`;
  // Both ends rounded the same way, so neighbouring spans meet without a hairline gap.
  return `<rect x="${left}%" y="${y}" width="${Number((x(span.end) - left).toFixed(3))}%" height="${TIMELINE.row}" ${fill}><title>${esc(title)}</title></rect>`;
}

function tickTimes(from: number, to: number): number[] {
  const rough = (to - from) / TARGET_TICKS;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}

function msLabel(t: number): string {
  return String(Number((t / NS_PER_MS).toFixed(3)));
}

function msRange(from: number, to: number): string {
  return `${msLabel(from)}–${msLabel(to)} ms`;
}

// ---------------------------------------------------------------------------------------------
// Assumptions

function assumptionsSection(): string {
  const rows = ASSUMPTIONS.map(
    (a) =>
      `<tr><th>${esc(a.title)}</th><td>${esc(a.statement)}</td>` +
      `<td>${a.key === 'structural' ? '<span class="muted">structural</span>' : `<code>${esc(a.key)}</code>`}</td>` +
      `<td class="source">${esc(a.source)}</td></tr>`,
  ).join('\n');
  return [
    '<section id="assumptions">',
    '<h2>What the model assumes</h2>',
    '<p class="muted">Where the public record is silent hvsched assumes, and makes the assumption a scenario key ' +
      'where it can. "Structural" ones change only with the code. Tags name the sources listed in hvsched\'s ' +
      'docs/model.md and its reference notes: [Qn] are open questions, [Sn] public sources.</p>',
    scrollBox('what the model assumes', [
      '<table class="assumptions">',
      caption('Each assumption, what hvsched does, the scenario key that changes it and its sources'),
      '<thead><tr><th class="title">assumption</th><th class="statement">what hvsched does</th><th class="key">changed by</th><th>source</th></tr></thead>',
      `<tbody>\n${rows}\n</tbody>`,
      '</table>',
    ]),
    '</section>',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Text

/** SVG coordinates to two decimals: sub-pixel detail only adds bytes. */
function num(value: number): string {
  return String(Number(value.toFixed(2)));
}
