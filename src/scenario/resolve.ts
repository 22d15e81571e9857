// Checked input → the resolved Scenario. The one place defaults are applied and relations between
// values are checked: unique names, at most one root, L1VH cores (explicit lists first, then
// counts from the lowest free cores, in file order), cgroup references, CPU ranges of the OS that
// applies them, one workload per VP, reserves Hyper-V can admit under every mode, a quantum short
// enough for the window. Every problem is collected, none stops the others.
import {
  EXPECT_METRICS,
  type Cgroup,
  type ChildPartition,
  type Expectation,
  type ExpectMetric,
  type ExpectTarget,
  type ExpectTargetKind,
  type GuestPartition,
  type Host,
  type HvControls,
  type L1vhPartition,
  type Mode,
  type Partition,
  type PropertyRead,
  type RootPartition,
  type Scenario,
  type Thread,
  type Workload,
} from '../model/scenario.js';
import { ns, type Nanos } from '../model/time.js';
import { checkBudget, type WorkloadSource } from './budget.js';
import { DEFAULTS } from './defaults.js';
import { formatDuration } from './duration.js';
import { formatPath, type DraftIssue, type PathSegment } from './issue.js';
import { listSome, listWords, printable, quote } from './message.js';
import type { CheckedOverrides } from './overrides.js';
import { checkReserveAdmission } from './reserve-admission.js';
import type {
  CheckedCgroups,
  CheckedChild,
  CheckedInput,
  CheckedPartition,
  CheckedThread,
  CheckedVpWorkloads,
  CheckedWorkload,
} from './schema.js';
import { didYouMean } from './suggest.js';

type Path = readonly PathSegment[];

export interface ResolveContext {
  /** The scenario's name when the file gives none. */
  readonly defaultName: string;
  readonly overrides: CheckedOverrides;
}

export type Resolution =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly issues: readonly DraftIssue[] };

export function resolveScenario(input: CheckedInput, context: ResolveContext): Resolution {
  return new Resolver(input, context).resolve();
}

/** The OS that applies a cgroup or cpuset: the root partition's, or an L1VH's over its vCPUs. */
interface OsScope {
  /** `the root partition`, `L1VH "x"`. */
  readonly owner: string;
  readonly cpuCount: number;
  /** `host LPs`, `vCPUs`: what a CPU number means in this OS. */
  readonly cpuWord: string;
  readonly cgroups: readonly string[];
}

type Checked<K extends CheckedPartition['kind']> = Extract<CheckedPartition, { kind: K }>;

class Resolver {
  readonly #input: CheckedInput;
  readonly #context: ResolveContext;
  readonly #issues: DraftIssue[] = [];
  readonly #workloads: WorkloadSource[] = [];
  readonly #host: Host;
  /** Every partition and child name, with the path where it first appears. */
  readonly #names = new Map<string, Path>();
  /** Host core → name of the L1VH it belongs to. */
  readonly #coreOwner = new Map<number, string>();
  /** Partition index → the cores of that L1VH. */
  readonly #l1vhCores = new Map<number, readonly number[]>();
  /** The root OS, when the scenario has a root partition. */
  #rootScope: OsScope | null = null;
  /** A cores list or count was refused: placements are incomplete, so reserves are not checked on them. */
  #coresRefused = false;

