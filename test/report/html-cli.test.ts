// The report's own window: `--report-window`, independent of the trace's.
import { describe, expect, test } from 'vitest';
import { cli } from '../support/cli.js';
import { SMALL } from '../support/small.js';

const files = { 'small.yaml': SMALL };

/** The window each timeline of a report covers, from its captions. */
function windows(html: string): string[] {
  return [...html.matchAll(/<figcaption><strong>[\w-]+<\/strong>, ([^<]+)<\/figcaption>/g)].map((m) => m[1]!);
}

/** The last tick label of each timeline. */
function lastTicks(html: string): string[] {
  return [...html.matchAll(/<svg id="timeline-[\s\S]*?<\/svg>/g)].map((svg) => [...svg[0].matchAll(/class="tick(?: minor)?" text-anchor="middle">([\d.]+)</g)].at(-1)![1]!);
}

describe('--report-window', () => {
  test('by default the report draws the first 100 ms', async () => {
    const run = await cli(['run', 'small.yaml', '--report', 'r.html'], files);
    expect(run.code).toBe(0);
    expect(windows(run.files.get('r.html')!)).toEqual(['0–100 ms']);
    expect(lastTicks(run.files.get('r.html')!)).toEqual(['100']);
  });

  test('sets the window of the report\'s timelines', async () => {
    const run = await cli(['run', 'small.yaml', '--report', 'r.html', '--report-window', '200ms..240ms'], files);
    expect(run.code).toBe(0);
    const html = run.files.get('r.html')!;
    expect(windows(html)).toEqual(['200–240 ms']);
    expect(html).toContain('<dt>timelines</dt><dd>200–240 ms, every mode</dd>');
  });

  test('a trace and its window leave the report\'s window alone, and the trace keeps its own', async () => {
    const alone = await cli(['run', 'small.yaml', '--report', 'r.html'], files);
    const traced = await cli(['run', 'small.yaml', '--report', 'r.html', '--trace', 't.json', '--trace-window', '0s..1s'], files);
    expect(traced.code).toBe(0);
    expect(windows(traced.files.get('r.html')!)).toEqual(['0–100 ms']);
    expect(traced.files.get('r.html')).toBe(alone.files.get('r.html'));
    const events = JSON.parse(traced.files.get('t.json')!).traceEvents.filter((e: { ph: string }) => e.ph === 'X');
    expect(Math.max(...events.map((e: { ts: number; dur: number }) => e.ts + e.dur))).toBeGreaterThan(900_000);
  });

  test('both windows at once, each output clipped to its own', async () => {
    const run = await cli(['run', 'small.yaml', '--report', 'r.html', '--report-window', '500ms..520ms', '--trace', 't.json', '--trace-window', '0ms..50ms'], files);
    expect(run.code).toBe(0);
    expect(windows(run.files.get('r.html')!)).toEqual(['500–520 ms']);
    const events = JSON.parse(run.files.get('t.json')!).traceEvents.filter((e: { ph: string }) => e.ph === 'X');
    expect(Math.max(...events.map((e: { ts: number; dur: number }) => e.ts + e.dur))).toBeLessThanOrEqual(50_000);
  });

  test('an end past the run is cut to the run', async () => {
    const run = await cli(['run', 'small.yaml', '--report', 'r.html', '--report-window', '900ms..5s'], files);
    expect(run.code).toBe(0);
    expect(windows(run.files.get('r.html')!)).toEqual(['900–1000 ms']);
  });

  test.each([
    ['5ms', '--report-window: expected a window like 0ms..40ms inside the run\'s 1s, got "5ms"'],
    ['40ms..10ms', '--report-window: expected a window like 0ms..40ms inside the run\'s 1s, got "40ms..10ms"'],
    ['2s..3s', '--report-window: expected a window like 0ms..40ms inside the run\'s 1s, got "2s..3s"'],
    ['0..40ms', '--report-window: "0" has no unit: expected a window like 0ms..40ms, got "0..40ms"'],
    ['10ms..40', '--report-window: "40" has no unit: expected a window like 0ms..40ms, got "10ms..40"'],
  ])('%s is refused in one line, and nothing is written', async (value, message) => {
    const run = await cli(['run', 'small.yaml', '--report', 'r.html', '--trace', 't.json', '--report-window', value], files);
    expect([run.code, run.stderr, run.stdout]).toEqual([2, `${message}\n`, '']);
    expect(run.files.has('r.html')).toBe(false);
    expect(run.files.has('t.json')).toBe(false);
  });

  test('without --report it is refused rather than ignored', async () => {
    const run = await cli(['run', 'small.yaml', '--report-window', '0ms..40ms'], files);
    expect([run.code, run.stderr, run.stdout]).toEqual([2, "--report-window: sets the HTML report's timelines: add --report <file.html>\n", '']);
  });

  test('is in the run command\'s help, with its default', async () => {
    const run = await cli(['run', '--help']);
    expect(run.stdout.replace(/\s+/g, ' ')).toContain("--report-window <from..to> the simulated time the report's LP timelines cover (default 0ms..100ms)");
  });
});
