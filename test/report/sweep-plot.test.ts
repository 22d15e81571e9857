import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { renderSweepPlot, sweepPlotFormatOf, sweepPlotSpec } from '../../src/report/sweep-plot.js';
import { childVpsSweep, MISSING, MODES, sweep } from './sweep-fixture.js';

/** The elements of one Vega mark group (`concat_<chart>_layer_<layer>_marks`), as SVG text. */
function markGroups(svg: string, chart: number, layer: number): string[] {
  const open = new RegExp(`<g class="mark-[a-z]+ role-mark concat_${chart}_layer_${layer}_marks"[^>]*>(.*?)</g>`, 'g');
  return [...svg.matchAll(open)].map((match) => match[1]!);
}

const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]!);

// Layer order in every chart: 0 the bands, 1 the lines, 2 the points.
const BANDS = 0;
const LINES = 1;
const POINTS = 2;

describe('sweep plot as SVG', () => {
  const warnings: unknown[] = [];
  beforeEach(() => {
    warnings.length = 0;
    vi.spyOn(console, 'warn').mockImplementation((...args) => void warnings.push(args));
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  test('one SVG holds a chart per metric, titled, with units on the axes and a legend of the modes', async () => {
    const svg = await renderSweepPlot(childVpsSweep(), 'svg');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toMatch(/^<svg[^>]* width="\d+" height="\d+"/);
    expect(svg).toMatch(/^<svg[^>]*><rect width="\d+" height="\d+" fill="#ffffff"\/>/);
    const labels = texts(svg);
    for (const title of ['l1vh.stealShare', 'l1vh.wakeP99', 'l1vh.stealShare (%)', 'l1vh.wakeP99 (ms)', 'partitions.l1vh.children.child-a.vps']) {
      expect(labels).toContain(title);
    }
    expect(labels.filter((label) => label === 'l1vh-minimal · 5 seeds per cell · mean and 95 % CI')).toHaveLength(2);
    expect(svg).toMatch(/aria-roledescription="legend" aria-label="[^"]*titled 'mode'[^"]*2 values: core, integrated"/);
    expect(warnings).toEqual([]);
  });

  test('every text is at least 11 px', async () => {
    const svg = await renderSweepPlot(childVpsSweep(), 'svg');
    const sizes = [...svg.matchAll(/<text[^>]* font-size="(\d+(?:\.\d+)?)px"/g)].map((match) => Number(match[1]));
    expect(sizes.length).toBe(texts(svg).length);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11);
  });

  test('each chart draws one line and one band per mode, in its colour, with shares in % and nanoseconds in ms', async () => {
    const svg = await renderSweepPlot(childVpsSweep(), 'svg');
    for (const chart of [0, 1]) {
      const lines = markGroups(svg, chart, LINES);
      expect(lines).toHaveLength(MODES.length);
      for (const [index, mode] of MODES.entries()) {
        expect(lines[index]).toMatch(new RegExp(`^<path [^>]*mode: ${mode}"[^>]* d="M[^"]+" stroke="#[0-9a-f]{6}"`));
      }
      expect(markGroups(svg, chart, BANDS)).toHaveLength(MODES.length);
      for (const band of markGroups(svg, chart, BANDS)) expect(band).toMatch(/^<path [^>]* d="M[^"]+Z" fill="#[0-9a-f]{6}" fill-opacity="0.18"/);
    }
    const [steal] = markGroups(svg, 0, POINTS);
    // The fixture's core steal at 5 VPs is 0.5: 50 %.
    expect(steal).toContain('partitions.l1vh.children.child-a.vps: 5; l1vh.stealShare (%): 50; mode: core');
    const [latency] = markGroups(svg, 1, POINTS);
    expect(latency).toContain('partitions.l1vh.children.child-a.vps: 5; l1vh.wakeP99 (ms): 10; mode: core');
  });

  test('an estimate no seed measured leaves a gap: no point, the line broken, nothing drawn at 0', async () => {
    const svg = await renderSweepPlot(childVpsSweep(), 'svg');
    const [points] = markGroups(svg, 1, POINTS);
    const labels = [...points!.matchAll(/aria-label="([^"]*)"/g)].map((match) => match[1]!);
    expect(labels).toHaveLength(2 * 5 - 1);
    expect(labels.filter((label) => label.endsWith(`mode: ${MISSING.mode}`)).map((label) => label.split(';')[0])).toEqual(
      [1, 2, 4, 5].map((vps) => `partitions.l1vh.children.child-a.vps: ${vps}`),
    );
    const integrated = markGroups(svg, 1, LINES)[MODES.indexOf(MISSING.mode)]!;
    const path = /d="([^"]+)"/.exec(integrated)![1]!;
    expect(path.match(/M/g)).toHaveLength(2);
  });

  test('the same sweep gives the same bytes', async () => {
    const first = await renderSweepPlot(childVpsSweep(), 'svg');
    expect(await renderSweepPlot(childVpsSweep(), 'svg')).toBe(first);
    expect(await renderSweepPlot(childVpsSweep(), 'html')).toBe(await renderSweepPlot(childVpsSweep(), 'html'));
    expect(first).not.toMatch(/\bid="/);
  });
});

