import { describe, expect, test } from 'vitest';
import { runMode } from '../../src/hypervisor/simulate.js';
import type { ScenarioResult } from '../../src/metrics/result.js';
import type { RunTrace } from '../../src/metrics/trace.js';
import type { Scenario } from '../../src/model/scenario.js';
import { renderChromeTrace } from '../../src/report/chrome-trace.js';
import { scenarioFrom } from '../support/load.js';
import type { TraceEvent } from '../support/trace-event.js';
import { flagship } from './render.js';

/** An L1VH on core 0 with busy threads and a busy child, beside an on/off guest: every state occurs. */
const SCENARIO = `
name: small-l1vh
duration: 100ms
seed: 3
modes: [core, integrated]
host: { cores: 2, threadsPerCore: 2 }
hypervisor: { quantum: 10ms, vmmCapabilities: "0x40", integratedSchedulerEnabled: 1 }
partitions:
  - name: l1vh
    kind: l1vh
    cores: [0]
    threads: [ { name: batch, count: 2, workload: busy } ]
    children: [ { name: child-a, vps: 2, workload: busy } ]
  - { name: guest, kind: guest, vps: 2, workload: { type: onoff, on: exp(3ms), off: exp(2ms) } }
`;
const WINDOW = { from: 0, to: 50_000_000 };

interface Document {
  readonly traceEvents: readonly TraceEvent[];
  readonly displayTimeUnit: string;
  readonly otherData: Record<string, unknown>;
}

function traced(scenario: Scenario): { result: ScenarioResult; traces: RunTrace[] } {
  const runs = scenario.modes.map((mode) => runMode(scenario, mode, { traceWindow: WINDOW }));
  return {
    result: { scenario: { name: scenario.name, seed: scenario.seed, durationNs: scenario.duration }, runs: runs.map((r) => r.run) },
    traces: runs.map((r) => r.trace!),
  };
}

/** Back to integer ns, as Perfetto reads µs (llround(µs × 1000)). */
const nanos = (micros: number): number => Math.round(micros * 1000);

const CASES: [string, () => Scenario][] = [
  ['a small L1VH scenario', () => scenarioFrom(SCENARIO)],
  ['the flagship scenario', flagship],
];

