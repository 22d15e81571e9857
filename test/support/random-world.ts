// Seeded random worlds for the all-mode invariant sweep: a host with a root partition (threads,
// cgroups), zero to two L1VHs (threads, cgroups, children) and guests.
import { Random } from '../../src/engine/random.js';
import type { Cgroup, ChildPartition, GuestPartition, L1vhPartition, Partition, RootPartition, Scenario, Thread } from '../../src/model/scenario.js';
import { ms } from '../../src/model/time.js';
import { randomWorkload } from './random-scenario.js';

const pick = <T>(random: Random, items: readonly T[]): T => items[random.nextUint32() % items.length]!;
const chance = (random: Random, p: number): boolean => random.nextFloat() < p;
const controls = (random: Random) => {
  const reserve = chance(random, 0.2) ? random.nextUint32() % 15 : 0;
  return { weight: 1 + (random.nextUint32() % 300), reserve, limit: chance(random, 0.2) ? Math.max(reserve, 10 + (random.nextUint32() % 90)) : 100 };
};

function randomCpus(random: Random, cpuCount: number): number[] | null {
  if (!chance(random, 0.3)) return null;
  const cpus = Array.from({ length: cpuCount }, (_, cpu) => cpu).filter(() => chance(random, 0.5));
  return cpus.length > 0 ? cpus : [random.nextUint32() % cpuCount];
}

function randomCgroups(random: Random, prefix: string, cpuCount: number): Cgroup[] {
  return Array.from({ length: random.nextUint32() % 3 }, (_, i) => ({
    name: `${prefix}cg${i}`,
    weight: 1 + (random.nextUint32() % 500),
    max: chance(random, 0.4) ? { quota: ms(10 + (random.nextUint32() % 150)), period: ms(100) } : null,
    cpus: randomCpus(random, cpuCount),
  }));
}

function randomThreads(random: Random, prefix: string, cgroups: readonly Cgroup[], cpuCount: number): Thread[] {
  return Array.from({ length: random.nextUint32() % 5 }, (_, i) => ({
    name: `${prefix}t${i}`,
    writtenName: `${prefix}t${i}`,
    nice: (random.nextUint32() % 40) - 20,
    cgroup: cgroups.length > 0 && chance(random, 0.6) ? pick(random, cgroups).name : null,
    cpus: randomCpus(random, cpuCount),
    workload: randomWorkload(random),
  }));
}

export function randomWorld(seed: number): Scenario {
  const random = Random.fork(seed, 'world');
  const cores = 2 + (random.nextUint32() % 5);
  const threadsPerCore = (1 + (random.nextUint32() % 2)) as 1 | 2;
  const lpCount = cores * threadsPerCore;
  const partitions: Partition[] = [];
  const rootCgroups = randomCgroups(random, 'r', lpCount);
  const root: RootPartition = { kind: 'root', name: 'root', cgroups: rootCgroups, threads: randomThreads(random, 'r', rootCgroups, lpCount) };
  partitions.push(root);
  let nextCore = 0;
  for (let l = 0; l < random.nextUint32() % 3 && nextCore < cores - 1; l++) {
    const width = 1 + (random.nextUint32() % Math.min(2, cores - 1 - nextCore));
    const l1vhCores = Array.from({ length: width }, (_, i) => nextCore + i);
    nextCore += width;
    const vcpus = width * threadsPerCore;
    const cgroups = randomCgroups(random, `l${l}`, vcpus);
    const children: ChildPartition[] = Array.from({ length: random.nextUint32() % 3 }, (_, c) => {
      const vps = 1 + (random.nextUint32() % 4);
      return {
        kind: 'child',
        name: `l${l}c${c}`,
        parent: `l${l}`,
        vps,
        controls: controls(random),
        threadsPerCore: (1 + (random.nextUint32() % threadsPerCore)) as 1 | 2,
        workloads: Array.from({ length: vps }, () => randomWorkload(random)),
        cgroup: cgroups.length > 0 && chance(random, 0.7) ? pick(random, cgroups).name : null,
        cpus: randomCpus(random, vcpus),
      };
    });
    const l1vh: L1vhPartition = {
      kind: 'l1vh',
      name: `l${l}`,
      cores: l1vhCores,
      controls: controls(random),
      cgroup: rootCgroups.length > 0 && chance(random, 0.5) ? pick(random, rootCgroups).name : null,
      cpus: null,
      threads: randomThreads(random, `l${l}`, cgroups, vcpus),
      cgroups,
      children,
    };
    partitions.push(l1vh);
  }
  const freeCores = Array.from({ length: cores - nextCore }, (_, i) => nextCore + i);
  for (let g = 0; g < 1 + (random.nextUint32() % 3); g++) {
    const vps = 1 + (random.nextUint32() % 5);
    const guest: GuestPartition = {
      kind: 'guest',
      name: `g${g}`,
      vps,
      controls: controls(random),
      threadsPerCore: (1 + (random.nextUint32() % threadsPerCore)) as 1 | 2,
      workloads: Array.from({ length: vps }, () => randomWorkload(random)),
      cores: chance(random, 0.3) ? [pick(random, freeCores)] : freeCores,
      cgroup: rootCgroups.length > 0 && chance(random, 0.5) ? pick(random, rootCgroups).name : null,
      cpus: randomCpus(random, lpCount),
    };
    partitions.push(guest);
  }
  return {
    name: `world-${seed}`,
    description: '',
    duration: ms(300 + (random.nextUint32() % 700)),
    seed,
    modes: ['root', 'classic', 'classic-nosmt', 'core', 'integrated'],
    host: { cores, threadsPerCore, smtThroughput: 1 + random.nextFloat() },
    hypervisor: {
      quantum: ms(1 + (random.nextUint32() % 15)),
      window: ms(50 + (random.nextUint32() % 100)),
      wakeupPreemption: chance(random, 0.3),
      vmmCapabilities: chance(random, 0.8) ? { kind: 'value', value: 0x40n } : pick(random, [{ kind: 'value', value: 0n }, { kind: 'unreadable' }] as const),
      integratedSchedulerEnabled: chance(random, 0.9) ? { kind: 'value', value: 1n } : pick(random, [{ kind: 'value', value: 0n }, { kind: 'unreadable' }] as const),
    },
    os: { slice: chance(random, 0.5) ? 'auto' : ms(1 + (random.nextUint32() % 4)), wakeupGranularity: ms(1) },
    partitions,
    expect: [],
  };
}
