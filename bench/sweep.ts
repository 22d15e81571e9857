// `npm run bench:sweep`: what worker threads buy a sweep. A 40-cell sweep of the default scenario
// at 2 s simulated, every mode, run by the CLI with --jobs 1 and --jobs 2 in turn (paired, so a
// busy machine slows both alike); checks the two outputs are the same bytes. Results go to
// stdout and to bench/SWEEP.md.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const main = join(root, 'dist', 'src', 'cli', 'main.js');
const SWEEP = [
  'sweep', join(root, 'scenarios', 'default.yaml'),
  '--vary', 'partitions.l1vh.children.child-a.vps=1..8',
  '--vary', 'hypervisor.quantum=2ms,4ms,6ms,8ms,10ms',
  '-d', '2s', '-f', 'json',
];
const ROUNDS = 3;

function timed(jobs: number): { seconds: number; output: string } {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [main, ...SWEEP, '--jobs', String(jobs)], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`the sweep failed: ${run.stderr}`);
  return { seconds, output: run.stdout };
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const one: number[] = [];
const two: number[] = [];
let reference: string | null = null;
for (let round = 0; round < ROUNDS; round++) {
  for (const [jobs, times] of [[1, one], [2, two]] as const) {
    const { seconds, output } = timed(jobs);
    if (reference === null) reference = output;
    else if (output !== reference) throw new Error(`--jobs ${jobs} gave other bytes than --jobs 1`);
    times.push(seconds);
    console.log(`round ${round + 1}: --jobs ${jobs} ${seconds.toFixed(2)} s`);
  }
}
const cells = (JSON.parse(reference!) as { cells: unknown[] }).cells.length;
const speedUp = median(one) / median(two);
const lines = [
  '# hvsched sweep benchmark',
  '',
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${availableParallelism()} available to Node ${process.version}. Written by \`npm run bench:sweep\`.`,
  '',
  `A ${cells}-cell sweep of scenarios/default.yaml (child-a's VPs 1..8 × quantum 2–10 ms), 2 s simulated, its five modes, one seed; ${ROUNDS} rounds of --jobs 1 and --jobs 2 in turn, same bytes every time.`,
  '',
  '| jobs | min s | median s | max s |',
  '|---:|---:|---:|---:|',
  ...([[1, one], [2, two]] as const).map(([jobs, times]) => `| ${jobs} | ${Math.min(...times).toFixed(2)} | ${median(times).toFixed(2)} | ${Math.max(...times).toFixed(2)} |`),
  '',
  `Speed-up of the medians: ${speedUp.toFixed(2)}× (target: at least 1.7× on 2 cores).`,
];
writeFileSync(join(root, 'bench', 'SWEEP.md'), `${lines.join('\n')}\n`);
console.log(`\n${lines.slice(-1)[0]}\nwritten to bench/SWEEP.md`);
