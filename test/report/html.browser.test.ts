// The report as a reader sees it: Debian's Chromium, headless, with the network cut off, so a
// chart that does not draw or a page that reaches for anything outside itself fails here.
import { mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { launchChromium, offlinePage, OUTPUT } from '../support/chromium.js';
import { ms } from '../../src/model/time.js';
import { compare } from '../../src/report/comparison.js';
import { flagship, render } from './render.js';


test('the report renders in Chromium offline: no errors, charts drawn, headlines visible', async (context) => {
  const scenario = flagship();
  const { html, result } = render(scenario, { from: 0, to: ms(100) });
  mkdirSync(OUTPUT, { recursive: true });
  const file = `${OUTPUT}report.html`;
  writeFileSync(file, html);

  const browser = await launchChromium((message) => context.skip(message));
  try {
    const { page, attempted, errors } = await offlinePage(browser, { width: 1200, height: 900 });

    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    const partitions = result.runs[0]!.partitions.length;
    for (const [selector, expected] of [
      ['.bar-chart', partitions],
      ['.timeline', scenario.modes.length],
    ] as const) {
      const charts = page.locator(selector);
      await expect.poll(() => charts.count()).toBe(expected);
      for (const chart of await charts.all()) {
        const box = await chart.boundingBox();
        expect(box?.width ?? 0).toBeGreaterThan(100);
        expect(box?.height ?? 0).toBeGreaterThan(10);
        expect(await chart.locator('rect').count()).toBeGreaterThan(0);
      }
    }

    const first = compare(result).headlines[0]!;
    const headline = page.locator('#headlines li').first();
    expect(await headline.isVisible()).toBe(true);
    expect(await headline.textContent()).toBe(first);

    await page.screenshot({ path: `${OUTPUT}report.png`, fullPage: true });
    expect(attempted).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 60_000);
