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

/** The first of `cpus` whose core has two CPUs, both idle. */
function scanPairs(busy: readonly boolean[], siblings: readonly number[], cpus: ReadonlySet<number>): number {
  for (let cpu = 0; cpu < busy.length; cpu++) {
    const sibling = siblings[cpu]!;
    if (sibling >= 0 && !busy[cpu] && !busy[sibling] && cpus.has(cpu)) return cpu;
  }
  return -1;
}

test.each([
  ['one thread per core', (): number => -1],
  ['two threads per core', (cpu: number): number => cpu ^ 1],
  ['two threads on the first half of the cores only', (cpu: number): number => (cpu < 12 ? cpu ^ 1 : -1)],
])('the idle CPU index answers as scans over the CPUs, with %s, sets listed out of order', (name, siblingOf) => {
  const random = Random.fork(name.length, 'idle-index');
  const cpuCount = 24;
  const siblings = Array.from({ length: cpuCount }, (_, cpu) => siblingOf(cpu));
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
    for (let set = 0; set < sets.length; set++) {
      expect(index.firstFor(set)).toBe(scan(busy, siblings, new Set(sets[set])));
      expect(index.firstOnIdlePair(set)).toBe(scanPairs(busy, siblings, new Set(sets[set])));
    }
  }
});
