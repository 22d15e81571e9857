// The mixed worlds of the scaling benchmark, generated for any host size instead of checked in:
// (a) guests of every workload kind, 4 VPs per core; (b) the same with a busy root OS (one
// periodic thread per core, a capped cgroup of request agents); (c) four L1VHs with cgroups,
// threads and two children each on half the host, guests on the other half. Every world goes
// through the scenario loader, so a generated world is valid exactly as a user's file would be.
import { parseScenario } from '../src/scenario/index.js';
import type { Scenario } from '../src/model/scenario.js';

export const WORLD_FAMILIES = ['a', 'b', 'c'] as const;
export type WorldFamily = (typeof WORLD_FAMILIES)[number];

const GUEST_VPS = 8;
const GUEST_WORKLOADS = [
  'busy',
  { type: 'onoff', on: 'exp(5ms)', off: 'exp(5ms)' },
  { type: 'poisson', interval: '10ms', work: '2ms' },
  { type: 'periodic', period: '10ms', work: '2ms' },
] as const;

/** Guests with 4 VPs per core of `cores`, their workloads in turn, each guest weighted a little differently. */
function guests(cores: number, firstCore: number): object[] {
  const count = Math.max(1, Math.round((4 * cores) / GUEST_VPS));
  const coreList = Array.from({ length: cores }, (_, index) => firstCore + index);
  return Array.from({ length: count }, (_, index) => ({
    name: `guest-${index}`,
    kind: 'guest',
    vps: GUEST_VPS,
    weight: 100 + 50 * (index % 3),
    ...(firstCore === 0 ? {} : { cores: coreList }),
    workload: GUEST_WORKLOADS[index % GUEST_WORKLOADS.length],
  }));
}

function busyRoot(cores: number): object {
  return {
    name: 'root',
    kind: 'root',
    cgroups: { agents: { weight: 50, max: Math.max(1, cores / 8) } },
    threads: [
      { name: 'tick', count: cores, workload: { type: 'periodic', period: '10ms', work: '500us' } },
      { name: 'agent', count: Math.max(1, cores / 4), cgroup: 'agents', workload: { type: 'poisson', interval: '5ms', work: '1ms' } },
    ],
  };
}

/** Four L1VHs sharing the first half of the host, each with services, a capped VM cgroup and two children. */
function l1vhs(cores: number): object[] {
  const each = Math.max(1, Math.floor(cores / 8));
  return Array.from({ length: 4 }, (_, index) => ({
    name: `l1vh-${index}`,
    kind: 'l1vh',
    cores: Array.from({ length: each }, (_, core) => index * each + core),
    cgroups: { services: { weight: 300 }, vms: { weight: 100, max: Math.max(1, each) } },
    threads: [
      { name: 'api', count: each, cgroup: 'services', workload: { type: 'poisson', interval: '2ms', work: '300us' } },
      { name: 'batch', count: Math.max(1, each / 2), cgroup: 'services', workload: 'busy' },
    ],
    children: [
      { name: `child-${index}-a`, vps: 2 * each, cgroup: 'vms', workload: 'busy' },
      { name: `child-${index}-b`, vps: 2 * each, cgroup: 'vms', workload: { type: 'onoff', on: 'exp(20ms)', off: 'exp(30ms)' } },
    ],
  }));
}

export function worldInput(family: WorldFamily, cores: number, durationMs: number): object {
  const half = Math.floor(cores / 2);
  const partitions =
    family === 'a'
      ? guests(cores, 0)
      : family === 'b'
        ? [busyRoot(cores), ...guests(cores, 0)]
        : [...l1vhs(cores), ...guests(cores - half, half)];
  return {
    name: `world-${family}-${cores}`,
    duration: `${durationMs}ms`,
    seed: 1,
    host: { cores, threadsPerCore: 2, smtThroughput: 1.25 },
    hypervisor: { quantum: '10ms', vmmCapabilities: '0x40', integratedSchedulerEnabled: 1 },
    partitions,
  };
}

export function buildWorld(family: WorldFamily, cores: number, durationMs: number): Scenario {
  const file = `world-${family}-${cores}.json`;
  const loaded = parseScenario(JSON.stringify(worldInput(family, cores, durationMs)), file);
  if (!loaded.ok) throw new Error(`${file}: ${loaded.issues.map((issue) => issue.message).join('; ')}`);
  return loaded.scenario;
}
