// The one-file HTML report: the comparison, the gate, stacked run/steal/idle bars and LP timelines
// as inline SVG, and the model's assumptions, in a page that needs no network and no script, so it
// can be mailed, opened offline or projected in a class. The numbers come from `compare()` so the
// report never disagrees with the terminal; partition colours are fixed by partition order so a
// partition looks the same in every chart.
import { INTEGRATED_SCHEDULER_BIT, VMM_CAPABILITY_FIELDS, type GateDecision } from '../hypervisor/gate.js';
import { causeShares, thiefShares } from '../metrics/measures.js';
import { CAUSES, type StealCause } from '../metrics/steal-ledger.js';
import type { PartitionResult, RunResult, ScenarioResult } from '../metrics/result.js';
import type { RunTrace } from '../metrics/trace.js';
import { MODE_DESCRIPTIONS, type Mode, type Scenario } from '../model/scenario.js';
import { formatNanos, NS_PER_MS } from '../model/time.js';
import { ASSUMPTIONS } from './assumptions.js';
import { compare, type Comparison, type PartitionBlock, type PartitionCell } from './comparison.js';
import { CAUSE_INFO, CAUSES_LEGEND } from './causes.js';
import { esc, htmlPage } from './html-page.js';
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
  const colours = partitionColours(result);
  const gate = result.runs.find((run) => run.gate !== null)?.gate ?? null;
  const body = [
    header(result, scenario, traces, options.version),
    headlines(comparison),
    gateSection(gate),
    comparisonSection(comparison, colours),
    barsSection(result, comparison, colours),
    theftSection(result),
    timelinesSection(result, traces, scenario, colours),
    assumptionsSection(),
  ];
  return htmlPage(`hvsched report: ${result.scenario.name}`, CSS, body);
}

// ---------------------------------------------------------------------------------------------
// Colours

