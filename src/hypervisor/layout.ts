// What the hypervisor sees of a scenario under one mode: its LPs, and every VP with its
// partition, controls, allowed LPs and the source of its work.
import { virtualCoreWidth, type Scenario, type Workload } from '../model/scenario.js';

export type PartitionRole = 'root' | 'guest' | 'l1vh' | 'child';

export interface PartitionSpec {
  readonly name: string;
  readonly kind: PartitionRole;
  readonly parent: string | null;
  readonly firstVp: number;
  readonly vpCount: number;
  /** VPs per virtual core under the core scheduler: its guest SMT, or 2 for a legacy VM paired by the hypervisor. */
  readonly threadsPerCore: number;
}

export interface VpSpec {
  readonly partition: number;
  /** Index of the VP inside its partition. */
  readonly index: number;
  readonly weight: number;
  readonly reserve: number;
  readonly limit: number;
  /** LPs the hypervisor may run it on, ascending. */
  readonly allowedLps: readonly number[];
  /** Its own workload, or null for a VP whose work comes from its partition's OS threads. */
  readonly workload: Workload | null;
  /** Stable label of its random stream. */
  readonly label: string;
}

export interface Layout {
  readonly lpCount: number;
  readonly threadsPerCore: number;
  /** Whether the mode uses both threads of each core. */
  readonly smt: boolean;
  /** LPs the mode uses: every LP, or thread 0 of each core when SMT is off. */
  readonly usableLps: readonly number[];
  readonly partitions: readonly PartitionSpec[];
  readonly vps: readonly VpSpec[];
}

const ROOT_VP_CONTROLS = { weight: 100, reserve: 0, limit: 100 } as const;
const IDLE_WORKLOAD: Workload = { kind: 'idle' };

export function coreOf(lp: number, threadsPerCore: number): number {
  return Math.floor(lp / threadsPerCore);
}

/** LPs of `cores` that the mode uses. */
function lpsOf(cores: readonly number[], threadsPerCore: number, smt: boolean): number[] {
  const lps: number[] = [];
  for (const core of cores) {
    const threads = smt ? threadsPerCore : 1;
    for (let thread = 0; thread < threads; thread++) lps.push(core * threadsPerCore + thread);
  }
  return lps;
}

export interface LayoutOptions {
  /** Both threads of each core, or thread 0 only. */
  readonly smt: boolean;
  /** The root partition has a VP on every LP (the root OS schedules the whole host), not only outside L1VHs. */
  readonly rootEverywhere: boolean;
  /** L1VH children never get work: the L1VH's driver failed to load, so none was created. */
  readonly childrenIdle: boolean;
}

export function buildLayout(scenario: Scenario, options: LayoutOptions): Layout {
  const { host } = scenario;
  const { smt } = options;
  const allCores = Array.from({ length: host.cores }, (_, core) => core);
  const l1vhCores = new Set(scenario.partitions.flatMap((p) => (p.kind === 'l1vh' ? p.cores : [])));
  // Partitions with the same cores share one list of LPs: the OS and the schedulers convert and
  // classify each list once, and on a large host most guests have every core.
  const lpLists = new Map<string, number[]>();
  const lpsOfCores = (cores: readonly number[]): number[] => {
    const key = cores.join(',');
    let lps = lpLists.get(key);
    if (lps === undefined) lpLists.set(key, (lps = lpsOf(cores, host.threadsPerCore, smt)));
    return lps;
  };
  const usableLps = lpsOfCores(allCores);
  const partitions: PartitionSpec[] = [];
  const vps: VpSpec[] = [];

  const addPartition = (
    name: string,
    kind: PartitionRole,
    parent: string | null,
    specs: readonly Omit<VpSpec, 'partition' | 'index' | 'label'>[],
    threadsPerCore: number = host.threadsPerCore,
  ): void => {
    const partition = partitions.length;
    partitions.push({ name, kind, parent, firstVp: vps.length, vpCount: specs.length, threadsPerCore });
    specs.forEach((spec, index) => vps.push({ ...spec, partition, index, label: `${name}/vp${index}` }));
  };

  for (const partition of scenario.partitions) {
    switch (partition.kind) {
      case 'root': {
        // One root VP per LP outside every L1VH, pinned 1:1 (MODEL.md §3).
        const rootLps = lpsOf(
          allCores.filter((core) => options.rootEverywhere || !l1vhCores.has(core)),
          host.threadsPerCore,
          smt,
        );
        addPartition(
          partition.name,
          'root',
          null,
          rootLps.map((lp) => ({ ...ROOT_VP_CONTROLS, allowedLps: [lp], workload: null })),
        );
        break;
      }
      case 'guest': {
        const allowedLps = lpsOfCores(partition.cores);
        addPartition(
          partition.name,
          'guest',
          null,
          partition.workloads.map((workload) => ({ ...partition.controls, allowedLps, workload })),
          virtualCoreWidth(partition.threadsPerCore, partition.vps, host),
        );
        break;
      }
      case 'l1vh': {
        // Its vCPUs and its children's VPs are siblings on its cores (MODEL.md §1). It has one
        // vCPU per LP the mode uses, as the root has one VP per LP: without SMT, one per core.
        const allowedLps = lpsOfCores(partition.cores);
        const vcpus = allowedLps.length;
        addPartition(
          partition.name,
          'l1vh',
          null,
          Array.from({ length: vcpus }, () => ({ ...partition.controls, allowedLps, workload: null })),
        );
        for (const child of partition.children) {
          addPartition(
            child.name,
            'child',
            partition.name,
            child.workloads.map((workload) => ({ ...child.controls, allowedLps, workload: options.childrenIdle ? IDLE_WORKLOAD : workload })),
            virtualCoreWidth(child.threadsPerCore, child.vps, host),
          );
        }
        break;
      }
    }
  }
  return { lpCount: host.cores * host.threadsPerCore, threadsPerCore: host.threadsPerCore, smt, usableLps, partitions, vps };
}
