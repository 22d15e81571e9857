// `npm run bench`: the canonical model (M single-thread cores, N always-busy VPs, 10 ms quantum)
// against the bare-loop floor and SimPy 2 in the same run, the same model under core and
// integrated, one simulated hour of a 64-LP host, and how cost grows with host size and horizon.
// Every measurement runs in a fresh process so its peak memory is its own, and checks first that
// every VP got M/N of an LP. Then the mixed worlds of bench/scaling.ts. Results go to stdout and
// to bench/RESULTS.md; `--quick` measures a subset in about two minutes and writes only stdout.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulateMode } from '../src/hypervisor/simulate.js';
import type { Mode } from '../src/model/scenario.js';
import { bestAndMedian } from './best-of.js';
import { buildCanonical } from './canonical-model.js';

interface Measurement {
  mode: Mode;
  cores: number;
  vps: number;
  horizonMs: number;
  wallS: number;
  dispatches: number;
  events: number;
  dispatchesPerS: number;
  eventsPerS: number;
  peakRssMb: number;
  shareMin: number;
  shareMax: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const peers = join(root, '..', 'shared', 'peers');

/** Measures in a fresh process with V8's default flags, as the CLI runs. */
function child(mode: Mode, cores: number, vps: number, horizonMs: number): void {
  const scenario = buildCanonical(cores, vps, horizonMs, mode === 'integrated' ? 'l1vh-child' : 'guest');
  const start = process.hrtime.bigint();
  const run = simulateMode(scenario, mode);
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  const shares = run.partitions.find((p) => p.name === 'guest')!.vps.map((vp) => vp.runNs / scenario.duration);
  const measurement: Measurement = {
    mode,
    cores,
    vps,
    horizonMs,
    wallS,
    dispatches: run.host.dispatches,
    events: run.host.events,
    dispatchesPerS: run.host.dispatches / wallS,
    eventsPerS: run.host.events / wallS,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    shareMin: Math.min(...shares),
    shareMax: Math.max(...shares),
  };
  process.stdout.write(JSON.stringify(measurement));
}

/** One measurement in a fresh process, after checking every VP got M/N of an LP. */
function measure(mode: Mode, cores: number, vps: number, horizonMs: number): Measurement {
  const output = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, String(cores), String(vps), String(horizonMs)], {
    encoding: 'utf8',
  });
  const measurement = JSON.parse(output) as Measurement;
  const expected = Math.min(1, cores / vps);
  if (Math.abs(measurement.shareMin - expected) > 0.005 || Math.abs(measurement.shareMax - expected) > 0.005) {
    throw new Error(`canonical model ${cores}x${vps} (${mode}): VP shares ${measurement.shareMin}…${measurement.shareMax}, expected ${expected}`);
  }
  return measurement;
}

function bestOf3(mode: Mode, cores: number, vps: number, horizonMs: number): { best: Measurement; median: Measurement } {
  return bestAndMedian(3, () => measure(mode, cores, vps, horizonMs), (run) => run.dispatchesPerS);
}

function peer(command: string, args: string[]): { rate: number; shareMin: number; shareMax: number; wallS: number } | null {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) return null;
  const field = (name: string): number => Number(new RegExp(`${name}=([\\d.]+)`).exec(result.stdout)?.[1] ?? Number.NaN);
  return { rate: field('dispatches_per_s'), shareMin: field('share_min'), shareMax: field('share_max'), wallS: field('wall_s') };
}

function simpyAvailable(): boolean {
  return existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', 'import SimPy.Simulation'], { stdio: 'ignore' }).status === 0;
}

function machine(): string {
  const model = cpus()[0]?.model ?? 'unknown CPU';
  const os = existsSync('/etc/os-release') ? (/PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'Linux') : process.platform;
  return `${cpus().length} × ${model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${os} (kernel ${release()}), Node ${process.version}`;
}

const fmt = (value: number): string => Math.round(value).toLocaleString('en-US');
const M = 64;
const N = 256;
const H = 600_000;

