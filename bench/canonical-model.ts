// The canonical model shared with the peers in ../shared/peers: M single-thread cores and N
// always-busy VPs with a 10 ms quantum. As a guest it runs under `classic` and `core`; as the
// child of an L1VH that owns every core it runs under `integrated`, where the L1VH's fair
// scheduler time-slices N VMM threads on M vCPUs instead.
import type { Partition, Scenario } from '../src/model/scenario.js';
import { ms, ns } from '../src/model/time.js';

export type CanonicalShape = 'guest' | 'l1vh-child';

export function buildCanonical(cores: number, vps: number, horizonMs: number, shape: CanonicalShape = 'guest'): Scenario {
  const allCores = Array.from({ length: cores }, (_, core) => core);
  const controls = { weight: 100, reserve: 0, limit: 100 };
  const workloads = Array.from({ length: vps }, () => ({ kind: 'busy' }) as const);
  const partition: Partition =
    shape === 'guest'
      ? { kind: 'guest', name: 'guest', vps, controls, threadsPerCore: 1, workloads, cores: allCores, cgroup: null, cpus: null }
      : {
          kind: 'l1vh',
          name: 'l1vh',
          cores: allCores,
          controls,
          cgroup: null,
          cpus: null,
          threads: [],
          cgroups: [],
          children: [{ kind: 'child', name: 'guest', parent: 'l1vh', vps, controls, threadsPerCore: 1, workloads, cgroup: null, cpus: null }],
        };
  return {
    name: `canonical-${cores}x${vps}`,
    description: 'N always-busy VPs on M single-thread cores',
    duration: ns(horizonMs * 1_000_000),
    seed: 1,
    modes: ['classic'],
    host: { cores, threadsPerCore: 1, smtThroughput: 1.25 },
    hypervisor: {
      quantum: ms(10),
      window: ms(100),
      wakeupPreemption: false,
      vmmCapabilities: { kind: 'value', value: 0x40n },
      integratedSchedulerEnabled: { kind: 'value', value: 1n },
    },
    os: { slice: ms(10), wakeupGranularity: ms(1) },
    partitions: [partition],
    expect: [],
  };
}
