// The canonical model shared with the peers in ../shared/peers: M single-thread cores, N
// always-busy VPs of one guest, classic, 10 ms quantum.
import type { Scenario } from '../src/model/scenario.js';
import { ms, ns } from '../src/model/time.js';

export function buildCanonical(cores: number, vps: number, horizonMs: number): Scenario {
  return {
    name: `canonical-${cores}x${vps}`,
    description: 'N always-busy VPs of one guest on M single-thread cores',
    duration: ns(horizonMs * 1_000_000),
    seed: 1,
    modes: ['classic'],
    host: { cores, threadsPerCore: 1, smtThroughput: 1.25 },
    hypervisor: {
      quantum: ms(10),
      window: ms(100),
      vmmCapabilities: { kind: 'value', value: 0x40n },
      integratedSchedulerEnabled: { kind: 'value', value: 1n },
    },
    os: { slice: 'auto', wakeupGranularity: ms(1) },
    partitions: [
      {
        kind: 'guest',
        name: 'guest',
        vps,
        controls: { weight: 100, reserve: 0, limit: 100 },
        threadsPerCore: 1,
        workloads: Array.from({ length: vps }, () => ({ kind: 'busy' }) as const),
        cores: Array.from({ length: cores }, (_, core) => core),
        cgroup: null,
        cpus: null,
      },
    ],
    expect: [],
  };
}