async function main(quick: boolean): Promise<void> {
  // Imported here, not above: the canonical child must not load the scenario loader it never uses.
  const { scalingSection } = await import('./scaling.js');
  const out: string[] = [];
  const say = (line = ''): void => {
    console.log(line);
    out.push(line);
  };
  say('# hvsched benchmark results');
  say();
  say(`Machine: ${machine()}. Written by \`npm run bench\`; every figure below was measured in that run.`);
  say();
  say('hvsched runs as its CLI does, on V8\'s default flags.');
  say();
  say(`## The canonical model: M = ${M} single-thread cores, N = ${N} always-busy VPs, 10 ms quantum, ${H / 1000} s simulated`);
  say();
  const { best, median } = bestOf3('classic', M, N, H);
  const floor = peer(process.execPath, [join(peers, 'rr_limit.mjs'), String(M), String(N), String(H), '10']);
  const simpy = simpyAvailable() ? peer('/usr/bin/python3', [join(peers, 'simpy_rr.py'), String(M), String(N), String(H), '10']) : null;
  say("| simulator | dispatches/s | VP share (M/N = 0.25) | wall s | hvsched's rate ÷ its rate |");
  say('|---|---:|---|---:|---:|');
  say(`| hvsched classic (best of 3; median ${fmt(median.dispatchesPerS)}) | ${fmt(best.dispatchesPerS)} | ${best.shareMin.toFixed(4)}…${best.shareMax.toFixed(4)} | ${best.wallS.toFixed(2)} | — |`);
  if (floor !== null) say(`| bare-loop floor (rr_limit.mjs) | ${fmt(floor.rate)} | ${floor.shareMin.toFixed(4)}…${floor.shareMax.toFixed(4)} | ${floor.wallS.toFixed(2)} | ${(best.dispatchesPerS / floor.rate).toFixed(2)}× |`);
  if (simpy !== null) say(`| SimPy 2 (simpy_rr.py) | ${fmt(simpy.rate)} | ${simpy.shareMin.toFixed(4)}…${simpy.shareMax.toFixed(4)} | ${simpy.wallS.toFixed(2)} | ${(best.dispatchesPerS / simpy.rate).toFixed(1)}× |`);
  else say("| SimPy 2 | skipped: Debian's python3-simpy is not importable by /usr/bin/python3 | | | |");
  say();
  say(`Peak memory of the hvsched run: ${best.peakRssMb.toFixed(0)} MB. Target: ≥ 30× SimPy 2.`);
  say();
  if (quick) {
    scalingSection(true, say);
    return;
  }
  say(`## The same model under the other hypervisor modes (M = ${M}, N = ${N}, ${H / 1000} s)`);
  say();
  say('| mode | dispatches/s | events/s | wall s | what runs |');
  say('|---|---:|---:|---:|---|');
  for (const mode of ['core', 'integrated'] as const) {
    const m = bestOf3(mode, M, N, H).best;
    const what = mode === 'integrated' ? "the L1VH's fair scheduler time-slices N VMM threads on its M vCPUs" : 'virtual cores of one VP each';
    say(`| ${mode} | ${fmt(m.dispatchesPerS)} | ${fmt(m.eventsPerS)} | ${m.wallS.toFixed(2)} | ${what} |`);
  }
  say();
  const hour = bestOf3('classic', M, N, 3_600_000).best;
  say(`## One simulated hour of a ${M}-LP, ${N}-VP host (classic)`);
  say();
  say(`${hour.wallS.toFixed(2)} s wall for ${fmt(hour.dispatches)} dispatches (best of 3), peak memory ${hour.peakRssMb.toFixed(0)} MB. Target: under 5 s.`);
  say();
  say('## How cost grows with host size and horizon (4 VPs per LP)');
  say();
  say(
    'Events/s and peak memory per run. Short runs pay a fixed start-up (the JIT warming up, tens of ' +
      'milliseconds), so their rate is lower; the 600 s column is the steady rate. Cost is linear in the ' +
      'horizon when the rate stops rising with it, and memory stays flat across a row.',
  );
  say();
  say('| mode | LPs | VPs | 10 s: events/s | MB | 60 s: events/s | MB | 600 s: events/s | MB |');
  say('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const mode of ['classic', 'core', 'integrated'] as const) {
    for (const lps of [8, 64, 256]) {
      const cells = [10_000, 60_000, 600_000].map((horizon) => {
        const m = measure(mode, lps, 4 * lps, horizon);
        return `${fmt(m.eventsPerS)} | ${m.peakRssMb.toFixed(0)}`;
      });
      say(`| ${mode} | ${lps} | ${4 * lps} | ${cells.join(' | ')} |`);
    }
  }
  say();
  scalingSection(false, say);
  writeFileSync(join(root, 'bench', 'RESULTS.md'), `${out.join('\n')}\n`);
  console.log('\nwritten to bench/RESULTS.md');
}

if (process.argv[2] === '--child') {
  const [cores, vps, horizonMs] = process.argv.slice(4).map(Number);
  child(process.argv[3] as Mode, cores!, vps!, horizonMs!);
} else {
  await main(process.argv.includes('--quick'));
}
