// Resolved scenarios for tests of the model, written directly so the model is tested apart from
// the scenario parser.
import type { GuestPartition, Scenario, Workload } from '../../src/model/scenario.js';
import { ms, sec, type Nanos } from '../../src/model/time.js';

export interface GuestSpec {
  name: string;
  vps?: number;
  weight?: number;
  reserve?: number;
  limit?: number;
  cores?: number[];
  threadsPerCore?: 1 | 2;
  workload?: Workload | Workload[];
}

export interface ScenarioSpec {
  cores: number;
  threadsPerCore?: 1 | 2;
  smtThroughput?: number;
  duration?: Nanos;
  seed?: number;
  quantum?: Nanos;
  window?: Nanos;
  wakeupPreemption?: boolean;
  guests: GuestSpec[];
}

export const busy: Workload = { kind: 'busy' };
export const idle: Workload = { kind: 'idle' };

export function guestScenario(spec: ScenarioSpec): Scenario {
  const threadsPerCore = spec.threadsPerCore ?? 1;
  const allCores = Array.from({ length: spec.cores }, (_, core) => core);
  const partitions = spec.guests.map((guest): GuestPartition => {
    const vps = guest.vps ?? 1;
    const workload = guest.workload ?? busy;
    return {
      kind: 'guest',
      name: guest.name,
      vps,
      controls: { weight: guest.weight ?? 100, reserve: guest.reserve ?? 0, limit: guest.limit ?? 100 },
      threadsPerCore: guest.threadsPerCore ?? threadsPerCore,
      workloads: Array.isArray(workload) ? workload : Array.from({ length: vps }, () => workload),
      cores: guest.cores ?? allCores,
      cgroup: null,
      cpus: null,
    };
  });
  return {
    name: 'test',
    description: '',
    duration: spec.duration ?? sec(10),
    seed: spec.seed ?? 1,
    modes: ['classic'],
    host: { cores: spec.cores, threadsPerCore, smtThroughput: spec.smtThroughput ?? 1.25 },
    hypervisor: {
      quantum: spec.quantum ?? ms(10),
      window: spec.window ?? ms(100),
      wakeupPreemption: spec.wakeupPreemption ?? false,
      vmmCapabilities: { kind: 'value', value: 0x40n },
      integratedSchedulerEnabled: { kind: 'value', value: 1n },
    },
    os: { slice: 'auto', wakeupGranularity: ms(1) },
    partitions,
    expect: [],
  };
}
