// The sweep on worker threads, through the real binary (built by the global setup): the bytes do
// not depend on the number of jobs, nor on whether the cells ran in one go or in shards.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scratchDir } from '../support/scratch.js';

const main = join('dist', 'src', 'cli', 'main.js');
const SWEEP = ['sweep', 'scenarios/default.yaml', '--vary', 'partitions.l1vh.children.child-a.vps=1..3', '--vary', 'hypervisor.quantum=5ms,10ms', '-m', 'core,integrated', '-d', '200ms', '--seeds', '2', '-f', 'json'];

function hvsched(args: readonly string[]): string {
  const run = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
}

describe('a sweep on worker threads', () => {
  test('gives the same bytes with 1, 2 and 4 jobs, and 3 shards merged', () => {
    const one = hvsched([...SWEEP, '--jobs', '1']);
    expect(JSON.parse(one).cells).toHaveLength(6);
    expect(hvsched([...SWEEP, '--jobs', '2'])).toBe(one);
    expect(hvsched([...SWEEP, '--jobs', '4'])).toBe(one);
    const dir = scratchDir('sweep');
    const parts = [1, 2, 3].map((index) => {
      const path = join(dir, `part${index}.json`);
      writeFileSync(path, hvsched([...SWEEP, '--jobs', '2', '--shard', `${index}/3`]));
      return path;
    });
    expect(hvsched(['sweep', 'merge', parts[2]!, parts[0]!, parts[1]!, '-f', 'json'])).toBe(one);
  });
});