  constructor(input: CheckedInput, context: ResolveContext) {
    this.#input = input;
    this.#context = context;
    this.#host = {
      cores: input.host.cores,
      threadsPerCore: input.host.threadsPerCore ?? DEFAULTS.threadsPerCore,
      smtThroughput: input.host.smtThroughput ?? DEFAULTS.smtThroughput,
    };
  }

  resolve(): Resolution {
    const input = this.#input;
    const { overrides } = this.#context;
    const duration = overrides.duration ?? input.duration ?? DEFAULTS.duration;
    const fileModes = this.#uniqueModes(input.modes);
    const modes = overrides.modes ?? fileModes;
    const hypervisor = this.#hypervisor();
    this.#claimNames();
    this.#findRoot();
    this.#allocateL1vhCores();
    const partitions = input.partitions.map((partition, index) => this.#partition(partition, index));
    const expect = (input.expect ?? []).map((expectation, index) =>
      this.#expectation(expectation, partitions, ['expect', index]),
    );
    if (!this.#coresRefused) {
      this.#issues.push(...checkReserveAdmission({ host: this.#host, hypervisor, modes, partitions }));
    }
    this.#issues.push(
      ...checkBudget({
        duration,
        durationPath: overrides.duration === undefined ? ['duration'] : '--duration',
        lps: this.#host.cores * this.#host.threadsPerCore,
        quantum: hypervisor.quantum,
        window: hypervisor.window,
        osSlice: input.os?.slice === undefined || input.os.slice === 'auto' ? null : input.os.slice,
        workloads: this.#workloads,
      }),
    );
    if (this.#issues.length > 0) return { ok: false, issues: this.#issues };
    return {
      ok: true,
      scenario: {
        name: input.name ?? this.#context.defaultName,
        description: input.description ?? DEFAULTS.description,
        duration,
        seed: overrides.seed ?? input.seed ?? DEFAULTS.seed,
        modes,
        host: this.#host,
        hypervisor,
        os: {
          slice: input.os?.slice ?? DEFAULTS.slice,
          wakeupGranularity: input.os?.wakeupGranularity ?? DEFAULTS.wakeupGranularity,
        },
        partitions,
        expect,
      },
    };
  }

  #report(path: Path, message: string): void {
    this.#issues.push({ path, message });
  }

  #reportCores(path: Path, message: string): void {
    this.#coresRefused = true;
    this.#report(path, message);
  }

  #uniqueModes(modes: readonly Mode[] | undefined): readonly Mode[] {
    if (modes === undefined) return DEFAULTS.modes;
    const seen: Mode[] = [];
    modes.forEach((mode, index) => {
      if (!seen.includes(mode)) seen.push(mode);
      else this.#report(['modes', index], `expected each mode once, got ${quote(mode)} again`);
    });
    return seen;
  }

  #hypervisor(): Scenario['hypervisor'] {
    const given = this.#input.hypervisor;
    const quantum = given?.quantum ?? DEFAULTS.quantum;
    const window = given?.window ?? DEFAULTS.window;
    // Reserve and limit are met in slices of at most a quantum within each window: with a quantum
    // near the window a capped VP comes back a whole quantum late (limit 30 % gave 24.8 % at
    // quantum = window), so a window must hold several quanta.
    if (4 * quantum > window) {
      const why = 'so that a reserve or a limit is met in several slices per window';
      if (given?.quantum !== undefined) {
        const quarter = formatDuration(ns(Math.floor(window / 4)));
        const bound = given.window === undefined ? `${quarter} of the default ${formatDuration(window)}` : quarter;
        this.#report(
          ['hypervisor', 'quantum'],
          `expected at most a quarter of hypervisor.window (${bound}), ${why}, got ${formatDuration(quantum)}`,
        );
      } else {
        this.#report(
          ['hypervisor', 'window'],
          `expected at least 4 × hypervisor.quantum (4 × the default ${formatDuration(quantum)} = ` +
            `${formatDuration(ns(4 * quantum))}), ${why}, got ${formatDuration(window)}`,
        );
      }
    }
    const defaultRead = (value: bigint): PropertyRead => ({ kind: 'value', value });
    return {
      quantum,
      window,
      wakeupPreemption: given?.wakeupPreemption ?? DEFAULTS.wakeupPreemption,
      vmmCapabilities: given?.vmmCapabilities ?? defaultRead(DEFAULTS.vmmCapabilities),
      integratedSchedulerEnabled: given?.integratedSchedulerEnabled ?? defaultRead(DEFAULTS.integratedSchedulerEnabled),
    };
  }

  // Pass 1: facts other partitions refer to --------------------------------------------------

  #claimNames(): void {
    const claim = (name: string, path: Path): void => {
      const first = this.#names.get(name);
      if (first === undefined) this.#names.set(name, path);
      else {
        this.#report(path, `expected a name not used before, got ${quote(name)} (also at ${formatPath(first)})`);
      }
    };
    this.#input.partitions.forEach((partition, index) => {
      claim(partition.name, ['partitions', index, 'name']);
      if (partition.kind !== 'l1vh') return;
      (partition.children ?? []).forEach((child, childIndex) =>
        claim(child.name, ['partitions', index, 'children', childIndex, 'name']),
      );
    });
  }

  #findRoot(): void {
    let first: Checked<'root'> | undefined;
    this.#input.partitions.forEach((partition, index) => {
      if (partition.kind !== 'root') return;
      if (first === undefined) first = partition;
      else {
        this.#report(
          ['partitions', index, 'kind'],
          'expected at most one partition of kind "root", ' +
            `got a second one (the first is ${quote(first.name)})`,
        );
      }
    });
    if (first !== undefined) this.#rootScope = this.#rootOs(first.cgroups);
  }

  /** The root OS, whose CPUs are the host LPs; it exists in root mode even without a root partition. */
  #rootOs(cgroups: CheckedCgroups): OsScope {
    return {
      owner: 'the root partition',
      cpuCount: this.#host.cores * this.#host.threadsPerCore,
      cpuWord: 'host LPs',
      cgroups: Object.keys(cgroups ?? {}),
    };
  }

  #allocateL1vhCores(): void {
    const l1vhs = this.#input.partitions.flatMap((partition, index) =>
      partition.kind === 'l1vh' ? [{ partition, index }] : [],
    );
    for (const { partition, index } of l1vhs) {
      if (typeof partition.cores === 'number') continue;
      const cores = this.#checkCores(partition.cores, ['partitions', index, 'cores']);
      for (const core of cores) this.#coreOwner.set(core, partition.name);
      this.#l1vhCores.set(index, cores);
    }
    // Counts are filled only after every explicit list has taken its cores, so writing a count
    // never steals a core that another L1VH names.
    for (const { partition, index } of l1vhs) {
      if (typeof partition.cores !== 'number') continue;
      const free = this.#freeCores();
      if (partition.cores > free.length) {
        this.#reportCores(
          ['partitions', index, 'cores'],
          `expected at most ${free.length} cores (the host cores no other L1VH has), got ${partition.cores}`,
        );
      }
      const cores = free.slice(0, partition.cores);
      for (const core of cores) this.#coreOwner.set(core, partition.name);
      this.#l1vhCores.set(index, cores);
    }
  }

  /** Valid cores of an explicit list, sorted; vCPU i of an L1VH is LP i of these, in order. */
  #checkCores(cores: readonly number[], path: Path): readonly number[] {
    const valid: number[] = [];
    cores.forEach((core, index) => {
      const owner = this.#coreOwner.get(core);
      if (core >= this.#host.cores) {
        this.#reportCores([...path, index], `expected a host core 0–${this.#host.cores - 1}, got ${core}`);
      } else if (valid.includes(core)) {
        this.#reportCores([...path, index], `expected each core once, got ${core} again`);
      } else if (owner !== undefined) {
        this.#reportCores(
          [...path, index],
          `expected a core no L1VH has, got ${core} (it belongs to L1VH ${quote(owner)})`,
        );
      } else {
        valid.push(core);
      }
    });
    return valid.sort((a, b) => a - b);
  }

  #freeCores(): number[] {
    const free: number[] = [];
    for (let core = 0; core < this.#host.cores; core++) if (!this.#coreOwner.has(core)) free.push(core);
    return free;
  }

  // Pass 2: each partition --------------------------------------------------------------------

  #partition(partition: CheckedPartition, index: number): Partition {
    const path = ['partitions', index];
    switch (partition.kind) {
      case 'root':
        return this.#root(partition, path);
      case 'guest':
        return this.#guest(partition, path);
      case 'l1vh':
        return this.#l1vh(partition, index, path);
    }
  }

  #root(partition: Checked<'root'>, path: Path): RootPartition {
    const scope = this.#rootOs(partition.cgroups);
    return {
      kind: 'root',
      name: partition.name,
      cgroups: this.#cgroups(partition.cgroups, scope, [...path, 'cgroups']),
      threads: this.#threads(partition.threads, scope, [...path, 'threads']),
    };
  }

  #guest(partition: Checked<'guest'>, path: Path): GuestPartition {
    const cores =
      partition.cores === undefined ? this.#freeCores() : this.#checkCores(partition.cores, [...path, 'cores']);
    if (partition.cores === undefined && cores.length === 0) {
      this.#reportCores(
        [...path, 'cores'],
        `expected at least one host core outside the L1VHs, got none: all ${this.#host.cores} cores belong to L1VHs`,
      );
    }
    return {
      kind: 'guest',
      ...this.#vm(partition, path),
      cores,
      cgroup: this.#cgroupRef(partition.cgroup, this.#rootScope, [...path, 'cgroup']),
      cpus: this.#cpus(partition.cpus, this.#rootOs(undefined), [...path, 'cpus']),
    };
  }

  #l1vh(partition: Checked<'l1vh'>, index: number, path: Path): L1vhPartition {
    const cores = this.#l1vhCores.get(index) ?? [];
    const scope: OsScope = {
      owner: `L1VH ${quote(partition.name)}`,
      cpuCount: cores.length * this.#host.threadsPerCore,
      cpuWord: 'vCPUs',
      cgroups: Object.keys(partition.cgroups ?? {}),
    };
    return {
      kind: 'l1vh',
      name: partition.name,
      cores,
      controls: this.#controls(partition, path),
      cgroup: this.#cgroupRef(partition.cgroup, this.#rootScope, [...path, 'cgroup']),
      cpus: this.#cpus(partition.cpus, this.#rootOs(undefined), [...path, 'cpus']),
      cgroups: this.#cgroups(partition.cgroups, scope, [...path, 'cgroups']),
      threads: this.#threads(partition.threads, scope, [...path, 'threads']),
      children: (partition.children ?? []).map((child, index) =>
        this.#child(child, partition.name, scope, [...path, 'children', index]),
      ),
    };
  }

  #child(child: CheckedChild, parent: string, scope: OsScope, path: Path): ChildPartition {
    return {
      kind: 'child',
      parent,
      ...this.#vm(child, path),
      cgroup: this.#cgroupRef(child.cgroup, scope, [...path, 'cgroup']),
      cpus: this.#cpus(child.cpus, scope, [...path, 'cpus']),
    };
  }

  /** The keys guests and children share. */
  #vm(vm: Checked<'guest'> | CheckedChild, path: Path) {
    const threadsPerCore = vm.threadsPerCore ?? this.#host.threadsPerCore;
    if (threadsPerCore > this.#host.threadsPerCore) {
      this.#report(
        [...path, 'threadsPerCore'],
        `expected threadsPerCore ≤ the host's (${this.#host.threadsPerCore}), got ${threadsPerCore}`,
      );
    }
    return {
      name: vm.name,
      vps: vm.vps,
      controls: this.#controls(vm, path),
      threadsPerCore,
      workloads: this.#vpWorkloads(vm.workload, vm.vps, [...path, 'workload']),
    };
  }

  #controls(given: { readonly [K in keyof HvControls]?: number | undefined }, path: Path): HvControls {
    const controls = {
      weight: given.weight ?? DEFAULTS.weight,
      reserve: given.reserve ?? DEFAULTS.reserve,
      limit: given.limit ?? DEFAULTS.limit,
    };
    if (controls.reserve > controls.limit) {
      this.#report([...path, 'reserve'], `expected a reserve ≤ limit (${controls.limit}), got ${controls.reserve}`);
    }
    return controls;
  }

  // OS objects --------------------------------------------------------------------------------

  #cgroups(cgroups: CheckedCgroups, scope: OsScope, path: Path): Cgroup[] {
    return Object.entries(cgroups ?? {}).map(([name, cgroup]) => ({
      name,
      weight: cgroup.weight ?? DEFAULTS.cgroupWeight,
      max: cgroup.max ?? null,
      cpus: this.#cpus(cgroup.cpus, scope, [...path, name, 'cpus']),
    }));
  }

  #threads(threads: readonly CheckedThread[] | undefined, scope: OsScope, path: Path): Thread[] {
    const firstUse = new Map<string, Path>();
    return (threads ?? []).flatMap((thread, index) => {
      const threadPath = [...path, index];
      const workload = this.#workload(thread.workload, [...threadPath, 'workload']);
      const count = thread.count ?? DEFAULTS.threadCount;
      this.#workloads.push({ path: [...threadPath, 'workload'], workload, copies: count });
      const names =
        count === 1 ? [thread.name] : Array.from({ length: count }, (_, replica) => `${thread.name}#${replica}`);
      const clash = names.find((name) => firstUse.has(name));
      if (clash === undefined) {
        for (const name of names) firstUse.set(name, [...threadPath, 'name']);
      } else {
        this.#report(
          [...threadPath, 'name'],
          `expected a thread name unique in ${scope.owner}, got ${quote(clash)} again ` +
            `(also from ${formatPath(firstUse.get(clash) ?? [])})`,
        );
      }
      const cgroup = this.#cgroupRef(thread.cgroup, scope, [...threadPath, 'cgroup']);
      const cpus = this.#cpus(thread.cpus, scope, [...threadPath, 'cpus']);
      return names.map((name) => ({ name, writtenName: thread.name, nice: thread.nice ?? DEFAULTS.nice, cgroup, cpus, workload }));
    });
  }

  #cgroupRef(name: string | undefined, scope: OsScope | null, path: Path): string | null {
    if (name === undefined) return null;
    if (scope === null) {
      this.#report(
        path,
        `expected a cgroup of the root partition, got ${quote(name)}: the scenario has no root partition`,
      );
    } else if (!scope.cgroups.includes(name)) {
      const known = scope.cgroups.length === 0 ? 'it has none' : `it has ${listWords(scope.cgroups)}`;
      const hint = didYouMean(name, scope.cgroups);
      this.#report(path, `expected a cgroup of ${scope.owner}, got ${quote(name)}${hint || `: ${known}`}`);
    }
    return name;
  }

  #cpus(cpus: readonly number[] | undefined, scope: OsScope, path: Path): readonly number[] | null {
    if (cpus === undefined) return null;
    const outside = cpus.filter((cpu) => cpu >= scope.cpuCount);
    if (outside.length > 0) {
      const range = scope.cpuCount === 0 ? 'none' : `${scope.cpuWord} 0–${scope.cpuCount - 1}`;
      this.#report(path, `expected CPUs of ${scope.owner} (${range}), got ${listSome(outside)}`);
    }
    return cpus;
  }

  // Workloads ---------------------------------------------------------------------------------

  #vpWorkloads(given: CheckedVpWorkloads, vps: number, path: Path): readonly Workload[] {
    if (!Array.isArray(given)) {
      const workload = this.#workload(given, path);
      this.#workloads.push({ path, workload, copies: vps });
      return Array.from({ length: vps }, () => workload);
    }
    if (given.length !== vps) {
      this.#report(path, `expected ${vps} workloads (one per VP), got ${given.length}`);
    }
    return given.map((item, index) => {
      const workload = this.#workload(item, [...path, index]);
      this.#workloads.push({ path: [...path, index], workload, copies: 1 });
      return workload;
    });
  }

  #workload(given: CheckedWorkload, path: Path): Workload {
    if (typeof given === 'string') return { kind: given };
    switch (given.type) {
      case 'busy':
      case 'idle':
        return { kind: given.type };
      case 'periodic':
        return {
          kind: 'periodic',
          period: given.period,
          work: given.work,
          offset: given.offset ?? { kind: 'const', value: DEFAULTS.periodicOffset },
        };
      case 'onoff':
        return { kind: 'onoff', on: given.on, off: given.off };
      case 'poisson':
        return {
          kind: 'poisson',
          // A plain duration is the mean of exponential inter-arrivals: that is what makes it Poisson.
          interval: given.interval.kind === 'const' ? { kind: 'exp', mean: given.interval.value } : given.interval,
          work: given.work,
        };
      case 'trace': {
        let previous: Nanos = ns(0);
        given.bursts.forEach(([at], index) => {
          if (at < previous) {
            this.#report(
              [...path, 'bursts', index, 0],
              `expected bursts in order of arrival, got ${formatDuration(at)} after ${formatDuration(previous)}`,
            );
          }
          previous = at;
        });
        return { kind: 'trace', bursts: given.bursts.map(([at, work]) => ({ at, work })) };
      }
    }
  }

  // Expectations ------------------------------------------------------------------------------

  #expectation(given: NonNullable<CheckedInput['expect']>[number], partitions: readonly Partition[], path: Path): Expectation {
    const target = this.#expectTarget(given, partitions, path);
    const info = EXPECT_METRICS[given.metric];
    if (target !== null && !(info.targets as readonly string[]).includes(target.kind)) {
      this.#report(
        [...path, 'metric'],
        `expected a metric of a ${target.kind} (${expectMetricsFor(target.kind).join(', ')}), got ${quote(given.metric)}`,
      );
    }
    const { min, max, approx, tolerance } = given;
    if (min === undefined && max === undefined && approx === undefined) {
      this.#report(path, 'expected min, max or approx, got none of them');
    } else if (approx !== undefined && (min !== undefined || max !== undefined)) {
      this.#report([...path, 'approx'], 'expected approx alone or min/max, got both');
    } else if (min !== undefined && max !== undefined && min > max) {
      this.#report([...path, 'min'], `expected min ≤ max (${max}), got ${min}`);
    }
    if (tolerance !== undefined && approx === undefined) this.#report([...path, 'tolerance'], 'expected a tolerance only with approx');
    if (tolerance !== undefined && tolerance < 0) this.#report([...path, 'tolerance'], `expected a tolerance ≥ 0, got ${tolerance}`);
    const defaultTolerance = approx === undefined ? null : info.unit === 'ns' ? Math.abs(approx) * 0.05 : 0.02;
    return {
      mode: given.mode,
      target: target ?? { kind: 'host' },
      metric: given.metric,
      min: min ?? null,
      max: max ?? null,
      approx: approx ?? null,
      tolerance: tolerance ?? defaultTolerance,
    };
  }

  /** What the expectation is about, checked against the resolved partitions; null if it names nothing real. */
  #expectTarget(given: NonNullable<CheckedInput['expect']>[number], partitions: readonly Partition[], path: Path): ExpectTarget | null {
    const parts = [given.vp === undefined ? null : 'vp', given.thread === undefined ? null : 'thread', given.cgroup === undefined ? null : 'cgroup'].filter(
      (part): part is string => part !== null,
    );
    if (parts.length > 1) {
      this.#report(path, `expected at most one of vp, thread and cgroup, got ${parts.join(' and ')}`);
      return null;
    }
    if (given.partition === undefined) {
      if (parts.length > 0) this.#report(path, `expected a partition for the ${parts[0]}, got none`);
      return parts.length > 0 ? null : { kind: 'host' };
    }
    const partition = given.partition;
    if (!this.#names.has(partition)) {
      const hint = didYouMean(partition, [...this.#names.keys()]);
      this.#report([...path, 'partition'], `expected the name of a partition or child, got ${quote(partition)}${hint}`);
      return null;
    }
    const found = findPartition(partitions, partition);
    if (given.vp !== undefined) {
      const vps = found === null ? 0 : vpCount(found, this.#host);
      if (given.vp >= vps) this.#report([...path, 'vp'], `expected a VP of ${printable(partition)} (0–${vps - 1}), got ${given.vp}`);
      return { kind: 'vp', partition, vp: given.vp };
    }
    if (given.thread !== undefined) {
      const threads = found !== null && (found.kind === 'root' || found.kind === 'l1vh') ? found.threads.map((t) => t.name) : [];
      if (!threads.includes(given.thread)) {
        const known = threads.length === 0 ? `: ${printable(partition)} has no threads` : `${didYouMean(given.thread, threads)} (threads: ${listSome(threads, (name) => printable(name))})`;
        this.#report([...path, 'thread'], `expected a thread of ${printable(partition)}, got ${quote(given.thread)}${known}`);
      }
      return { kind: 'thread', partition, thread: given.thread };
    }
    if (given.cgroup !== undefined) {
      const cgroups = found !== null && (found.kind === 'root' || found.kind === 'l1vh') ? found.cgroups.map((c) => c.name) : [];
      if (!cgroups.includes(given.cgroup)) {
        const known = cgroups.length === 0 ? `: ${printable(partition)} has no cgroups` : didYouMean(given.cgroup, cgroups);
        this.#report([...path, 'cgroup'], `expected a cgroup of ${printable(partition)}, got ${quote(given.cgroup)}${known}`);
      }
      return { kind: 'cgroup', partition, cgroup: given.cgroup };
    }
    return { kind: 'partition', partition };
  }
}

function findPartition(partitions: readonly Partition[], name: string): Partition | ChildPartition | null {
  for (const partition of partitions) {
    if (partition.name === name) return partition;
    if (partition.kind === 'l1vh') {
      const child = partition.children.find((c) => c.name === name);
      if (child !== undefined) return child;
    }
  }
  return null;
}

/** The most VPs a partition can have: a root has one per LP at most (in root mode). */
function vpCount(partition: Partition | ChildPartition, host: Host): number {
  switch (partition.kind) {
    case 'root':
      return host.cores * host.threadsPerCore;
    case 'l1vh':
      return partition.cores.length * host.threadsPerCore;
    case 'guest':
    case 'child':
      return partition.vps;
  }
}

function expectMetricsFor(kind: ExpectTargetKind): string[] {
  return (Object.keys(EXPECT_METRICS) as ExpectMetric[]).filter((metric) => (EXPECT_METRICS[metric].targets as readonly string[]).includes(kind));
}