describe('sweep plot spec', () => {
  test('a line per mode coloured by mode, a band from ciLow to ciHigh, units in the axis titles', () => {
    const spec = sweepPlotSpec(childVpsSweep()) as unknown as {
      data: { values: { metric: string; mode: string; mean: number | null }[] };
      vconcat: { title: { text: string; subtitle: string }; layer: { mark: { type: string }; encoding: Record<string, { field?: string; title?: string; scale?: { domain?: unknown } }> }[] }[];
    };
    expect(spec.vconcat.map((chart) => chart.title.text)).toEqual(['l1vh.stealShare', 'l1vh.wakeP99']);
    for (const [index, chart] of spec.vconcat.entries()) {
      const [band, line, points] = chart.layer;
      expect(band!.mark.type).toBe('area');
      expect(band!.encoding['y']!.field).toBe('ciLow');
      expect(band!.encoding['y2']!.field).toBe('ciHigh');
      expect(line!.mark.type).toBe('line');
      expect(points!.mark.type).toBe('point');
      for (const layer of chart.layer) {
        expect(layer.encoding['color']!.field).toBe('mode');
        expect(layer.encoding['color']!.scale!.domain).toEqual(MODES);
      }
      expect(line!.encoding['y']!.title).toBe(['l1vh.stealShare (%)', 'l1vh.wakeP99 (ms)'][index]);
      expect(line!.encoding['x']!.title).toBe('partitions.l1vh.children.child-a.vps');
      expect(chart.title.subtitle).toContain('95 % CI');
    }
    const missing = spec.data.values.filter((row) => row.mean === null);
    expect(missing).toEqual([expect.objectContaining({ metric: MISSING.metric, mode: MISSING.mode, mean: null })]);
  });

  test('durations along x are plotted in ms on a quantitative axis; other strings stay in their order', () => {
    const x = (values: readonly (string | number)[]) => {
      const spec = sweepPlotSpec(sweep([{ path: 'hypervisor.quantum', values }], () => 0.5)) as unknown as {
        vconcat: { layer: { encoding: { x: { type: string; title: string; scale: unknown } } }[] }[];
      };
      return spec.vconcat[0]!.layer[0]!.encoding.x;
    };
    expect(x(['1ms', '500us', '10ms'])).toMatchObject({ type: 'quantitative', title: 'hypervisor.quantum (ms)' });
    expect(x(['fair', 'core'])).toMatchObject({ type: 'ordinal', title: 'hypervisor.quantum', scale: { domain: ['fair', 'core'] } });
    expect(x(['1ms', 'fair'])).toMatchObject({ type: 'ordinal' });
  });

  test('a second parameter is told by stroke dash and named in its legend; further ones make a panel per combination', async () => {
    const parameters = [
      { path: 'hypervisor.quantum', values: ['1ms', '5ms'] },
      { path: 'partitions.l1vh.vps', values: [2, 4] },
      { path: 'host.cores', values: [4] },
      { path: 'host.smtThroughput', values: [1.2, 1.6] },
    ];
    const result = sweep(parameters, (mode, _metric, values) => (mode === 'core' ? 0.1 : 0.01) * (values[1] as number));
    const spec = sweepPlotSpec(result) as unknown as {
      vconcat: { facet: { field: string }; spec: { layer: { encoding: Record<string, { field: string; title?: string }> }[] } }[];
    };
    const chart = spec.vconcat[0]!;
    expect(chart.facet.field).toBe('panel');
    expect(chart.spec.layer[1]!.encoding['strokeDash']).toMatchObject({ field: 'series', title: 'partitions.l1vh.vps' });
    const svg = await renderSweepPlot(result, 'svg');
    const labels = texts(svg);
    expect(labels).toContain('host.smtThroughput = 1.2');
    expect(labels).toContain('host.smtThroughput = 1.6');
    // host.cores takes one value: it varies nothing, so it names no panel.
    expect(labels.some((label) => label.includes('host.cores'))).toBe(false);
    expect(svg).toMatch(/aria-label="[^"]*titled 'partitions.l1vh.vps'[^"]*2 values: 2, 4"/);
  });
});

describe('sweep plot as HTML', () => {
  test('one self-contained page: the SVG inline, a caption and the spec as JSON data, no URL anywhere', async () => {
    const html = await renderSweepPlot(childVpsSweep(), 'html');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/https?:/);
    expect(html).not.toMatch(/<(link|img|iframe)\b|<script(?![^>]*type="application\/json")|@import|url\(/);
    expect(html).toContain('<svg ');
    expect(html).toContain('95 % confidence interval');
    const spec = /<script type="application\/json" id="vega-lite-spec">([^]*?)<\/script>/.exec(html)?.[1];
    expect(spec).toBeDefined();
    expect(JSON.parse(spec!)).toEqual(JSON.parse(JSON.stringify(sweepPlotSpec(childVpsSweep()))));
  });

  test('a scenario name cannot close the spec script or inject markup', async () => {
    const result = { ...childVpsSweep(), scenario: { name: '</script><b>x</b>', seed: 1, durationNs: 1e9 } };
    const html = await renderSweepPlot(result, 'html');
    expect(html).not.toContain('<b>x</b>');
    const spec = /<script type="application\/json" id="vega-lite-spec">([^]*?)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(spec).description).toBe('hvsched sweep of </script><b>x</b>');
  });
});

test.each([
  ['out/sweep.svg', 'svg'],
  ['sweep.HTML', 'html'],
  ['sweep.png', null],
  ['svg', null],
  ['dir.svg/plot', null],
] as const)('--plot %s is written as %s', (file, format) => {
  expect(sweepPlotFormatOf(file)).toBe(format);
});
