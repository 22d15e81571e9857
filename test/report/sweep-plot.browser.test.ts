// The sweep's charts as a reader sees them: Debian's Chromium, headless, with the network cut off,
// opening the SVG file and the HTML page, so a chart that does not draw, text that is hidden or a
// line that leaves its plot fails here.
import { mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { launchChromium, offlinePage, OUTPUT } from '../support/chromium.js';
import { renderSweepPlot } from '../../src/report/sweep-plot.js';
import { childVpsSweep, MODES } from './sweep-fixture.js';

const CHARTS = 2;
const VISIBLE_TEXTS = ['l1vh.stealShare', 'l1vh.wakeP99', 'l1vh.stealShare (%)', 'l1vh.wakeP99 (ms)', 'mode', ...MODES];

type Box = NonNullable<Awaited<ReturnType<Locator['boundingBox']>>>;

/** Per chart, the plot's frame and the boxes of its mode lines, in page pixels. */
async function chartBoxes(page: Page, chart: number): Promise<{ plot: Box | null; lines: (Box | null)[] }> {
  const group = page.locator(`g.concat_${chart}_group`);
  const plot = await group.locator(':scope > g > path.background').boundingBox();
  const lines = await Promise.all((await group.locator('g.mark-line.role-mark path').all()).map((line) => line.boundingBox()));
  return { plot, lines };
}

async function expectChartsDrawn(page: Page): Promise<void> {
  const svg = page.locator('svg').first();
  const size = await svg.boundingBox();
  expect(size?.width ?? 0).toBeGreaterThan(300);
  expect(size?.height ?? 0).toBeGreaterThan(300);
  for (const text of VISIBLE_TEXTS) {
    const element = page.locator('svg text').filter({ hasText: new RegExp(`^${text.replace(/[.()]/g, '\\$&')}$`) }).first();
    expect(await element.isVisible(), text).toBe(true);
    expect((await element.boundingBox())?.height ?? 0, text).toBeGreaterThanOrEqual(11);
  }
  // Chromium bounds a stroked path loosely (its stroke grown by the miter limit, rounded outwards),
  // the frame's box too: a few pixels either way, far less than a line drawn off its scale.
  const slack = 4;
  for (let chart = 0; chart < CHARTS; chart++) {
    const { plot, lines } = await chartBoxes(page, chart);
    expect(plot?.width ?? 0).toBeGreaterThan(200);
    expect(lines).toHaveLength(MODES.length);
    for (const line of lines) {
      expect(line?.width ?? 0).toBeGreaterThan(100);
      expect(line!.x).toBeGreaterThanOrEqual(plot!.x - slack);
      expect(line!.x + line!.width).toBeLessThanOrEqual(plot!.x + plot!.width + slack);
      expect(line!.y).toBeGreaterThanOrEqual(plot!.y - slack);
      expect(line!.y + line!.height).toBeLessThanOrEqual(plot!.y + plot!.height + slack);
    }
  }
}

test('the sweep plot renders in Chromium offline, as SVG and as HTML: sized, text visible, lines inside their plots', async (context) => {
  mkdirSync(OUTPUT, { recursive: true });
  const files = {
    svg: `${OUTPUT}sweep-plot.svg`,
    html: `${OUTPUT}sweep-plot.html`,
  };
  for (const format of ['svg', 'html'] as const) writeFileSync(files[format], await renderSweepPlot(childVpsSweep(), format));

  const browser = await launchChromium((message) => context.skip(message));
  try {
    for (const format of ['svg', 'html'] as const) {
      const { page, attempted, errors } = await offlinePage(browser, { width: 1100, height: 900 });

      await page.goto(pathToFileURL(files[format]).href, { waitUntil: 'load' });
      await expectChartsDrawn(page);
      if (format === 'html') {
        const spec = await page.locator('script#vega-lite-spec').textContent();
        expect(JSON.parse(spec ?? '')).toHaveProperty('vconcat');
      }

      // A full-page screenshot of a bare SVG document never completes in Chromium; the viewport holds it.
      await page.screenshot({ path: `${OUTPUT}sweep-plot.${format}.png`, fullPage: format === 'html' });
      expect(attempted).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}, 60_000);
