// The running-task index answers what a scan over the CPUs would, after any sequence of starts and
// stops, for every CPU set, owner and scale, including trees made after the tasks started.
import { expect, test } from 'vitest';
import { Random } from '../../src/engine/random.js';
import { RunningIndex, type RunningTaskSpec } from '../../src/schedulers/running-index.js';

const CPUS = 12;

function scanFurthest(sets: readonly number[][], cpuTask: Int32Array, base: Float64Array, tasks: readonly RunningTaskSpec[], set: number, owner: number, scale: number): number {
  let found = -1;
  for (const cpu of sets[set]!) {
    const task = cpuTask[cpu]!;
    if (task < 0 || tasks[task]!.owner !== owner || tasks[task]!.scale !== scale) continue;
    if (found < 0 || base[cpu]! > base[found]!) found = cpu;
  }
  return found;
}

test.each([1, 2, 3, 4, 5])('seed %i: furthest, first and least match a scan', (seed) => {
  const random = Random.fork(seed, 'running-index');
  const below = (n: number): number => random.nextUint32() % n;
  const sets = [Array.from({ length: CPUS }, (_, cpu) => cpu), [0, 3, 5, 7], [2], [1, 2, 3, 4, 5, 6]];
  const scaleCounts = [2, 1, 3];
  const tasks: RunningTaskSpec[] = Array.from({ length: 30 }, () => {
    const owner = below(scaleCounts.length);
    return { owner, set: below(sets.length), scale: below(scaleCounts[owner]!) };
  });
  const index = new RunningIndex(CPUS, tasks, sets, scaleCounts);
  const cpuTask = new Int32Array(CPUS).fill(-1);
  const base = new Float64Array(CPUS);
  const taskCpu = new Int32Array(tasks.length).fill(-1);
  for (let step = 0; step < 2000; step++) {
    const task = below(tasks.length);
    if (taskCpu[task]! >= 0) {
      const cpu = taskCpu[task]!;
      index.stopped(cpu);
      cpuTask[cpu] = -1;
      taskCpu[task] = -1;
    } else {
      const cpu = below(CPUS);
      if (cpuTask[cpu]! >= 0) continue;
      // Few distinct bases, so that ties are common.
      const key = below(8) * 0.5;
      index.started(task, cpu, key);
      cpuTask[cpu] = task;
      base[cpu] = key;
      taskCpu[task] = cpu;
    }
    const set = below(sets.length);
    const owner = below(scaleCounts.length);
    const scale = below(scaleCounts[owner]!);
    expect(index.furthest(set, owner, scale)).toBe(scanFurthest(sets, cpuTask, base, tasks, set, owner, scale));
    const first = sets[set]!.find((cpu) => cpuTask[cpu]! >= 0 && tasks[cpuTask[cpu]!]!.owner === owner) ?? -1;
    expect(index.first(set, owner)).toBe(first);
    let least = -1;
    for (let cpu = 0; cpu < CPUS; cpu++) {
      const running = cpuTask[cpu]!;
      if (running >= 0 && tasks[running]!.owner === owner && tasks[running]!.scale === scale && (least < 0 || base[cpu]! < base[taskCpu[least]!]!)) least = running;
    }
    expect(index.least(owner, scale)).toBe(least);
  }
});
