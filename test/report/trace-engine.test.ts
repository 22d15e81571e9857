// The default scenario's trace as the DevTools Performance panel reads it: the trace engine builds
// a tree per track and silently drops a slice that starts inside another and ends after it, which
// floating-point µs produced wherever `ts + dur` rounded past the successor's start.
import { readFileSync } from 'node:fs';
import * as TraceEngine from '@paulirish/trace_engine';
import { beforeAll, describe, expect, test } from 'vitest';
import { cli } from '../support/cli.js';
import type { TraceEvent } from '../support/trace-event.js';

interface Node {
  readonly entry: TraceEvent;
  readonly children: readonly Node[];
}

/** The part of the engine's output read here: its API is not stable, so only these fields are relied on. */
interface Parsed {
  readonly entryToNode: ReadonlyMap<TraceEvent, Node>;
  readonly processes: ReadonlyMap<number, { readonly threads: ReadonlyMap<number, { readonly tree?: { readonly roots: ReadonlySet<Node> } }> }>;
}

async function parse(events: readonly TraceEvent[]): Promise<Parsed> {
  const model = TraceEngine.TraceModel.Model.createWithAllHandlers();
  await model.parse(events as never);
  const parsed = model.parsedTrace();
  if (parsed === null) throw new Error('the trace engine parsed nothing');
  return parsed.data.Renderer as unknown as Parsed;
}

const VP_TID = 100_000;
const THREAD_TID = 1_000_000;

test('the engine drops a slice that ends after its successor starts, as decimal µs made it do', async () => {
  const track = { pid: 1, tid: VP_TID };
  const events: TraceEvent[] = [
    { name: 'thread_name', ph: 'M', ...track, args: { name: 'vm/vp0' } },
    { name: 'run', ph: 'X', ...track, ts: 7615.344, dur: 960 },
    { name: 'steal', ph: 'X', ...track, ts: 8575.344, dur: 10 },
  ];
  expect(7615.344 + 960).toBeGreaterThan(8575.344);
  expect((await parse(events)).entryToNode.size).toBe(1);
});

describe('the default scenario\'s trace, read by @paulirish/trace_engine', () => {
  let document: { traceEvents: TraceEvent[]; otherData: { windowFromNs: number; windowToNs: number } };
  let parsed: Parsed;

  beforeAll(async () => {
    const yaml = readFileSync(new URL('../../scenarios/default.yaml', import.meta.url), 'utf8');
    const run = await cli(['run', 'default', '--trace', 'trace.json'], { 'scenarios/default.yaml': yaml });
    expect(run.stderr).toBe('');
    document = JSON.parse(run.files.get('trace.json')!) as typeof document;
    parsed = await parse(document.traceEvents);
  }, 120_000);

  test('keeps every slice', () => {
    const slices = document.traceEvents.filter((event) => event.ph === 'X');
    expect(slices.length).toBeGreaterThan(30_000);
    expect(slices.filter((event) => !parsed.entryToNode.has(event))).toEqual([]);
  });

  test('every VP track is tiled: each slice ends, as the engine adds ts + dur, exactly where the next starts', () => {
    const from = document.otherData.windowFromNs / 1000;
    const to = document.otherData.windowToNs / 1000;
    let tracks = 0;
    for (const process of parsed.processes.values()) {
      for (const [tid, thread] of process.threads) {
        if (tid < VP_TID || tid >= THREAD_TID) continue;
        tracks++;
        const roots = [...(thread.tree?.roots ?? [])].sort((a, b) => a.entry.ts! - b.entry.ts!);
        expect(roots.every((node) => node.children.length === 0)).toBe(true);
        let at = from;
        for (const { entry } of roots) {
          expect(entry.ts).toBe(at);
          at = entry.ts! + entry.dur!;
        }
        expect(at).toBe(to);
      }
    }
    expect(tracks).toBeGreaterThan(10);
  });
});
