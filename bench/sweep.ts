// `npm run bench:sweep`: what worker threads buy a sweep. A 40-cell sweep of the default scenario,
// every mode, run by the CLI with --jobs 1 and --jobs 2 in turn (paired, so a busy machine slows
// both alike), at 2 s simulated per cell and at 20 s; checks the outputs are the same bytes.
// Each run also reports the CPU time it used: a single-threaded run already keeps more than one
// core busy (V8 compiles and collects garbage on threads of its own), which bounds what a second
// job can add on a machine of two cores. Results go to stdout and to bench/SWEEP.md.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const main = join(root, 'dist', 'src', 'cli', 'main.js');
const sweep = (duration: string): string[] => [
  'sweep', join(root, 'scenarios', 'default.yaml'),
  '--vary', 'partitions.l1vh.children.child-a.vps=1..8',
  '--vary', 'hypervisor.quantum=2ms,4ms,6ms,8ms,10ms',
  '-d', duration, '-f', 'json',
];
const DURATIONS = ['2s', '20s'];
const ROUNDS = 3;
const CPU_REPORT = 'hvsched-bench-cpu ';
// Preloaded into each run: its CPU time (every thread of the process) on stderr as it exits.
const REPORT_CPU = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('${CPU_REPORT}'+(u.user+u.system)/1e6)})`;

interface Timed {
  readonly wallS: number;
  readonly cpuS: number;
  readonly output: string;
}

function timed(duration: string, jobs: number): Timed {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['--import', REPORT_CPU, main, ...sweep(duration), '--jobs', String(jobs)], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`the sweep failed: ${run.stderr}`);
  const cpuS = Number(run.stderr.slice(run.stderr.lastIndexOf(CPU_REPORT) + CPU_REPORT.length));
  return { wallS, cpuS, output: run.stdout };
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface Row {
  readonly duration: string;
  readonly jobs: number;
  readonly runs: Timed[];
}

const rows: Row[] = [];
let cells = 0;
for (const duration of DURATIONS) {
  const pair: Row[] = [1, 2].map((jobs) => ({ duration, jobs, runs: [] }));
  let reference: string | null = null;
  for (let round = 0; round < ROUNDS; round++) {
    for (const row of pair) {
      const run = timed(duration, row.jobs);
      if (reference === null) reference = run.output;
      else if (run.output !== reference) throw new Error(`--jobs ${row.jobs} gave other bytes than --jobs 1 at ${duration}`);
      row.runs.push(run);
      console.log(`${duration} round ${round + 1}: --jobs ${row.jobs} ${run.wallS.toFixed(2)} s wall, ${run.cpuS.toFixed(2)} s CPU`);
    }
  }
  cells = (JSON.parse(reference!) as { cells: unknown[] }).cells.length;
  rows.push(...pair);
}

const wall = (row: Row): number => median(row.runs.map((run) => run.wallS));
const speedUps = DURATIONS.map((duration) => {
  const [one, two] = rows.filter((row) => row.duration === duration) as [Row, Row];
  return { duration, speedUp: wall(one) / wall(two) };
});
const lines = [
  '# hvsched sweep benchmark',
  '',
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${availableParallelism()} available to Node ${process.version}. Written by \`npm run bench:sweep\`.`,
  '',
  `A ${cells}-cell sweep of scenarios/default.yaml (child-a's VPs 1..8 × quantum 2–10 ms), its five modes, one seed, at 2 s and at 20 s simulated per cell; ${ROUNDS} rounds of --jobs 1 and --jobs 2 in turn, same bytes every time. CPU is the process's user + system time over all its threads; cores busy is CPU ÷ wall.`,
  '',
  '| simulated | jobs | min s | median s | max s | median CPU s | cores busy |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...rows.map((row) => {
    const walls = row.runs.map((run) => run.wallS);
    const cpu = median(row.runs.map((run) => run.cpuS));
    return `| ${row.duration} | ${row.jobs} | ${Math.min(...walls).toFixed(2)} | ${wall(row).toFixed(2)} | ${Math.max(...walls).toFixed(2)} | ${cpu.toFixed(2)} | ${(cpu / wall(row)).toFixed(2)} |`;
  }),
  '',
  ...speedUps.map(({ duration, speedUp }) => `Speed-up of the medians at ${duration}: ${speedUp.toFixed(2)}×.`),
];
writeFileSync(join(root, 'bench', 'SWEEP.md'), `${lines.join('\n')}\n`);
console.log(`\n${lines.slice(-DURATIONS.length).join('\n')}\nwritten to bench/SWEEP.md`);
