// A sweep as charts: one per metric, the first varied parameter along x, a line per mode with its
// 95 % confidence band behind it. Vega-Lite states the chart and Vega draws it headless, so axes,
// ticks, legends and layout come from a library rather than from hand-placed SVG; the spec itself
// goes into the HTML page too, for readers who want to restyle it in their own Vega tools.
//
// More parameters than x: the second is told apart by stroke dash (named in a legend); each
// combination of the third and later ones gets its own panel, the panels of a metric wrapped into
// rows of PANEL_COLUMNS under the metric's title. A parameter that takes a single value varies
// nothing and takes no channel. An estimate that no seed measured breaks its line and band there:
// a gap, never a 0 or a line drawn across cells that have no value.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Mode } from '../model/scenario.js';
import { NS_PER_MS } from '../model/time.js';
import { parseDuration } from '../scenario/duration.js';
import type { MetricUnit, ParameterValue, SweepParameter, SweepResult } from '../sweep/result.js';
import { esc, htmlPage } from './html-page.js';

export type SweepPlotFormat = 'svg' | 'html';

export async function renderSweepPlot(result: SweepResult, format: SweepPlotFormat): Promise<string> {
  const svg = await renderSweepSvg(result);
  switch (format) {
    case 'svg':
      return svg;
    case 'html':
      return sweepHtml(result, svg);
  }
}

/** The format `--plot` writes, told by the file's extension; null for any other extension. */
export function sweepPlotFormatOf(file: string): SweepPlotFormat | null {
  const extension = /\.([^./\\]+)$/.exec(file)?.[1]?.toLowerCase();
  return extension === 'svg' || extension === 'html' ? extension : null;
}