describe.each(CASES)('Chrome trace of %s', (_name, make) => {
  const scenario = make();
  const { result, traces } = traced(scenario);
  const text = renderChromeTrace(result, traces, { version: '0.1.0-test' });
  const document = JSON.parse(text) as Document;
  const events = document.traceEvents;
  const metadata = events.filter((event) => event.ph === 'M');
  const timed = events.filter((event) => event.ph !== 'M');
  const trackName = (pid: number, tid: number): string | undefined => {
    const event = metadata.find((m) => m.name === 'thread_name' && m.pid === pid && m.tid === tid);
    return event?.args?.['name'] as string | undefined;
  };

  test('is one JSON document with the file-level fields, ending in a newline', () => {
    expect(text.endsWith('}\n')).toBe(true);
    expect(document.displayTimeUnit).toBe('ns');
    expect(document.otherData).toEqual({
      scenario: scenario.name,
      seed: scenario.seed,
      durationNs: scenario.duration,
      version: '0.1.0-test',
      modes: 'core, integrated',
      windowFromNs: 0,
      windowToNs: 50_000_000,
    });
    for (const value of Object.values(document.otherData)) expect(['string', 'number']).toContain(typeof value);
  });

  test('times are µs on a binary grid, so a viewer adds them exactly, and give back the integer ns', () => {
    const steps = 2 ** 20;
    for (const event of timed) {
      expect(Number.isInteger(event.ts! * steps)).toBe(true);
      if (event.dur !== undefined) expect(Number.isInteger(event.dur * steps)).toBe(true);
    }
    const ns = [...traces[0]!.vpSlices.map((s) => s.start), ...traces[0]!.vpSlices.map((s) => s.end)];
    const starts = new Set(timed.filter((e) => e.ph === 'X' && e.pid === 1 && e.tid! >= 100_000 && e.tid! < 1_000_000).map((e) => nanos(e.ts!)));
    expect(ns.filter((n) => n < WINDOW.to && !starts.has(n))).toEqual([]);
  });

  test('every event has the fields its phase needs', () => {
    for (const event of events) {
      expect(typeof event.name).toBe('string');
      expect(['M', 'X', 'C', 's', 'f']).toContain(event.ph);
      expect(Number.isInteger(event.pid)).toBe(true);
      if (event.ph !== 'M') expect(typeof event.ts).toBe('number');
      if (event.ph === 'X') {
        expect(Number.isInteger(event.tid)).toBe(true);
        expect(event.dur).toBeGreaterThan(0);
        expect(typeof event.cat).toBe('string');
      }
      if (event.name.startsWith('thread_')) expect(Number.isInteger(event.tid)).toBe(true);
      if (event.ph === 's' || event.ph === 'f') {
        expect(Number.isInteger(event.id)).toBe(true);
        expect(Number.isInteger(event.tid)).toBe(true);
      }
    }
  });

  test('an arrow runs from each VP that took an LP to the VP it displaced there, from its run to the other\'s wait', () => {
    const starts = events.filter((e) => e.ph === 's');
    const ends = events.filter((e) => e.ph === 'f');
    expect(starts.length).toBeGreaterThan(0);
    expect(new Set(starts.map((e) => e.id)).size).toBe(starts.length);
    expect(ends.map((e) => e.id).sort((a, b) => a! - b!)).toEqual(starts.map((e) => e.id).sort((a, b) => a! - b!));
    const sliceAt = (pid: number, tid: number, ts: number): TraceEvent | undefined => timed.find((e) => e.ph === 'X' && e.pid === pid && e.tid === tid && e.ts === ts);
    for (const start of starts) {
      const end = ends.find((e) => e.id === start.id)!;
      expect(end.bp).toBe('e');
      expect([end.pid, end.ts]).toEqual([start.pid, start.ts]);
      expect(start.tid).not.toBe(end.tid);
      expect(sliceAt(start.pid, start.tid!, start.ts!)?.name).toBe('run');
      expect(sliceAt(end.pid, end.tid!, end.ts!)?.name).toBe('steal');
      // The same instant on one LP: the displaced VP's slice there ends as the taker's begins.
      const vpOf = (tid: number): string => trackName(start.pid, tid)!;
      const onLp = timed.filter((e) => e.ph === 'X' && e.pid === start.pid && e.tid! < 100_000);
      const taker = onLp.find((e) => e.ts === start.ts && e.name === vpOf(start.tid!))!;
      const before = onLp.find((e) => e.tid === taker.tid && e.name === vpOf(end.tid!) && nanos(e.ts! + e.dur!) === nanos(start.ts!));
      expect(before).toBeDefined();
    }
  });

  test('metadata comes first and names every process and every track', () => {
    const firstTimed = events.findIndex((event) => event.ph !== 'M');
    expect(events.slice(firstTimed).every((event) => event.ph !== 'M')).toBe(true);
    const processes = metadata.filter((m) => m.name === 'process_name').map((m) => [m.pid, m.args!['name']]);
    expect(processes).toEqual([
      [1, 'mode core'],
      [2, 'mode integrated (L1VH scheduler: root)'],
    ]);
    for (const event of timed) {
      expect(metadata.some((m) => m.name === 'process_sort_index' && m.pid === event.pid)).toBe(true);
      if (event.ph !== 'X') continue;
      expect(trackName(event.pid, event.tid!)).toBeDefined();
      expect(metadata.some((m) => m.name === 'thread_sort_index' && m.pid === event.pid && m.tid === event.tid)).toBe(true);
    }
    expect(trackName(1, 4)).toBe('LP 3 (core 1, thread 1)');
    const vpTracks = metadata.filter((m) => m.name === 'thread_name' && m.pid === 1 && m.tid! >= 100_000 && m.tid! < 1_000_000).map((m) => m.args!['name']);
    expect(vpTracks).toEqual(traces[0]!.vps.map((vp) => `${vp.partition}/vp${vp.index}`));
    expect(vpTracks).toContain('child-a/vp1');
    const threadTracks = metadata.filter((m) => m.name === 'thread_name' && m.pid === 1 && m.tid! >= 1_000_000).map((m) => m.args!['name']);
    expect(threadTracks).toEqual(traces[0]!.threads.map((t) => `${t.partition} OS: ${t.name}`));
    expect(threadTracks).toContain('l1vh OS: batch#0');
  });

  test('timed events are sorted by time, then process, then track', () => {
    for (let i = 1; i < timed.length; i++) {
      const [a, b] = [timed[i - 1]!, timed[i]!];
      expect(nanos(a.ts!)).toBeLessThanOrEqual(nanos(b.ts!));
      if (nanos(a.ts!) === nanos(b.ts!)) expect(a.pid).toBeLessThanOrEqual(b.pid);
    }
  });

  test('LP tracks carry exactly the trace slices, at ns precision, named by VP and partition', () => {
    traces.forEach((trace, index) => {
      const pid = index + 1;
      const expected = [
        ...trace.lpSlices.map((s) => `${s.lp + 1} ${s.start} ${s.end} ${trace.vps[s.vp]!.partition}/vp${trace.vps[s.vp]!.index}`),
        ...trace.forcedSlices.map((s) => `${s.lp + 1} ${s.start} ${s.end} forced idle`),
      ].sort();
      const actual = timed
        .filter((e) => e.ph === 'X' && e.pid === pid && e.tid! < 100_000)
        .map((e) => `${e.tid} ${nanos(e.ts!)} ${nanos(e.ts!) + nanos(e.dur!)} ${e.name}`)
        .sort();
      expect(actual).toEqual(expected);
    });
    // Sub-µs timestamps survive: the on/off guest's exponential bursts end off whole µs.
    expect(timed.some((e) => e.ph === 'X' && !Number.isInteger(e.ts))).toBe(true);
    const slice = timed.find((e) => e.ph === 'X' && e.name === 'child-a/vp1')!;
    expect(slice.cat).toBe('child-a');
    expect(slice.args).toEqual({ partition: 'child-a', vp: 1, lp: slice.tid! - 1 });
    const forced = timed.find((e) => e.name === 'forced idle')!;
    expect(forced.cat).toBe('forced-idle');
  });

  test('no two slices of one track partially overlap, and all lie inside the window', () => {
    const byTrack = new Map<string, TraceEvent[]>();
    for (const event of timed) {
      if (event.ph !== 'X') continue;
      const key = `${event.pid}/${event.tid}`;
      byTrack.set(key, [...(byTrack.get(key) ?? []), event]);
    }
    for (const slices of byTrack.values()) {
      for (let i = 0; i < slices.length; i++) {
        const start = nanos(slices[i]!.ts!);
        const end = start + nanos(slices[i]!.dur!);
        expect(start).toBeGreaterThanOrEqual(WINDOW.from);
        expect(end).toBeLessThanOrEqual(WINDOW.to);
        if (i > 0) expect(start).toBeGreaterThanOrEqual(nanos(slices[i - 1]!.ts!) + nanos(slices[i - 1]!.dur!));
        // As a trace engine reads it, in floating point µs: a slice never ends after its successor
        // starts, and ends exactly there where the two meet in ns.
        if (i > 0) {
          const [before, after] = [slices[i - 1]!, slices[i]!];
          if (nanos(before.ts! + before.dur!) === nanos(after.ts!)) expect(before.ts! + before.dur!).toBe(after.ts!);
          else expect(before.ts! + before.dur!).toBeLessThan(after.ts!);
        }
      }
    }
  });

  test('every VP track is tiled by run, steal and idle slices from the window start to its end', () => {
    traces.forEach((trace, index) => {
      trace.vps.forEach((_, vp) => {
        const slices = timed.filter((e) => e.ph === 'X' && e.pid === index + 1 && e.tid === 100_000 + vp);
        let at = WINDOW.from;
        for (const slice of slices) {
          expect(['run', 'steal', 'idle']).toContain(slice.name);
          expect(slice.cat).toBe(slice.name);
          expect(nanos(slice.ts!)).toBe(at);
          at += nanos(slice.dur!);
        }
        expect(at).toBe(WINDOW.to);
      });
    });
    expect(timed.some((e) => e.name === 'steal')).toBe(true);
  });

  test('counters start at the window, stay in range and match the slices at every sample', () => {
    traces.forEach((trace, index) => {
      const pid = index + 1;
      const covering: Record<string, readonly { start: number; end: number }[]> = {
        'runnable VPs': trace.vpSlices.filter((s) => s.state !== 'idle'),
        'busy LPs': trace.lpSlices,
        'forced-idle LPs': trace.forcedSlices,
      };
      const limits: Record<string, number> = { 'runnable VPs': trace.vps.length, 'busy LPs': result.runs[index]!.lps.length, 'forced-idle LPs': result.runs[index]!.lps.length };
      for (const partition of result.runs[index]!.partitions.filter((p) => p.vps.length > 0)) {
        const name = `stolen VPs: ${partition.name}`;
        covering[name] = trace.vpSlices.filter((s) => s.state === 'steal' && trace.vps[s.vp]!.partition === partition.name);
        limits[name] = partition.vps.length;
      }
      expect(timed.some((e) => e.ph === 'C' && e.pid === pid && e.name.startsWith('stolen VPs: ') && (e.args!['count'] as number) > 0)).toBe(true);
      for (const [name, intervals] of Object.entries(covering)) {
        const samples = timed.filter((e) => e.ph === 'C' && e.pid === pid && e.name === name);
        expect(nanos(samples[0]!.ts!)).toBe(WINDOW.from);
        for (let i = 0; i < samples.length; i++) {
          const at = nanos(samples[i]!.ts!);
          const count = samples[i]!.args!['count'] as number;
          expect(count).toBeGreaterThanOrEqual(0);
          expect(count).toBeLessThanOrEqual(limits[name]!);
          expect(count).toBe(intervals.filter((s) => s.start <= at && at < s.end).length);
          if (i > 0) expect(count).not.toBe(samples[i - 1]!.args!['count']);
        }
      }
    });
  });

  test('every thread track holds running, waiting and stolen slices only, as its OS had it', () => {
    traces.forEach((trace, index) => {
      const tracks = new Set(trace.threads.map((_, thread) => 1_000_000 + thread));
      const slices = timed.filter((e) => e.ph === 'X' && e.pid === index + 1 && tracks.has(e.tid!));
      expect(slices.length).toBeGreaterThan(0);
      for (const slice of slices) {
        expect(['running', 'waiting', 'stolen']).toContain(slice.name);
        expect(slice.cat).toBe(`thread-${slice.name}`);
      }
    });
  });

  test('the same input gives the same bytes', () => {
    const again = traced(make());
    expect(renderChromeTrace(again.result, again.traces, { version: '0.1.0-test' })).toBe(text);
  });

  test('traces over different windows are refused', () => {
    const shifted = { ...traces[1]!, window: { from: 1, to: WINDOW.to } };
    expect(() => renderChromeTrace(result, [traces[0]!, shifted], { version: 'x' })).toThrow(/another window/);
  });
});