/** Run / steal / idle in the bars; steal is the one colour that means "bad" in the whole report. */
const STATE_COLOURS = { run: '#3d8b5f', steal: '#d1495b', idle: '#e4e4e4' } as const;
// Steal's causes as shades of its red, far apart in lightness so they stay apart in grey.
const CAUSE_COLOURS: Readonly<Record<StealCause, string>> = { contention: STATE_COLOURS.steal, capped: '#7a1f3d', gang: '#f4a3a8', idle: '#3b0a14' };
// Tableau 10 without its red, so no partition is mistaken for steal.
const PALETTE = ['#4e79a7', '#f28e2b', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const;
const UNKNOWN_COLOUR = '#777777';

function partitionColours(result: ScenarioResult): ReadonlyMap<string, string> {
  const names = result.runs[0]?.partitions.map((p) => p.name) ?? [];
  return new Map(names.map((name, index) => [name, colourAt(index)]));
}

function colourAt(index: number): string {
  const base = PALETTE[index % PALETTE.length]!;
  if (index < PALETTE.length) return base;
  // Beyond the palette, repeat its hues darker so neighbours in the legend still differ.
  const round = Math.floor(index / PALETTE.length);
  const darken = (channel: string): string =>
    Math.round(Number.parseInt(channel, 16) * 0.7 ** round)
      .toString(16)
      .padStart(2, '0');
  return `#${darken(base.slice(1, 3))}${darken(base.slice(3, 5))}${darken(base.slice(5, 7))}`;
}

function swatch(colour: string): string {
  return `<span class="swatch" style="background:${colour}"></span>`;
}

// ---------------------------------------------------------------------------------------------
// Header and headlines

function header(result: ScenarioResult, scenario: Scenario, traces: readonly RunTrace[], version: string): string {
  const { host } = scenario;
  const lps = host.cores * host.threadsPerCore;
  const modes = result.runs
    .map((run) => `<li><strong>${esc(run.mode)}</strong>: ${esc(MODE_DESCRIPTIONS[run.mode])}</li>`)
    .join('');
  const windows = traces.map((trace) => `${esc(trace.mode)} ${msRange(trace.window.from, trace.window.to)}`).join(', ');
  const facts: [string, string][] = [
    ['seed', esc(String(result.scenario.seed))],
    ['duration', esc(`${formatNanos(result.scenario.durationNs)} simulated`)],
    [
      'host',
      esc(`${host.cores} cores × ${host.threadsPerCore} threads = ${lps} LPs, SMT throughput ${host.smtThroughput}`),
    ],
    ['modes', `<ul class="modes">${modes}</ul>`],
    ['traced', windows === '' ? 'nothing' : windows],
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
    '<table class="bits">',
    '<thead><tr><th class="num">bit</th><th>field</th><th class="num">value</th><th>note</th></tr></thead>',
    `<tbody>\n${rows}\n</tbody>`,
    '</table>',
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

function comparisonSection(comparison: Comparison, colours: ReadonlyMap<string, string>): string {
  const columns = comparison.modes.length + 1;
  const head = `<thead><tr><th></th>${comparison.modes.map((mode) => `<th class="num">${esc(mode)}</th>`).join('')}</tr></thead>`;
  const blocks = inDisplayOrder(comparison.partitions).map((block) => partitionBlock(block, columns, colours));
  const host = [
    `<tbody class="host"><tr class="block"><th colspan="${columns}">host</th></tr>`,
    hostRow('utilisation', comparison.host.map((h) => h.utilisation)),
    hostRow('forced idle', comparison.host.map((h) => h.forcedIdleShare)),
    hostRow('mixed', comparison.host.map((h) => h.mixedShare)),
    '</tbody>',
  ].join('\n');
  const cgroups =
    comparison.cgroups.length === 0
      ? ''
      : [
          `<tbody class="cgroups"><tr class="block"><th colspan="${columns}">cgroup limits (cpu.max)</th></tr>`,
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
          `<tbody class="cpusets"><tr class="block"><th colspan="${columns}">time outside the cpuset</th></tr>`,
          ...comparison.cpusets.map((row) => {
            const cells = row.outside.map((share) => (share < 0.001 ? `<td class="num held">${percent(share)} ✓</td>` : `<td class="num broken">${percent(share)} ✗</td>`));
            return `<tr><th class="metric">${esc(row.label)}</th>${cells.join('')}</tr>`;
          }),
          '</tbody>',
        ].join('\n');
  const inside = comparison.inside.map((view) =>
    [
      `<tbody class="inside"><tr class="block"><th colspan="${columns}">seen from inside ${esc(view.partition)} / really</th></tr>`,
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
    '<table class="comparison">',
    head,
    ...blocks,
    host,
    cgroups,
    cpusets,
    ...inside,
    '</table>',
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

function partitionBlock(block: PartitionBlock, columns: number, colours: ReadonlyMap<string, string>): string {
  const child = block.parent !== null;
  const kind = child ? `child of ${block.parent}` : block.kind;
  const rows = PARTITION_ROWS.map((row) => {
    const cells = block.cells.map((cell) => {
      const value = row.value(cell);
      if (value === null) return '<td class="num muted">–</td>';
      const heat = row.heat === true && value > 0 ? ` style="background:${heatColour(value)}"` : '';
      return `<td class="num"${heat}>${esc(row.format(value))}</td>`;
    });
    return `<tr><th class="metric">${row.label}</th>${cells.join('')}</tr>`;
  });
  return [
    `<tbody class="partition${child ? ' child' : ''}" data-partition="${esc(block.name)}">`,
    `<tr class="block"><th colspan="${columns}">${swatch(colours.get(block.name) ?? UNKNOWN_COLOUR)}${esc(block.name)} <span class="kind">${esc(kind)}</span></th></tr>`,
    ...rows,
    '</tbody>',
  ].join('\n');
}

function heatColour(share: number): string {
  // Saturates at half the time stolen: past that the cell is already unmistakable.
  const alpha = Math.min(1, share / 0.5) * 0.55;
  return `rgba(209, 73, 91, ${alpha.toFixed(3)})`;
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
        return share === 0 ? '<td class="num">–</td>' : `<td class="num" style="background:${heatColour(share)}">${esc(percent(share))}</td>`;
      });
      const why = causeShares(victim).map((c) => `${CAUSE_INFO[c.cause].label} ${percent(c.share)}`).join(', ');
      return `<tr><th class="metric">${esc(victim.name)}</th>${cells.join('')}<td>${esc(why)}</td></tr>`;
    });
    return [`<table class="theft"><caption>${esc(run.mode)}: who took each partition's steal</caption>`, `<thead>${head}</thead>`, `<tbody>${rows.join('')}</tbody>`, '</table>'];
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

// Drawn at its own pixel size: two charts side by side fit 1200 px, and text never shrinks below 12 px.
const BAR = { width: 560, label: 78, bar: 232, row: 26, height: 18, pad: 6 } as const;
const STATES = ['run', 'steal', 'idle'] as const;

function barsSection(result: ScenarioResult, comparison: Comparison, colours: ReadonlyMap<string, string>): string {
  const charts = inDisplayOrder(comparison.partitions).map((block, index) =>
    barChart(block, index, result.runs, colours.get(block.name) ?? UNKNOWN_COLOUR),
  );
  const legend = [
    `<li>${swatch(STATE_COLOURS.run)}run</li>`,
    ...CAUSES.map((cause) => `<li>${swatch(CAUSE_COLOURS[cause])}steal: ${CAUSE_INFO[cause].label}</li>`),
    `<li>${swatch(STATE_COLOURS.idle)}idle</li>`,
  ].join('');
  return [
    '<section id="bars">',
    '<h2>Where each partition\'s VP time went</h2>',
    '<p class="muted">Each bar is one mode: the shares of its VPs\' whole time (run + steal + idle = 100 %) spent ' +
      'running on an LP, stolen (had work, not on an LP) and idle (no work). This is a budget of time, so its steal ' +
      'is steal over the whole run, not the steal/wanted of the table above; a segment\'s tip gives both. The steal is ' +
      'stacked by its cause, as in the matrix above.</p>',
    `<ul class="legend">${legend}</ul>`,
    `<div class="bar-grid">\n${charts.join('\n')}\n</div>`,
    '</section>',
  ].join('\n');
}

function barChart(block: PartitionBlock, index: number, runs: readonly RunResult[], colour: string): string {
  const height = BAR.pad * 2 + runs.length * BAR.row;
  const rows = runs.map((run, i) => {
    const y = BAR.pad + i * BAR.row;
    const partition = run.partitions.find((p) => p.name === block.name);
    return barRow(run.mode, partition, y);
  });
  const label = `${block.name}: run, steal and idle shares of its VPs' time per mode`;
  const child = block.parent === null ? '' : ' child';
  return [
    `<figure class="bar-figure${child}">`,
    `<figcaption>${swatch(colour)}${esc(block.name)} <span class="kind">${esc(block.parent === null ? block.kind : `child of ${block.parent}`)}</span></figcaption>`,
    `<svg id="bars-${index}" class="bar-chart" role="img" aria-label="${esc(label)}" viewBox="0 0 ${BAR.width} ${height}" width="${BAR.width}" height="${height}">`,
    ...rows,
    '</svg>',
    '</figure>',
  ].join('\n');
}

function barRow(mode: Mode, partition: PartitionResult | undefined, y: number): string {
  const textY = num(y + BAR.height / 2 + 4);
  const name = `<text x="0" y="${textY}" class="axis-label">${esc(mode)}</text>`;
  const ns = partition === undefined ? { run: 0, steal: 0, idle: 0 } : { run: partition.runNs, steal: partition.stealNs, idle: partition.idleNs };
  const total = ns.run + ns.steal + ns.idle;
  const frame = `<rect x="${BAR.label}" y="${y}" width="${BAR.bar}" height="${BAR.height}" class="bar-frame"/>`;
  if (total === 0) {
    return `${name}${frame}<text x="${BAR.label + BAR.bar + 10}" y="${textY}" class="value-label">no VPs</text>`;
  }
  let x = BAR.label;
  const segment = (part: number, fill: string, tip: string): string => {
    const width = (part / total) * BAR.bar;
    const rect = `<rect x="${num(x)}" y="${y}" width="${num(width)}" height="${BAR.height}" fill="${fill}"><title>${esc(tip)}</title></rect>`;
    x += width;
    return rect;
  };
  const own = " of its VPs' time";
  // The bar is a budget of the whole time: its steal is not the table's steal/wanted, so the tips give both.
  const wanted = `steal/wanted ${percent(partition!.stealShare)}`;
  const segments = [
    segment(ns.run, STATE_COLOURS.run, `${mode}: run ${percent(ns.run / total)}${own}`),
    // Stacked in one order in every mode, so the same cause sits in the same place down a chart.
    ...CAUSES.filter((cause) => partition!.stealCauses[cause] > 0).map((cause) => {
      const part = partition!.stealCauses[cause];
      return segment(part, CAUSE_COLOURS[cause], `${mode}: steal (${CAUSE_INFO[cause].label}) ${percent(part / total)}${own}, ${percent(part / ns.steal)} of its steal (${wanted})`);
    }),
    segment(ns.idle, STATE_COLOURS.idle, `${mode}: idle ${percent(ns.idle / total)}${own}`),
  ];
  const summary = STATES.map((state) => `${state} ${percent(ns[state] / total)}`).join(' · ');
  return `${name}${segments.join('')}${frame}<text x="${BAR.label + BAR.bar + 10}" y="${textY}" class="value-label">${esc(summary)}</text>`;
}

// ---------------------------------------------------------------------------------------------
// LP timelines

const TIMELINE = { width: 1140, label: 92, right: 16, row: 16, gap: 4, top: 6, axis: 30 } as const;
/** Ticks land on 1, 2 or 5 × a power of ten milliseconds, about this many per window. */
const TARGET_TICKS = 10;

function timelinesSection(result: ScenarioResult, traces: readonly RunTrace[], scenario: Scenario, colours: ReadonlyMap<string, string>): string {
  const intro =
    '<p class="muted">One row per LP over the trace window, coloured by the partition whose VP ran there. ' +
    'Hatched: forced idle (the core belongs to a partition with nothing to run on that LP). Blank: idle. ' +
    'A marker left of the LP names the L1VH that owns its core.</p>';
  if (traces.length === 0) {
    return `<section id="timelines">\n<h2>LP timelines</h2>\n<p>No trace window was recorded for this report.</p>\n</section>`;
  }
  const names = result.runs[0]?.partitions.map((p) => p.name) ?? [];
  const legend = [
    ...names.map((name) => `<li>${swatch(colours.get(name) ?? UNKNOWN_COLOUR)}${esc(name)}</li>`),
    '<li><span class="swatch hatched"></span>forced idle</li>',
    '<li><span class="swatch blank"></span>idle</li>',
  ].join('');
  return [
    '<section id="timelines">',
    '<h2>LP timelines</h2>',
    intro,
    `<ul class="legend">${legend}</ul>`,
    ...traces.map((trace) => timeline(trace, scenario, colours)),
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

function timeline(trace: RunTrace, scenario: Scenario, colours: ReadonlyMap<string, string>): string {
  const { from, to } = trace.window;
  if (!(to > from)) throw new RangeError(`trace window of ${trace.mode}: ${from}–${to} ns is empty`);
  const lps = scenario.host.cores * scenario.host.threadsPerCore;
  const plot = TIMELINE.width - TIMELINE.label - TIMELINE.right;
  const x = (t: number): number => TIMELINE.label + ((t - from) / (to - from)) * plot;
  const rowY = (lp: number): number => TIMELINE.top + lp * (TIMELINE.row + TIMELINE.gap);
  const plotBottom = rowY(lps) - TIMELINE.gap;
  const height = plotBottom + TIMELINE.axis;
  const hatch = `hatch-${trace.mode}`;

  const owners = l1vhOwners(scenario);
  const rows: string[] = [];
  for (let lp = 0; lp < lps; lp++) {
    const y = rowY(lp);
    const core = Math.floor(lp / scenario.host.threadsPerCore);
    const owner = owners.get(core);
    if (owner !== undefined) {
      rows.push(`<rect x="0" y="${y}" width="4" height="${TIMELINE.row}" fill="${colours.get(owner) ?? UNKNOWN_COLOUR}"><title>${esc(`core ${core} belongs to ${owner}`)}</title></rect>`);
    }
    rows.push(`<text x="8" y="${y + TIMELINE.row - 4}" class="axis-label">${esc(`LP ${lp} · core ${core}`)}</text>`);
    rows.push(`<rect x="${TIMELINE.label}" y="${y}" width="${plot}" height="${TIMELINE.row}" class="lane"/>`);
  }

  const ran = merged(trace.lpSlices.map((s) => ({ lp: s.lp, start: s.start, end: s.end, partition: partitionOf(trace, s.vp) })));
  const forced = merged(trace.forcedSlices.map((s) => ({ lp: s.lp, start: s.start, end: s.end, partition: '' })));
  const spans = [
    ...forced.map((s) => spanRect(s, x, rowY(s.lp), `url(#${hatch})`, 'forced idle')),
    ...ran.map((s) => spanRect(s, x, rowY(s.lp), colours.get(s.partition) ?? UNKNOWN_COLOUR, s.partition)),
  ];

  const ticks = tickTimes(from, to).map((t) => {
    const tx = num(x(t));
    return (
      `<line x1="${tx}" y1="${TIMELINE.top}" x2="${tx}" y2="${plotBottom + 4}" class="grid"/>` +
      `<text x="${tx}" y="${plotBottom + 18}" class="tick" text-anchor="middle">${esc(msLabel(t))}</text>`
    );
  });

  const label = `${trace.mode}: what ran on each of the ${lps} LPs from ${msRange(from, to)}, coloured by partition`;
  return [
    `<figure class="timeline-figure">`,
    `<figcaption><strong>${esc(trace.mode)}</strong>, ${esc(msRange(from, to))}</figcaption>`,
    `<svg id="timeline-${esc(trace.mode)}" class="timeline" role="img" aria-label="${esc(label)}" viewBox="0 0 ${TIMELINE.width} ${height}" width="100%">`,
    `<defs><pattern id="${hatch}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
      `<rect width="6" height="6" fill="#f0f0f0"/><line x1="0" y1="0" x2="0" y2="6" stroke="#9a9a9a" stroke-width="2.5"/></pattern></defs>`,
    ...rows,
    ...ticks,
    ...spans,
    `<text x="${TIMELINE.width - TIMELINE.right}" y="${height - 2}" class="tick" text-anchor="end">ms</text>`,
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
  return `<rect x="${num(left)}" y="${y}" width="${num(x(span.end) - left)}" height="${TIMELINE.row}" fill="${fill}"><title>${esc(title)}</title></rect>`;
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
    '<table class="assumptions">',
    '<thead><tr><th class="title">assumption</th><th class="statement">what hvsched does</th><th class="key">changed by</th><th>source</th></tr></thead>',
    `<tbody>\n${rows}\n</tbody>`,
    '</table>',
    '</section>',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Text

/** SVG coordinates to two decimals: sub-pixel detail only adds bytes. */
function num(value: number): string {
  return String(Number(value.toFixed(2)));
}

const CSS = `
:root { color-scheme: light; --ink: #1f2328; --muted: #5b636e; --line: #d6dae0; --steal: ${STATE_COLOURS.steal}; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fafbfc; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 8px; }
h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 12px 0 4px; }
code { font: 13px ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.description { white-space: pre-line; margin: 0 0 12px; max-width: 70em; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 12px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.modes { margin: 0; padding: 0; list-style: none; }
.caveat { background: #fff8e1; border-left: 4px solid #e0b000; padding: 8px 12px; margin: 12px 0 4px; }
.generated, .muted { color: var(--muted); }
.generated { font-size: 13px; margin: 4px 0 0; }
.headlines { background: #fdf1f2; border: 1px solid #f1c6cc; border-left: 6px solid var(--steal); padding: 4px 18px 10px; margin-top: 20px; }
.headlines h2 { border: 0; margin: 10px 0 4px; }
.headlines li { font-size: 17px; font-weight: 600; margin: 4px 0; }
.outcome { font-weight: 700; font-size: 16px; }
.outcome-integrated { color: #1d6b3f; }
.outcome-driver-failed { color: #a32030; }
.gate-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
table { border-collapse: collapse; }
th, td { padding: 3px 10px; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--line); }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.bits { width: 100%; }
.bits .num { white-space: nowrap; }
.bits td, .bits th { border-bottom: 1px solid #eef0f3; }
.bits .key-bit { font-weight: 700; background: #e9f4ec; }
.bits .reserved { color: var(--muted); }
.steps li { margin: 2px 0; }
.comparison { min-width: 60%; }
.theft { margin: 14px 0; }
.theft caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
.theft td, .theft th { border-bottom: 1px solid #eef0f3; padding: 3px 10px; }
.comparison td { min-width: 9em; }
.comparison .block th { background: #f3f5f8; border-top: 1px solid var(--line); padding-top: 6px; }
.comparison .metric { font-weight: 400; padding-left: 26px; }
.comparison .child .block th { padding-left: 30px; }
.comparison .child .metric { padding-left: 50px; }
.kind { color: var(--muted); font-weight: 400; font-size: 13px; margin-left: 6px; }
.held { color: #1d6b3f; }
.broken { color: #a32030; font-weight: 700; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; border: 1px solid rgba(0,0,0,.15); }
.swatch.hatched { background: repeating-linear-gradient(45deg, #f0f0f0 0 2px, #9a9a9a 2px 4px); }
.swatch.blank { background: #fff; }
.legend { list-style: none; padding: 0; margin: 6px 0 10px; display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 14px; }
.bar-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 28px; }
figure { margin: 0; }
figcaption { font-weight: 600; margin: 6px 0 2px; }
.bar-figure.child figcaption { padding-left: 20px; }
.timeline-figure { margin: 10px 0 18px; }
svg { display: block; font-family: inherit; }
svg.bar-chart { max-width: 100%; height: auto; }
svg .axis-label { font-size: 12px; fill: var(--ink); }
svg .value-label { font-size: 12px; fill: var(--ink); font-variant-numeric: tabular-nums; }
svg .tick { font-size: 11px; fill: var(--muted); }
svg .grid { stroke: #e3e6ea; stroke-width: 1; }
svg .lane { fill: #fff; stroke: #d6dae0; stroke-width: 0.5; }
svg .bar-frame { fill: none; stroke: #b9bfc7; stroke-width: 0.75; }
.assumptions { width: 100%; table-layout: fixed; }
.assumptions .title { width: 22%; }
.assumptions .statement { width: 44%; }
.assumptions .key { width: 22%; }
.assumptions code { overflow-wrap: anywhere; }
.assumptions td, .assumptions th { border-bottom: 1px solid #eef0f3; }
.assumptions .source { color: var(--muted); }
@media (max-width: 900px) { .gate-grid, .bar-grid { grid-template-columns: 1fr; } }
`;
