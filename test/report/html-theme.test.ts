import { describe, expect, test } from 'vitest';
import { partitionColour, reportCss, THEME } from '../../src/report/html-theme.js';
import { contrast, luminance } from './html-contrast.js';

describe.each(['light', 'dark'] as const)('the %s palette', (scheme) => {
  const theme = THEME[scheme];

  test('run and steal differ in lightness by at least 3:1, and each stands out from the page by 3:1', () => {
    expect(contrast(theme.run, theme.steal)).toBeGreaterThanOrEqual(3);
    expect(contrast(theme.run, theme.surface)).toBeGreaterThanOrEqual(3);
    expect(contrast(theme.steal, theme.surface)).toBeGreaterThanOrEqual(3);
  });

  test('steal lies between the page and run in lightness, so its textures in the page colour keep it away from run', () => {
    const [page, steal, run] = [theme.surface, theme.steal, theme.run].map(luminance) as [number, number, number];
    expect(Math.min(page, run)).toBeLessThan(steal);
    expect(steal).toBeLessThan(Math.max(page, run));
  });

  test('text and muted text read on the page at 4.5:1', () => {
    for (const ink of [theme.ink, theme.muted, theme.good, theme.bad]) expect(contrast(ink, theme.surface)).toBeGreaterThanOrEqual(4.5);
  });

  test('partitions past the palette repeat its hues, away from the page, all different', () => {
    const colours = Array.from({ length: 24 }, (_, i) => partitionColour(i, scheme));
    expect(new Set(colours).size).toBe(24);
    for (let i = 8; i < 24; i++) {
      const towardsPage = Math.abs(luminance(colours[i]!) - luminance(theme.surface)) - Math.abs(luminance(colours[i - 8]!) - luminance(theme.surface));
      expect(towardsPage).toBeGreaterThan(0);
    }
  });
});

test('the style sheet declares both schemes and gives every partition a custom property in each', () => {
  const css = reportCss(3);
  expect(css).toContain('color-scheme: light dark;');
  expect(css).toMatch(/@media \(prefers-color-scheme: dark\) \{ :root \{[^}]*--p2: /);
  expect(css).toContain('.p2 { fill: var(--p2); background-color: var(--p2); }');
  expect(css).not.toContain('--p3');
  // Outside the two :root blocks, colours come only from custom properties.
  const rules = css.replace(/:root \{[^}]*\}/g, '');
  expect(rules).not.toMatch(/#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(/i);
});
