// `hvsched explain` on worlds whose answer is known in closed form, its waits against a trace,
// and its one-line errors.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runMode } from '../../src/hypervisor/simulate.js';
import type { Explanation } from '../../src/report/explain.js';
import { sec } from '../../src/model/time.js';
import { cli } from '../support/cli.js';
import { scenarioFrom } from '../support/load.js';

const TWO_ON_ONE_LP = `
name: two
duration: 2s
modes: [core]
host: { cores: 1, threadsPerCore: 1 }
partitions:
  - { name: a, kind: guest, vps: 1, workload: busy }
  - { name: b, kind: guest, vps: 1, workload: busy }
`;

const BUSY_L1VH = `
name: busy-l1vh
duration: 2s
modes: [core, integrated]
host: { cores: 4, threadsPerCore: 1 }
partitions:
  - name: l1vh
    kind: l1vh
    cores: [0, 1, 2, 3]
    threads: [{ name: work, count: 4, workload: busy }]
    children:
      - { name: child, vps: 4, workload: busy }
`;

const CAPPED = `
name: capped
duration: 2s
modes: [classic]
host: { cores: 1, threadsPerCore: 1 }
partitions:
  - { name: half, kind: guest, vps: 1, limit: 50, workload: busy }
`;

/** The text with its wrapped lines joined, to find a sentence wherever it was broken. */
const oneLine = (text: string): string => text.replace(/\s+/g, ' ');

async function explained(yaml: string, ...flags: string[]): Promise<{ text: string; json: Explanation }> {
  const files = { 'w.yaml': yaml };
  const text = await cli(['explain', 'w.yaml', ...flags], files);
  const json = await cli(['explain', 'w.yaml', ...flags, '--format', 'json'], files);
  for (const run of [text, json]) {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  }
  return { text: text.stdout, json: JSON.parse(json.stdout) as Explanation };
}

