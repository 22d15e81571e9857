// One vocabulary: a partition's steal/wanted is one number, whichever view shows it, and the
// single-mode table's budget of time is named as such; the words explain what is red. Views once printed 28.9 % in one place
// and 53.4 % in another for the same partition and mode.
import { describe, expect, test } from 'vitest';
import { compare } from '../../src/report/comparison.js';
import { renderComparisonTable } from '../../src/report/comparison-table.js';
import { renderTable } from '../../src/report/table.js';
import { CAUSE_INFO } from '../../src/report/causes.js';
import { percent } from '../../src/report/text.js';
import { readFileSync } from 'node:fs';
import { simulateMode } from '../../src/hypervisor/simulate.js';
import { causeShares, partitionP99, thiefShares } from '../../src/metrics/measures.js';
import type { ScenarioResult } from '../../src/metrics/result.js';
import { formatNanos, ms } from '../../src/model/time.js';
import { scenarioFrom } from '../support/load.js';
import { flagship, render } from './render.js';

const plain = { bold: (t: string): string => t, dim: (t: string): string => t, red: (t: string): string => t, green: (t: string): string => t };

describe('one steal figure in every view', () => {
  const { html, result } = render(flagship(), { from: 0, to: ms(20) });
  const modeIndex = result.runs.findIndex((run) => run.mode === 'core');
  const l1vh = result.runs[modeIndex]!.partitions.find((p) => p.name === 'l1vh')!;
  const wanted = percent(l1vh.stealShare);

  test('the single-mode table shows the L1VH\'s steal/wanted, and its run + steal + idle of VP time sum to 100 %', () => {
    const table = renderTable({ ...result, runs: [result.runs[modeIndex]!] }, { paint: plain });
    const row = table.split('\n').find((line) => line.includes('│ l1vh '))!;
    const cells = row.split('│').map((cell) => cell.trim());
    const header = table.split('\n').find((line) => line.includes('│ partition'))!.split('│').map((cell) => cell.trim());
    expect(cells[header.indexOf('steal/wanted')]).toBe(wanted);
    const budget = ['run', 'steal', 'idle'].map((column) => Number.parseFloat(cells[header.indexOf(column)]!));
    expect(budget.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
    expect(table).toMatch(/steal\/wanted \(stealShare\): steal over run \+ steal/);
  });

  test('the comparison shows the same figure under the same name', () => {
    const lines = renderComparisonTable(result, { paint: plain }).split('\n');
    const block = lines.findIndex((line) => line.startsWith('l1vh (l1vh)'));
    const row = lines.slice(block).find((line) => line.includes('steal/wanted (true)'))!;
    const [, ...cells] = row.trim().split(/\s{2,}/);
    expect(cells[modeIndex]).toBe(wanted);
  });

  test('latency is shown as wake-up p99 beside response p99, in the comparison and the HTML table', () => {
    const lines = renderComparisonTable(result, { paint: plain }).split('\n');
    const block = lines.findIndex((line) => line.trim().startsWith('child-b (child of l1vh)'));
    const row = lines.slice(block).find((line) => line.includes('response p99'))!;
    const [, ...cells] = row.trim().split(/\s{2,}/);
    const childB = result.runs[modeIndex]!.partitions.find((p) => p.name === 'child-b')!;
    expect(cells[modeIndex]).toBe(formatNanos(partitionP99(childB, 'response')!));
    expect(html).toContain('response p99');
  });

  test('the HTML table shows it under the same name, and the bars say theirs is a share of the whole time', () => {
    expect(html).toContain('steal/wanted');
    expect(html).toContain(`>${wanted}<`);
    expect(html).toContain(`steal/wanted ${wanted})`);
    expect(html).toContain('run + steal + idle = 100 %');
  });
});

describe('the words explain every red cell and every large change', () => {
  test('a partition with large steal outside the L1VH story gets its thief and cause; a latency that grew several times is named', () => {
    const text = readFileSync(new URL('../../scenarios/datacenter.yaml', import.meta.url), 'utf8').replace(/^duration: .*$/m, 'duration: 2s').replace(/^modes: .*$/m, 'modes: [core, integrated]');
    const scenario = scenarioFrom(text);
    const result: ScenarioResult = {
      scenario: { name: scenario.name, seed: scenario.seed, durationNs: scenario.duration },
      runs: scenario.modes.map((mode) => simulateMode(scenario, mode)),
    };
    const { headlines } = compare(result);
    const root = result.runs[0]!.partitions.find((p) => p.name === 'root')!;
    expect(headlines).toContain(
      `root steal/wanted ${percent(root.stealShare)} under core: ${percent(thiefShares(root)[0]!.share)} of it taken by ${thiefShares(root)[0]!.thief}, ` +
        `${percent(causeShares(root)[0]!.share)} of it while another VP ran where it waited`,
    );
    const web = (run: number): number => partitionP99(result.runs[run]!.partitions.find((p) => p.name === 'a-web')!, 'wakeup')!;
    expect(web(1)).toBeGreaterThan(3 * web(0));
    expect(headlines).toContain(`a-web wake-up p99 ${formatNanos(web(0))} under core → ${formatNanos(web(1))} under integrated (worse)`);
  });
});

describe('seen from inside the L1VH, and really', () => {
  const { html, result } = render(flagship(), { from: 0, to: ms(20) });
  const view = compare(result).inside.find((v) => v.partition === 'l1vh')!;
  const row = (label: string) => view.rows.find((r) => r.label === label)!;
  const [core, integrated] = [0, 1];

  test('under core its OS shows no steal and counts stolen time as its threads\' CPU time, and cannot see its children', () => {
    const l1vh = result.runs[core]!.partitions.find((p) => p.name === 'l1vh')!;
    expect(row('steal/wanted').seen[core]).toBe(0);
    expect(row('steal/wanted').really[core]).toBe(l1vh.stealShare);
    expect(row("its threads' CPUs").seen[core]!).toBeGreaterThan(row("its threads' CPUs").really[core]! + 1);
    expect(row("its children's CPUs").seen[core]).toBeNull();
    expect(row("its children's CPUs").really[core]).toBeGreaterThan(1.5);
  });

  test('under integrated what it sees is what happened', () => {
    expect(row('steal/wanted').really[integrated]).toBe(0);
    expect(row("its threads' CPUs").seen[integrated]).toBeCloseTo(row("its threads' CPUs").really[integrated]!, 9);
    expect(row("its children's CPUs").seen[integrated]).toBeCloseTo(row("its children's CPUs").really[integrated]!, 9);
    expect(html).toContain('seen from inside l1vh / really');
  });
});

describe('the HTML report\'s victim × thief matrix', () => {
  test('each mode has a table whose cells are the parts of each victim\'s steal, and the causes beside them', () => {
    const { html, result } = render(flagship(), { from: 0, to: ms(20) });
    const section = html.slice(html.indexOf('<section id="thefts">'), html.indexOf('</section>', html.indexOf('<section id="thefts">')));
    expect(section).toContain('core: who took each partition\'s steal');
    const l1vh = result.runs[0]!.partitions.find((p) => p.name === 'l1vh')!;
    const core = section.slice(section.indexOf('core: who'), section.indexOf('integrated: who'));
    const start = core.indexOf('<th class="metric">l1vh</th>');
    const row = core.slice(start, core.indexOf('</tr>', start));
    for (const { share } of thiefShares(l1vh)) expect(row).toContain(`>${percent(share)}<`);
    const main = causeShares(l1vh)[0]!;
    expect(row).toContain(`${CAUSE_INFO[main.cause].label} ${percent(main.share)}`);
    // People's views name a cause one way; only JSON and CSV use its key.
    expect(section).not.toMatch(/\bcontention \d/);
  });
});

describe('the cpuset row', () => {
  test('a child and a cgroup with a cpuset show the share of their run time outside it, held only where the L1VH schedules them', () => {
    const scenario = scenarioFrom(readFileSync(new URL('../../scenarios/l1vh-cgroups.yaml', import.meta.url), 'utf8'));
    const result: ScenarioResult = {
      scenario: { name: scenario.name, seed: scenario.seed, durationNs: scenario.duration },
      runs: scenario.modes.map((mode) => simulateMode(scenario, mode)),
    };
    const { cpusets, modes } = compare(result);
    const vms = cpusets.find((row) => row.label === 'l1vh/vms')!;
    const child = cpusets.find((row) => row.label === 'child')!;
    for (const row of [vms, child]) {
      expect(row.outside[modes.indexOf('integrated')]).toBe(0);
      expect(row.outside[modes.indexOf('core')]).toBeGreaterThan(0.4);
    }
    const table = renderComparisonTable(result, { paint: plain });
    expect(table).toContain('l1vh/vms outside cpuset');
  });
});