/** The charts as one standalone SVG document: fixed pixel sizes on a white background. */
async function renderSweepSvg(result: SweepResult): Promise<string> {
  const view = new vega.View(vega.parse(compile(sweepPlotSpec(result)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

// ---------------------------------------------------------------------------------------------
// The spec

/** Mode colours, the same in every sweep; core in the red the HTML report gives steal. */
const MODE_COLOURS = {
  root: '#9c755f',
  classic: '#4e79a7',
  'classic-nosmt': '#76b7b2',
  core: '#d1495b',
  integrated: '#3d8b5f',
} as const satisfies Record<Mode, string>;

/** How each unit is shown: the factor from the document's value and the axis title's suffix. */
const UNIT_DISPLAY = {
  share: { factor: 100, label: '%' },
  cpus: { factor: 1, label: 'CPUs' },
  ns: { factor: 1 / NS_PER_MS, label: 'ms' },
} as const satisfies Record<MetricUnit, { factor: number; label: string }>;

const PANEL_WIDTH = 420;
const PANEL_HEIGHT = 240;
/** Panels side by side are narrower, so that two and the legends fit a 1100 px page. */
const FACET_PANEL_WIDTH = 340;
const PANEL_COLUMNS = 2;
/** Beyond this many values, x ticks are left to the axis rather than one per value. */
const MAX_TICK_VALUES = 12;
/** A label character at 11 px, wide enough to tell whether ordinal labels fit side by side. */
const APPROX_CHAR_WIDTH = 7;
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif';

// Vega-Lite's spec types, reached through its one stable export.
type Chart = Extract<TopLevelSpec, { vconcat: unknown }>['vconcat'][number];
type LayeredChart = Extract<Chart, { layer: unknown }>;

/** One estimate as plotted: values already in the unit shown, null where nothing was measured. */
interface SweepPlotRow {
  readonly metric: string;
  readonly mode: Mode;
  readonly x: number | string;
  /** The second varied parameter's value, as written. */
  readonly series: string;
  /** The third and later varied parameters, as `path = value, …`. */
  readonly panel: string;
  readonly mean: number | null;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly seeds: number;
}

type XAxis =
  | { readonly kind: 'number'; readonly title: string; readonly values: readonly number[] }
  | { readonly kind: 'duration'; readonly title: string; readonly values: readonly number[] }
  | { readonly kind: 'ordinal'; readonly title: string; readonly values: readonly string[] };

interface Layout {
  /** Indexes into the result's parameters: those with more than one value. */
  readonly varied: readonly number[];
  readonly x: XAxis;
  /** Where a cell's value of the x parameter is plotted. */
  readonly xOf: (value: ParameterValue | undefined) => number | string;
  readonly series: SweepParameter | null;
  readonly panels: readonly SweepParameter[];
}

/** The Vega-Lite spec of the charts, data inline: what `renderSweepPlot` draws. */
export function sweepPlotSpec(result: SweepResult): TopLevelSpec {
  const layout = layoutOf(result);
  const rows = sweepPlotRows(result, layout);
  const panelOrder = [...new Set(rows.map((row) => row.panel))];
  const charts = result.metrics.map((metric): Chart => {
    const layers = metricLayers(result, layout, `${metric.name} (${UNIT_DISPLAY[metric.unit].label})`);
    const title = {
      text: metric.name,
      subtitle: `${result.scenario.name} · ${result.seeds} ${result.seeds === 1 ? 'seed' : 'seeds'} per cell · mean and 95 % CI`,
    };
    const filter = { filter: { field: 'metric', equal: metric.name } };
    if (layout.panels.length === 0) return { title, transform: [filter], ...layers };
    return {
      title,
      transform: [filter],
      facet: {
        field: 'panel',
        type: 'ordinal' as const,
        sort: panelOrder,
        // The labels name their parameters already.
        title: null,
      },
      columns: PANEL_COLUMNS,
      spec: layers,
    };
  });
  return {
    description: `hvsched sweep of ${result.scenario.name}`,
    data: { values: rows },
    vconcat: charts,
    spacing: 36,
    config: {
      background: '#ffffff',
      font: FONT,
      padding: 16,
      title: { fontSize: 15, subtitleFontSize: 12, subtitleColor: '#5b636e', anchor: 'start', offset: 10 },
      axis: { labelFontSize: 11, titleFontSize: 12, titlePadding: 8 },
      legend: { labelFontSize: 11, titleFontSize: 12, symbolStrokeWidth: 2 },
      header: { labelFontSize: 12, titleFontSize: 12 },
      mark: { invalid: 'break-paths-filter-domains' },
    },
  };
}

function metricLayers(result: SweepResult, layout: Layout, yTitle: string): LayeredChart {
  const x = xEncoding(layout.x);
  const color = {
    field: 'mode',
    type: 'nominal' as const,
    title: 'mode',
    scale: { domain: [...result.modes], range: result.modes.map((mode) => MODE_COLOURS[mode]) },
    legend: { symbolType: 'stroke' },
  };
  const mean = { field: 'mean', type: 'quantitative' as const, title: yTitle };
  const series = layout.series;
  const dash =
    series === null
      ? {}
      : {
          strokeDash: {
            field: 'series',
            type: 'nominal' as const,
            title: series.path,
            scale: { domain: series.values.map(String) },
            legend: { symbolType: 'stroke' },
          },
        };
  return {
    width: layout.panels.length === 0 ? PANEL_WIDTH : FACET_PANEL_WIDTH,
    height: PANEL_HEIGHT,
    layer: [
      {
        mark: { type: 'area' as const, fillOpacity: 0.18 },
        encoding: {
          x,
          y: { field: 'ciLow', type: 'quantitative' as const, title: yTitle },
          y2: { field: 'ciHigh' },
          color,
          ...(series === null ? {} : { detail: { field: 'series', type: 'nominal' as const } }),
        },
      },
      {
        mark: { type: 'line' as const, strokeWidth: 2 },
        encoding: { x, y: mean, color, ...dash },
      },
      // Points as a layer of their own, not the line's overlay, so the dash legend shows strokes.
      { mark: { type: 'point' as const, filled: true, size: 36, opacity: 1 }, encoding: { x, y: mean, color } },
    ],
  };
}

function xEncoding(axis: XAxis) {
  const common = { field: 'x', title: axis.title, axis: { labelAngle: 0 } };
  if (axis.kind === 'ordinal') {
    const widest = Math.max(...axis.values.map((value) => value.length)) * APPROX_CHAR_WIDTH;
    const slanted = widest > FACET_PANEL_WIDTH / axis.values.length ? { axis: { labelAngle: -40 } } : {};
    return { ...common, ...slanted, type: 'ordinal' as const, scale: { domain: [...axis.values] } };
  }
  // Ticks at the values swept, where they fit, so no tick suggests a cell that was not run.
  const values = axis.values.length <= MAX_TICK_VALUES ? { values: [...axis.values] } : {};
  return { ...common, type: 'quantitative' as const, scale: { zero: false }, axis: { ...common.axis, ...values } };
}

function layoutOf(result: SweepResult): Layout {
  const varied = result.parameters.flatMap((parameter, index) => (parameter.values.length > 1 ? [index] : []));
  const first = result.parameters[varied[0] ?? 0];
  const x = xAxisOf(first);
  const position = new Map<ParameterValue, number | string>((first?.values ?? []).map((value, index) => [value, x.values[index]!]));
  return {
    varied,
    x,
    xOf: (value) => (value === undefined ? x.values[0]! : position.get(value)!),
    series: varied[1] === undefined ? null : result.parameters[varied[1]]!,
    panels: varied.slice(2).map((index) => result.parameters[index]!),
  };
}

function xAxisOf(parameter: SweepParameter | undefined): XAxis {
  // A sweep of no parameter is a single cell: the scenario as written, at one x position.
  if (parameter === undefined) return { kind: 'ordinal', title: 'scenario', values: ['as written'] };
  const { path, values } = parameter;
  if (values.every((value) => typeof value === 'number')) return { kind: 'number', title: path, values };
  const durations = values.map((value) => (typeof value === 'string' ? parseDuration(value) : null));
  if (durations.every((parsed) => parsed?.ok === true)) {
    return { kind: 'duration', title: `${path} (ms)`, values: durations.map((parsed) => parsed.value / NS_PER_MS) };
  }
  return { kind: 'ordinal', title: path, values: values.map(String) };
}

function sweepPlotRows(result: SweepResult, layout: Layout): SweepPlotRow[] {
  const units = new Map(result.metrics.map((metric) => [metric.name, UNIT_DISPLAY[metric.unit].factor]));
  const [xIndex, seriesIndex, ...panelIndexes] = layout.varied;
  return result.cells.flatMap((cell) => {
    const x = layout.xOf(xIndex === undefined ? undefined : cell.values[xIndex]);
    const series = seriesIndex === undefined ? '' : String(cell.values[seriesIndex]);
    const panel = panelIndexes.map((index) => `${result.parameters[index]!.path} = ${String(cell.values[index])}`).join(', ');
    return cell.estimates.flatMap((estimate) => {
      const factor = units.get(estimate.metric);
      if (factor === undefined) return [];
      const scale = (value: number | null): number | null => (value === null ? null : value * factor);
      return [
        {
          metric: estimate.metric,
          mode: estimate.mode,
          x,
          series,
          panel,
          mean: scale(estimate.mean),
          ciLow: scale(estimate.ciLow),
          ciHigh: scale(estimate.ciHigh),
          seeds: estimate.seeds,
        },
      ];
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The page

function sweepHtml(result: SweepResult, svg: string): string {
  const spec = JSON.stringify(sweepPlotSpec(result), null, 2);
  const parameters = result.parameters.map((parameter) => `${parameter.path} (${parameter.values.map(String).join(', ')})`);
  return htmlPage(
    `hvsched sweep: ${result.scenario.name}`,
    CSS,
    [
      `<h1>hvsched sweep: ${esc(result.scenario.name)}</h1>`,
      `<p class="caption">${esc(
        `${result.cells.length} cells over ${parameters.join(' × ') || 'no parameter'}, ${result.seeds} seeds per cell. ` +
          'Each line is the mean over the seeds; the shaded band behind it is its 95 % confidence interval. ' +
          'A gap in a line is a cell where no seed measured that metric in that mode.',
      )}</p>`,
      // Inline SVG needs no namespace declarations, and leaving them out keeps the page free of URLs.
      `<figure class="charts">${svg.replace(/ xmlns(?::xlink)?="[^"]*"/g, '')}</figure>`,
      '<p class="spec-note">The Vega-Lite spec of these charts, data included, is in this page as ' +
        '<code>&lt;script type="application/json" id="vega-lite-spec"&gt;</code>: paste it into any Vega-Lite tool to restyle it.</p>',
    ],
    [
      // In a JSON script block only "</script" could end it early; \u003c keeps the JSON identical.
      `<script type="application/json" id="vega-lite-spec">${spec.replace(/</g, '\\u003c')}</script>`,
    ],
  );
}

const CSS = `
:root { color-scheme: light dark; --ink: #1f2328; --muted: #5b636e; --page: #fafbfc; --card: #ffffff; }
@media (prefers-color-scheme: dark) { :root { --ink: #e6e8eb; --muted: #a4acb6; --page: #15181c; --card: #1f2328; } }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--page); }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 48px; background: var(--card); }
h1 { font-size: 24px; margin: 0 0 8px; }
.caption, .spec-note { color: var(--muted); max-width: 70em; }
code { font: 13px ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.charts { margin: 16px 0; overflow-x: auto; }
.charts svg { display: block; border-radius: 6px; }
`;

