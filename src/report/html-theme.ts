// The HTML report's look: every colour as a CSS custom property with a light and a dark value
// (chosen by prefers-color-scheme), the SVG patterns that tell steal's causes and forced idle
// apart without colour, and the style sheet. Run and steal differ in lightness in both schemes
// (WCAG relative luminance: light 4.1:1 between them, 12.5:1 and 3.0:1 against the page; dark
// 3.6:1, 13.1:1 and 3.6:1), so they stay apart for colour-blind readers and in grey print.
import type { StealCause } from '../metrics/steal-ledger.js';

const LIGHT = {
  page: '#f4f5f7',
  surface: '#ffffff',
  ink: '#1f2328',
  muted: '#5b636e',
  line: '#d6dae0',
  rule: '#eef0f3',
  'block-bg': '#f3f5f8',
  'caveat-bg': '#fff8e1',
  'caveat-line': '#e0b000',
  'headline-bg': '#fdf1e8',
  'headline-line': '#f3cdb0',
  good: '#1d6b3f',
  bad: '#a32030',
  'key-bit-bg': '#e9f4ec',
  'swatch-line': '#00000026',
  shadow: '#00000038',
  focus: '#0b62d6',
  // Steal sits between the page and run in lightness in both schemes, so each stands out from both.
  run: '#12345f',
  steal: '#e8742c',
  idle: '#e1e4e8',
  frame: '#b9bfc7',
  lane: '#ffffff',
  'lane-line': '#d6dae0',
  grid: '#e3e6ea',
  'forced-bg': '#eeeeee',
  'forced-mark': '#8f8f8f',
  unknown: '#777777',
} as const;

type Token = keyof typeof LIGHT;

const DARK = {
  page: '#111317',
  surface: '#1a1d23',
  ink: '#e6e8eb',
  muted: '#a0a8b2',
  line: '#3a3f47',
  rule: '#2a2e35',
  'block-bg': '#23272e',
  'caveat-bg': '#2b2614',
  'caveat-line': '#b08a00',
  'headline-bg': '#2b2018',
  'headline-line': '#5c3b22',
  good: '#6fcf97',
  bad: '#ff8088',
  'key-bit-bg': '#1d3326',
  'swatch-line': '#ffffff33',
  shadow: '#000000b3',
  focus: '#7fb2ff',
  run: '#cfe5ff',
  steal: '#b45c1e',
  idle: '#353a43',
  frame: '#5a616b',
  lane: '#1a1d23',
  'lane-line': '#3a3f47',
  grid: '#2c3037',
  'forced-bg': '#2a2e35',
  'forced-mark': '#7a818b',
  unknown: '#8a8a8a',
} as const satisfies Record<Token, string>;

export const THEME = { light: LIGHT, dark: DARK } as const satisfies Record<'light' | 'dark', Record<Token, string>>;

