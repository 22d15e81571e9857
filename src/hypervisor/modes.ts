// Every mode and how it composes the machine's schedulers, in one table keyed by mode, so a new
// mode cannot compile until each use knows it. The machine never branches on a mode's name.
import type { Mode, Scenario } from '../model/scenario.js';
import { ClassicHost } from './classic-host.js';
import { CoreHost } from './core-host.js';
import type { Machine } from './machine.js';

/** Installs the mode's schedulers on `machine`; returns what to start at time 0. */
export type Composer = (scenario: Scenario, machine: Machine) => (now: number) => void;

export interface ModeInfo {
  /** Linux `enum hv_scheduler_type` value of the scheduler this mode models. */
  readonly hvSchedulerType: number;
  readonly description: string;
  /** Whether the mode uses both threads of each core. */
  readonly smt: boolean;
  /** null until the mode is built. */
  readonly compose: Composer | null;
}

const classic: Composer = (scenario, machine) => {
  const vps = machine.layout.vps.map((_, vp) => vp);
  const host = new ClassicHost(machine, vps, machine.layout.usableLps, scenario.hypervisor);
  return (now) => host.start(now);
};

const core: Composer = (scenario, machine) => {
  const vps = machine.layout.vps.map((_, vp) => vp);
  const cores = Array.from({ length: scenario.host.cores }, (_, c) => c);
  machine.exclusiveCores = true;
  const host = new CoreHost(machine, vps, cores, scenario.hypervisor);
  return (now) => host.start(now);
};

export const MODE_INFO = {
  root: {
    hvSchedulerType: 4,
    description: 'the root OS fair scheduler runs every VP as a VMM thread',
    smt: true,
    compose: null,
  },
  classic: {
    hvSchedulerType: 2,
    description: 'hypervisor weighted fair share per LP, SMT siblings independent',
    smt: true,
    compose: classic,
  },
  'classic-nosmt': {
    hvSchedulerType: 1,
    description: 'classic with SMT off: thread 0 of each core only',
    smt: false,
    compose: classic,
  },
  core: {
    hvSchedulerType: 3,
    description: 'hypervisor gang-schedules virtual cores: one partition per core at a time',
    smt: true,
    compose: core,
  },
  integrated: {
    hvSchedulerType: 4,
    description: 'core for the host; each L1VH whose gate opens schedules its children itself',
    smt: true,
    compose: null,
  },
} as const satisfies Record<Mode, ModeInfo>;
