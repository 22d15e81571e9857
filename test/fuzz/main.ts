// `npm run fuzz [-- --count N --seed S --start I --binary K]`: a long fuzz run of the CLI. Prints
// the rate and every finding; exit 1 if there is one. Mutant i of a seed does not depend on the
// count, so `--start I --count 1` replays a finding.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mutant } from './mutate.js';
import { formatFinding, fuzzBinary, fuzzInProcess, type Finding } from './oracle.js';
import { bundledSeeds } from './seeds.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '1' },
    start: { type: 'string', default: '0' },
    binary: { type: 'string', default: '50' },
  },
});
const [count, seed, start, throughBinary] = (['count', 'seed', 'start', 'binary'] as const).map((flag) => {
  const value = Number(values[flag]);
  if (!Number.isSafeInteger(value) || value < 0) {
    console.error(`--${flag}: expected a non-negative integer, got ${JSON.stringify(values[flag])}`);
    process.exit(2);
  }
  return value;
}) as [number, number, number, number];
const root = process.cwd();
const seeds = bundledSeeds(root);
const dir = mkdtempSync(join(tmpdir(), 'hvsched-fuzz-'));

const findings: Finding[] = [];
const started = performance.now();
try {
  for (let index = start; index < start + count; index++) {
    const found = await fuzzInProcess(mutant(seeds, seed, index));
    for (const finding of found) console.log(formatFinding(finding));
    findings.push(...found);
    if ((index - start + 1) % 1000 === 0) console.error(`${index - start + 1}/${count}…`);
  }
  const inProcessSeconds = (performance.now() - started) / 1000;
  // Every count/throughBinary-th mutant again through the real binary, for what only a process shows.
  const step = Math.max(1, Math.floor(count / Math.max(1, throughBinary)));
  for (let index = start; throughBinary > 0 && index < start + count; index += step) {
    const found = fuzzBinary(mutant(seeds, seed, index), dir, join(root, 'dist', 'src', 'cli', 'main.js'));
    for (const finding of found) console.log(formatFinding(finding));
    findings.push(...found);
  }
  const rate = count / inProcessSeconds;
  console.log(
    `fuzz: seed ${seed}, mutants ${start}–${start + count - 1}: ${count} in-process in ${inProcessSeconds.toFixed(1)} s ` +
      `(${rate.toFixed(0)} mutants/s), ${throughBinary > 0 ? Math.ceil(count / step) : 0} through the binary; ${findings.length} findings`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = findings.length === 0 ? 0 : 1;