// Tableau 10 without its orange and red, so no partition is mistaken for steal.
const PALETTE = ['#4e79a7', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const;

/**
 * A partition's colour by its index, per scheme. Past the palette its hues repeat, darker on the
 * light page and lighter on the dark one, so neighbours in a legend still differ and none sinks
 * into the background.
 */
export function partitionColour(index: number, scheme: keyof typeof THEME): string {
  const base = PALETTE[index % PALETTE.length]!;
  const round = Math.floor(index / PALETTE.length);
  if (round === 0) return base;
  const keep = 0.7 ** round;
  const channel = (hex: string): string => {
    const value = Number.parseInt(hex, 16);
    const shifted = scheme === 'light' ? value * keep : 255 - (255 - value) * keep;
    return Math.round(shifted).toString(16).padStart(2, '0');
  };
  return `#${channel(base.slice(1, 3))}${channel(base.slice(3, 5))}${channel(base.slice(5, 7))}`;
}

/** The class that paints a partition (fill in SVG, background in HTML). */
export function partitionClass(index: number): string {
  return `p${index}`;
}

/**
 * How each cause of steal is filled, as SVG attributes: the steal colour, plain or with a texture
 * in the page's colour, so a cause reads without telling hues apart and steal keeps its distance
 * from run. (A fill attribute cannot take var(), so the plain one is a class.)
 */
export const CAUSE_FILL = {
  contention: 'class="steal"',
  capped: 'fill="url(#cause-capped)"',
  gang: 'fill="url(#cause-gang)"',
  idle: 'fill="url(#cause-idle)"',
} as const satisfies Record<StealCause, string>;

export const FORCED_IDLE_FILL = 'fill="url(#forced-idle)"';

/** The patterns every chart and legend refers to, once per page. */
export const PATTERN_DEFS = [
  '<svg class="defs" width="0" height="0" aria-hidden="true" focusable="false"><defs>',
  '<pattern id="cause-capped" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
    '<rect width="6" height="6" class="steal"/><rect width="2.2" height="6" class="mark"/></pattern>',
  '<pattern id="cause-gang" width="5" height="5" patternUnits="userSpaceOnUse">' +
    '<rect width="5" height="5" class="steal"/><circle cx="2.5" cy="2.5" r="1.3" class="mark"/></pattern>',
  '<pattern id="cause-idle" width="6" height="6" patternUnits="userSpaceOnUse">' +
    '<rect width="6" height="6" class="steal"/><rect width="6" height="1.6" class="mark"/><rect width="1.6" height="6" class="mark"/></pattern>',
  '<pattern id="forced-idle" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
    '<rect width="6" height="6" class="forced-bg"/><rect width="2.5" height="6" class="forced-mark"/></pattern>',
  '</defs></svg>',
].join('');

function declarations(tokens: Readonly<Record<string, string>>, partitions: number, scheme: keyof typeof THEME): string {
  const named = Object.entries(tokens).map(([name, value]) => `--${name}: ${value};`);
  const painted = Array.from({ length: partitions }, (_, i) => `--${partitionClass(i)}: ${partitionColour(i, scheme)};`);
  return [...named, ...painted].join(' ');
}

/** The style sheet for a report of `partitions` partitions. */
export function reportCss(partitions: number): string {
  const paints = Array.from({ length: partitions }, (_, i) => {
    const name = partitionClass(i);
    return `.${name} { fill: var(--${name}); background-color: var(--${name}); }`;
  }).join('\n');
  return `
:root { color-scheme: light dark; --pad: 28px; ${declarations(THEME.light, partitions, 'light')} }
@media (prefers-color-scheme: dark) { :root { ${declarations(THEME.dark, partitions, 'dark')} } }
${paints}
.p-unknown { fill: var(--unknown); background-color: var(--unknown); }
${STATIC_CSS}`;
}

const STATIC_CSS = `
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--page); }
main { max-width: 1200px; margin: 0 auto; padding: 24px var(--pad) 48px; background: var(--surface); }
h1 { font-size: 26px; margin: 0 0 8px; overflow-wrap: anywhere; }
h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 12px 0 4px; }
code { font: 13px ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.defs { position: absolute; }
.description { white-space: pre-line; margin: 0 0 12px; max-width: 70em; }
.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 16px; margin: 0 0 12px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.modes { margin: 0; padding: 0; list-style: none; }
.caveat { background: var(--caveat-bg); border-left: 4px solid var(--caveat-line); padding: 8px 12px; margin: 12px 0 4px; }
.generated, .muted { color: var(--muted); }
.generated { font-size: 13px; margin: 4px 0 0; }
.headlines { background: var(--headline-bg); border: 1px solid var(--headline-line); border-left: 6px solid var(--steal); padding: 4px 18px 10px; margin-top: 20px; }
.headlines h2 { border: 0; margin: 10px 0 4px; }
.headlines ul { padding-left: 20px; }
.headlines li { font-size: 17px; font-weight: 600; margin: 4px 0; }
.outcome { font-weight: 700; font-size: 16px; }
.outcome-integrated { color: var(--good); }
.outcome-driver-failed { color: var(--bad); }
.gate-grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 24px; }
/* Shadows at an edge with more table beyond it: the covers scroll with the table, the shadows stay. */
.table-scroll {
  max-width: 100%; overflow-x: auto; margin: 8px 0 14px; container-type: inline-size;
  background:
    linear-gradient(to right, var(--surface) 30%, transparent) left / 32px 100% no-repeat local,
    linear-gradient(to left, var(--surface) 30%, transparent) right / 32px 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, var(--shadow), transparent) left / 12px 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, var(--shadow), transparent) right / 12px 100% no-repeat scroll;
}
.table-scroll:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
table { border-collapse: collapse; }
caption { text-align: left; padding-bottom: 4px; }
caption .caption-text { display: block; position: sticky; left: 0; max-width: 100cqw; font-weight: 600; }
caption .muted { display: block; font-weight: 400; }
th, td { padding: 3px 10px; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--line); }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th { white-space: nowrap; }
.heat { background: color-mix(in srgb, var(--steal) calc(var(--heat) * 100%), transparent); }
.bits { width: 100%; }
.bits code { white-space: nowrap; overflow-wrap: normal; }
.bits td:last-child { min-width: 12em; }
.bits td, .bits th { border-bottom: 1px solid var(--rule); }
.bits .key-bit { font-weight: 700; background: var(--key-bit-bg); }
.bits .reserved { color: var(--muted); }
.steps li { margin: 2px 0; }
.comparison { min-width: 60%; }
.theft td, .theft th { border-bottom: 1px solid var(--rule); padding: 3px 10px; }
.theft tbody th { white-space: nowrap; }
.theft td:last-child { min-width: 16em; }
.comparison td { min-width: 9em; white-space: nowrap; }
.comparison thead th:first-child { position: sticky; left: 0; background: var(--surface); }
.comparison .block th { background: var(--block-bg); border-top: 1px solid var(--line); padding-top: 6px; }
.comparison .block .sticky { position: sticky; left: 8px; }
.comparison .metric { font-weight: 400; padding-left: 26px; white-space: nowrap; position: sticky; left: 0; background: var(--surface); }
.comparison .child .block th { padding-left: 30px; }
.comparison .child .metric { padding-left: 50px; }
.kind { color: var(--muted); font-weight: 400; font-size: 13px; margin-left: 6px; }
.held { color: var(--good); }
.broken { color: var(--bad); font-weight: 700; }
.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 2px; margin-right: 6px; vertical-align: -2px; border: 1px solid var(--swatch-line); }
svg.swatch { overflow: hidden; }
.swatch.run { background: var(--run); }
.swatch.idle { background: var(--idle); }
.swatch.blank { background: var(--lane); }
.legend { list-style: none; padding: 0; margin: 6px 0 10px; display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 14px; }
.bar-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 360px), 1fr)); gap: 8px 24px; }
figure { margin: 0; }
figcaption { font-weight: 600; margin: 6px 0 2px; }
.bar-figure.child figcaption { padding-left: 20px; }
.timeline-figure { margin: 10px 0 18px; }
svg { display: block; font-family: inherit; }
svg.bar-chart { max-width: 100%; height: auto; }
svg.timeline { overflow: visible; margin-left: var(--labels); width: calc(100% - var(--labels) - 16px); }
svg .axis-label { font-size: 12px; fill: var(--ink); }
svg .value-label { font-size: 12px; fill: var(--ink); font-variant-numeric: tabular-nums; }
svg .tick { font-size: 11px; fill: var(--muted); }
svg .grid { stroke: var(--grid); stroke-width: 1; }
svg .lane { fill: var(--lane); stroke: var(--lane-line); stroke-width: 0.5; }
svg .bar-frame { fill: none; stroke: var(--frame); stroke-width: 0.75; }
svg .run { fill: var(--run); }
svg .steal { fill: var(--steal); }
svg .idle { fill: var(--idle); }
svg .mark { fill: var(--surface); }
svg .forced-bg { fill: var(--forced-bg); }
svg .forced-mark { fill: var(--forced-mark); }
.assumptions { width: 100%; min-width: 44rem; table-layout: fixed; }
.assumptions .title { width: 22%; }
.assumptions .statement { width: 44%; }
.assumptions .key { width: 22%; }
.assumptions td, .assumptions th { border-bottom: 1px solid var(--rule); }
.assumptions .source { color: var(--muted); }
@media (max-width: 1100px) { .gate-grid { grid-template-columns: minmax(0, 1fr); } }
@media (max-width: 640px) {
  :root { --pad: 12px; }
  main { padding-top: 16px; }
  h1 { font-size: 22px; }
  .headlines { padding: 4px 12px 8px; }
  .headlines li { font-size: 16px; }
  .comparison td { min-width: 6.5em; }
  .comparison .metric { padding-left: 14px; }
  .comparison .child .metric { padding-left: 28px; }
  .comparison .child .block th { padding-left: 18px; }
  svg .tick.minor { display: none; }
}
`;