describe('hvsched explain', () => {
  test('two equal busy guests on one LP: each loses half of what it wanted, all of it contention, all to the other', async () => {
    for (const [victim, thief] of [['a', 'b'], ['b', 'a']] as const) {
      const { text, json } = await explained(TWO_ON_ONE_LP, '--partition', victim);
      expect(json.stealShare).toBe(0.5);
      expect(json.thieves).toEqual([{ thief, share: 1, ns: sec(1), relation: 'another partition' }]);
      expect(json.causes).toEqual([{ cause: 'contention', share: 1 }]);
      expect(oneLine(text)).toContain(`Under core, ${victim} (guest, 1 VP) wanted 2.00 s of CPU over 2.00 s and got 1.00 s: its steal/wanted is 50.0 %.`);
      expect(text).toMatch(new RegExp(`^  ${thief}  1\\.00 s  100\\.0 %$`, 'm'));
      expect(text).toMatch(/^ {2}LP busy {2}100\.0 % {2}of it while another VP ran where it waited$/m);
      // Every wait begins as the other takes the LP, so the other holds it.
      for (const wait of json.longestWaits) expect([wait.thief, wait.cause, wait.lp]).toEqual([thief, 'contention', 0]);
    }
  });

  test('an L1VH with 4 busy threads and a busy 4-VP child on 4 cores under core: half its time lost, all of it to its child, unseen by its OS', async () => {
    const { text, json } = await explained(BUSY_L1VH);
    expect(json.partition).toBe('l1vh');
    expect(json.mode).toBe('core');
    expect(json.stealShare).toBeCloseTo(0.5, 2);
    expect(json.thieves.map((t) => [t.thief, t.relation, t.share])).toEqual([['child', 'its child', 1]]);
    expect(json.toChildren).toBe(1);
    expect(json.reportedStealShare).toBe(0);
    const children = json.beliefs.find((b) => b.label === "its children's CPUs")!;
    expect(children.seen).toBeNull();
    expect(children.really).toBeCloseTo(2, 1);
    const threads = json.beliefs.find((b) => b.label === "its threads' CPUs")!;
    expect(threads.seen).toBeCloseTo(4, 1);
    expect(threads.really).toBeCloseTo(2, 1);
    expect(json.threadThieves).toEqual([{ thief: 'child', share: 1 }]);
    expect(json.contrast).toEqual({ mode: 'integrated', stealShare: 0 });
    expect(text).toContain('100.0 % of it went to its own children.');
    expect(oneLine(text)).toContain("its children's CPUs: unseen (its OS does not schedule them under core)");
    expect(oneLine(text)).toContain('taken by child 100.0 %');
    expect(text).toContain("Under integrated, the same partition's steal/wanted is 0.0 %.");
  });

  test('the same L1VH explained under integrated loses nothing and its OS sees what happened', async () => {
    const { text, json } = await explained(BUSY_L1VH, '--mode', 'integrated');
    expect(json.stealNs).toBe(0);
    expect(json.longestWaits).toEqual([]);
    expect(json.beliefs.find((b) => b.label === "its children's CPUs")!.seen).toBeCloseTo(json.beliefs.find((b) => b.label === "its children's CPUs")!.really, 9);
    expect(text).toContain('nobody: it never waited for an LP');
    expect(text).toContain("Under core, the same partition's steal/wanted is");
  });

  test('a lone VP with limit 50: half of what it wanted, all of it capped, taken by nobody', async () => {
    const { text, json } = await explained(CAPPED);
    expect(json.partition).toBe('half');
    expect(json.stealShare).toBeCloseTo(0.5, 3);
    expect(json.causes).toEqual([{ cause: 'capped', share: 1 }]);
    expect(json.thieves).toEqual([{ thief: null, share: 1, ns: json.stealNs, relation: 'nobody' }]);
    expect(json.contrast).toBeNull();
    expect(text).toMatch(/^ {2}capped {2}100\.0 % {2}of it held back by its own limit or cgroup cap$/m);
    expect(text).toMatch(/^ {2}nobody {2}1\.00 s {2}100\.0 % {2}its LP idled$/m);
    for (const wait of json.longestWaits) expect([wait.thief, wait.cause]).toEqual([null, 'capped']);
  });

  test('its longest waits are real waits: the longest a trace of the whole run shows, inside the run, each within its VP\'s steal', async () => {
    const yaml = readFileSync('scenarios/default.yaml', 'utf8');
    const { json } = await explained(yaml, '-d', '1s', '--top', '7');
    const scenario = scenarioFrom(yaml.replace(/^duration: .*$/m, 'duration: 1s'));
    const { trace, run } = runMode(scenario, 'core', { traceWindow: { from: 0, to: scenario.duration } });
    const l1vh = run.partitions.find((p) => p.name === 'l1vh')!;
    const traced = trace!.vpSlices
      .filter((s) => s.state === 'steal' && trace!.vps[s.vp]!.partition === 'l1vh')
      .map((s) => s.end - s.start)
      .sort((a, b) => b - a);
    expect(json.longestWaits).toHaveLength(7);
    expect(json.longestWaits[0]!.durationNs).toBe(traced[0]);
    expect(json.longestWaits.map((w) => w.durationNs)).toEqual(traced.slice(0, 7));
    for (const wait of json.longestWaits) {
      expect(wait.durationNs).toBeGreaterThan(0);
      expect(wait.durationNs).toBeLessThanOrEqual(l1vh.vps[wait.vp]!.stealNs);
      expect(wait.startNs).toBeGreaterThanOrEqual(0);
      expect(wait.startNs + wait.durationNs).toBeLessThanOrEqual(scenario.duration);
    }
  });

  test('without an L1VH it explains the partition with the most steal', async () => {
    const yaml = `
name: three
duration: 1s
modes: [classic]
host: { cores: 2, threadsPerCore: 1 }
partitions:
  - { name: calm, kind: guest, vps: 1, workload: busy }
  - { name: crowded, kind: guest, vps: 3, workload: busy }
`;
    const { json } = await explained(yaml);
    expect(json.partition).toBe('crowded');
  });

  test.each([
    [['--partition', 'l1hv'], '--partition: expected one of l1vh, child, got "l1hv": did you mean "l1vh"?'],
    [['--partition', 'nothing-like-it'], '--partition: expected one of l1vh, child, got "nothing-like-it"'],
    [['--mode', 'cor'], '--mode: expected one of root, classic, classic-nosmt, core, integrated, got "cor": did you mean "core"?'],
    [['--top', '0'], '--top: expected an integer 1–100, got "0"'],
    [['--duration', '2 parsecs'], 'w.yaml: --duration: '],
  ])('%j is refused in one line with exit 2', async (flags, message) => {
    const run = await cli(['explain', 'w.yaml', ...flags], { 'w.yaml': BUSY_L1VH });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(message);
  });

  test('a mode the file does not list gets the checks of a listed one', async () => {
    const run = await cli(['explain', 'w.yaml', '--mode', 'classic'], { 'w.yaml': BUSY_L1VH });
    expect(run.code).toBe(0);
    expect(oneLine(run.stdout)).toContain('Under classic, l1vh (L1VH, 4 VPs)');
    expect(run.stdout).not.toContain('the same partition');
  });
});