describe('thread tracks over a whole run', () => {
  test('sum to each thread\'s run, wait and stolen time: running + stolen = run, waiting = wait', () => {
    const scenario = scenarioFrom(SCENARIO.replace('duration: 100ms', 'duration: 50ms'));
    const { result, traces } = traced(scenario);
    let stolenSeen = 0;
    traces.forEach((trace, index) => {
      for (const partition of result.runs[index]!.partitions) {
        for (const thread of partition.threads ?? []) {
          const id = trace.threads.findIndex((t) => t.partition === partition.name && t.name === thread.name);
          const total = (state: string): number => trace.threadSlices.filter((s) => s.thread === id && s.state === state).reduce((sum, s) => sum + s.end - s.start, 0);
          expect(id).toBeGreaterThanOrEqual(0);
          expect(total('running') + total('stolen')).toBe(thread.runNs);
          expect(total('stolen')).toBe(thread.stolenNs);
          expect(total('waiting')).toBe(thread.waitNs);
          stolenSeen += thread.stolenNs;
        }
      }
    });
    // Under core the L1VH's threads lose their vCPUs to its child: the stolen state occurs.
    expect(stolenSeen).toBeGreaterThan(0);
  });
});

describe('a large trace', () => {
  test('of 300,000 slices renders (no argument list holds them all)', () => {
    const { result, traces } = traced(scenarioFrom(SCENARIO));
    const many = Array.from({ length: 300_000 }, (_, i) => ({ vp: 0, state: (i % 2 === 0 ? 'run' : 'steal') as 'run' | 'steal', start: i * 100, end: (i + 1) * 100 }));
    const big = traces.map((trace) => ({ ...trace, vpSlices: many }));
    const document = JSON.parse(renderChromeTrace(result, big, { version: 'x' })) as Document;
    expect(document.traceEvents.filter((e) => e.ph === 'X' && e.tid === 100_000).length).toBe(2 * 300_000);
  });
});
