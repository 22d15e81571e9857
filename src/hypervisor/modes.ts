// Every mode and what it needs, in one table keyed by mode, so a new mode cannot compile until
// each use knows it. The host never branches on a mode's name: it asks this table.
import type { Mode, Scenario } from '../model/scenario.js';
import { ClassicPolicy } from '../schedulers/classic.js';
import type { HostView, HypervisorPolicy } from '../schedulers/policy.js';
import type { Layout } from './layout.js';

export type PolicyFactory = (scenario: Scenario, layout: Layout, view: HostView) => HypervisorPolicy;

export interface ModeInfo {
  /** Linux `enum hv_scheduler_type` value of the scheduler this mode models. */
  readonly hvSchedulerType: number;
  readonly description: string;
  /** null until the mode is built. */
  readonly policy: PolicyFactory | null;
}

const classic: PolicyFactory = (scenario, layout, view) =>
  new ClassicPolicy(layout, view, { quantum: scenario.hypervisor.quantum, window: scenario.hypervisor.window });

export const MODE_INFO = {
  root: {
    hvSchedulerType: 4,
    description: 'the root OS fair scheduler runs every VP as a VMM thread',
    policy: null,
  },
  classic: {
    hvSchedulerType: 2,
    description: 'hypervisor weighted fair share per LP, SMT siblings independent',
    policy: classic,
  },
  'classic-nosmt': {
    hvSchedulerType: 1,
    description: 'classic with SMT off: thread 0 of each core only',
    policy: classic,
  },
  core: {
    hvSchedulerType: 3,
    description: 'hypervisor gang-schedules virtual cores: one partition per core at a time',
    policy: null,
  },
  integrated: {
    hvSchedulerType: 4,
    description: 'core for the host; each L1VH whose gate opens schedules its children itself',
    policy: null,
  },
} as const satisfies Record<Mode, ModeInfo>;

export function isModeBuilt(mode: Mode): boolean {
  return MODE_INFO[mode].policy !== null;
}
