import { expect, test } from 'vitest';
import { Random } from '../../src/engine/random.js';
import { IdleCpuIndex } from '../../src/schedulers/idle-index.js';

/** What a scan over the CPUs in order finds: the first idle one of `cpus` on an idle core, else the first idle one. */
function scan(busy: readonly boolean[], siblings: readonly number[], cpus: ReadonlySet<number>): number {
  let firstIdle = -1;
  for (let cpu = 0; cpu < busy.length; cpu++) {
    if (busy[cpu] || !cpus.has(cpu)) continue;
    const sibling = siblings[cpu]!;
    if (sibling < 0 || !busy[sibling]) return cpu;
    if (firstIdle < 0) firstIdle = cpu;
  }
  return firstIdle;
}

test.each([
  ['one thread per core', 1],
  ['two threads per core', 2],
])('the idle CPU index answers as a scan over the CPUs, with %s, sets listed out of order', (_, threads) => {
  const random = Random.fork(threads, 'idle-index');
  const cpuCount = 24;
  const siblings = Array.from({ length: cpuCount }, (_, cpu) => (threads === 1 ? -1 : cpu ^ 1));
  const sets = Array.from({ length: 6 }, () => {
    const cpus = Array.from({ length: cpuCount }, (_, cpu) => cpu).filter(() => random.nextUint32() % 3 !== 0);
    return cpus.length === 0 ? [0] : cpus.reverse();
  });
  const index = new IdleCpuIndex(cpuCount, siblings, sets);
  const busy = Array.from({ length: cpuCount }, () => false);
  for (let step = 0; step < 3000; step++) {
    // Several changes between questions, some of them undone before the question.
    for (let change = random.nextUint32() % 5; change >= 0; change--) {
      const cpu = random.nextUint32() % cpuCount;
      busy[cpu] = !busy[cpu];
      index.setBusy(cpu, busy[cpu]!);
    }
    for (let set = 0; set < sets.length; set++) expect(index.firstFor(set)).toBe(scan(busy, siblings, new Set(sets[set])));
  }
});
