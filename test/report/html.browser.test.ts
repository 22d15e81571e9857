/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The report as a reader sees it: Debian's Chromium, headless, with the network cut off, so a
// chart that does not draw or a page that reaches for anything outside itself fails here; then
// on a desktop and a phone, light and dark, so a page wider than the screen, text too small to
// read, a clipped label or run and steal too alike in lightness fails too.
import { mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { launchChromium, offlinePage, OUTPUT } from '../support/chromium.js';
import { ms } from '../../src/model/time.js';
import { compare } from '../../src/report/comparison.js';
import { contrast, luminance } from './html-contrast.js';
import { flagship, render } from './render.js';

const scenario = flagship();
const { html, result } = render(scenario, { from: 0, to: ms(100) });

function writeReport(): string {
  mkdirSync(OUTPUT, { recursive: true });
  const file = `${OUTPUT}report.html`;
  writeFileSync(file, html);
  return pathToFileURL(file).href;
}

test('the report renders in Chromium offline: no errors, charts drawn, headlines visible', async (context) => {
  const url = writeReport();
  const browser = await launchChromium((message) => context.skip(message));
  try {
    const { page, attempted, errors } = await offlinePage(browser, { width: 1200, height: 900 });

    await page.goto(url, { waitUntil: 'load' });

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

/** What the page measures of itself; runs in the browser. */
interface Inspection {
  readonly viewport: number;
  readonly pageWidth: number;
  /** Elements reaching past either side of the viewport, outside the tables' scroll boxes. */
  readonly overflowing: string[];
  /** Rendered text under 11 px, after any SVG scaling. */
  readonly smallText: string[];
  /** Chart text crossing a shape, another text or its figure's edge; HTML whose overflow is cut off. */
  readonly clipped: string[];
  readonly textNodes: number;
  readonly colours: { run: string; steal: string; page: string; patternBases: string[]; heat: string };
}

function inspect(): Inspection {
  const viewport = document.documentElement.clientWidth;
  const describe = (el: Element): string =>
    `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> "${(el.textContent ?? '').trim().slice(0, 40)}"`;
  const unrendered = (el: Element): boolean => el.closest('defs, title, style') !== null || el.getClientRects().length === 0;
  const overlap = (a: DOMRect, b: DOMRect): number =>
    Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
  const SLACK = 0.5;

  const overflowing: string[] = [];
  const clipped: string[] = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (unrendered(el) || el.closest('.table-scroll > *') !== null) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.left < -SLACK || box.right > viewport + SLACK) overflowing.push(`${describe(el)} spans ${box.left.toFixed(1)}–${box.right.toFixed(1)}`);
    if (el instanceof HTMLElement && !el.classList.contains('table-scroll')) {
      const style = getComputedStyle(el);
      const cut = (value: string): boolean => value === 'hidden' || value === 'clip';
      if ((cut(style.overflowX) && el.scrollWidth > el.clientWidth + 1) || (cut(style.overflowY) && el.scrollHeight > el.clientHeight + 1)) clipped.push(`${describe(el)} cuts off its content`);
    }
  }

  const smallText: string[] = [];
  let textNodes = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const el = node.parentElement;
    if (el === null || (node.textContent ?? '').trim() === '' || unrendered(el)) continue;
    textNodes++;
    let size = Number.parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGGraphicsElement) {
      const ctm = el.getScreenCTM();
      size *= ctm === null ? 0 : Math.hypot(ctm.a, ctm.b);
    }
    if (size < 11 - 1e-6) smallText.push(`${describe(el)} at ${size.toFixed(2)} px`);
  }

  for (const svg of document.querySelectorAll('svg')) {
    if (unrendered(svg)) continue;
    const texts = [...svg.querySelectorAll('text')].filter((t) => !unrendered(t)).map((t) => ({ el: t, box: t.getBoundingClientRect() }));
    if (texts.length === 0) continue;
    const shapes = [...svg.querySelectorAll('rect')].filter((r) => !unrendered(r)).map((r) => ({ el: r, box: r.getBoundingClientRect() }));
    const frame = (svg.closest('figure') ?? svg).getBoundingClientRect();
    for (const [i, text] of texts.entries()) {
      const { box } = text;
      if (box.left < frame.left - SLACK || box.right > frame.right + SLACK || box.top < frame.top - SLACK || box.bottom > frame.bottom + SLACK) {
        clipped.push(`${describe(text.el)} leaves its figure`);
      }
      const shape = shapes.find((s) => overlap(s.box, box) > 1);
      if (shape !== undefined) clipped.push(`${describe(text.el)} is covered by ${describe(shape.el)}`);
      const other = texts.slice(i + 1).find((t) => overlap(t.box, box) > 1);
      if (other !== undefined) clipped.push(`${describe(text.el)} overlaps ${describe(other.el)}`);
    }
  }

  const fill = (selector: string): string => {
    const el = document.querySelector(selector);
    return el === null ? `missing ${selector}` : getComputedStyle(el).fill;
  };
  const heat = document.querySelector('td.heat');
  return {
    viewport,
    pageWidth: document.documentElement.scrollWidth,
    overflowing,
    smallText,
    clipped,
    textNodes,
    colours: {
      run: fill('.bar-chart rect.run'),
      steal: fill('.bar-chart rect.steal'),
      page: getComputedStyle(document.querySelector('main')!).backgroundColor,
      patternBases: [...document.querySelectorAll('pattern[id^="cause-"] > rect.steal')].map((r) => getComputedStyle(r).fill),
      heat: heat === null ? 'missing td.heat' : getComputedStyle(heat).backgroundColor,
    },
  };
}

describe.each([1280, 390])('at %i px', (width) => {
  test.for<'light' | 'dark'>(['light', 'dark'])('%s: fits the screen, text ≥ 11 px, no label clipped, run and steal ≥ 3:1 apart in lightness', { timeout: 120_000 }, async (scheme, context) => {
    const url = writeReport();
    const browser = await launchChromium((message) => context.skip(message));
    try {
      const { page, attempted, errors } = await offlinePage(browser, { width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(url, { waitUntil: 'load' });
      await page.screenshot({ path: `${OUTPUT}report-${width}-${scheme}.png`, fullPage: true });

      const seen = await page.evaluate(inspect);
      expect(seen.viewport).toBe(width);
      expect(seen.pageWidth).toBe(width);
      expect(seen.overflowing).toEqual([]);
      expect(seen.textNodes).toBeGreaterThan(500);
      expect(seen.smallText).toEqual([]);
      expect(seen.clipped).toEqual([]);

      const { run, steal, page: background, patternBases, heat } = seen.colours;
      expect(luminance(background) > 0.5).toBe(scheme === 'light');
      expect(contrast(run, steal)).toBeGreaterThanOrEqual(3);
      expect(contrast(run, background)).toBeGreaterThanOrEqual(3);
      expect(contrast(steal, background)).toBeGreaterThanOrEqual(3);
      expect(patternBases).toEqual([steal, steal, steal]);
      expect(heat).not.toMatch(/^(rgba\(0, 0, 0, 0\)|transparent)$/);

      // The wide table scrolls inside its box, and only there.
      const box = page.locator('#comparison .table-scroll');
      const [inner, outer] = await box.evaluate((el) => [el.scrollWidth, el.clientWidth]);
      if (width < 600) expect(inner).toBeGreaterThan(outer!);
      expect(attempted).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
