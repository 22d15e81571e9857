// Hyper-V refuses to start a VM whose reserve it cannot guarantee, so reserves that oversubscribe
// what their VPs may use describe a host that cannot exist, and are refused like any other
// impossible value. Each scheduler has its own entities and places (VPs on LPs under classic,
// thread 0 of each core only without SMT; virtual cores on cores under the core scheduler), so
// every mode the scenario runs is checked on its own.
// Reserves fit exactly when a flow from entities to places meets them all: a reserve is at most
// one place's worth, so it can be spread over the places its entity may use within a window.
// That is Hall's condition (the entities that may only use a set of places need at most 100 % of
// each place in it), checked by a maximum flow whose residual graph also names the failing set.
// A partition's entities share its cores, so the flow runs from partitions to classes of cores
// that the same partitions may use: a graph of a few nodes, whatever the host's size.
import {
  virtualCoreWidth,
  type Host,
  type HypervisorParams,
  type Mode,
  type Scenario,
} from '../model/scenario.js';
import { formatPath, type DraftIssue, type PathSegment } from './issue.js';
import { listAnd } from './message.js';

export type AdmissionInput = Pick<Scenario, 'host' | 'hypervisor' | 'modes' | 'partitions'>;

/** What a scheduler guarantees reserves to, where those run, and how many a partition has. */
interface Scheduler {
  readonly entity: 'VP' | 'virtual core';
  readonly place: 'LP' | 'core';
  readonly placesPerCore: (host: Host) => number;
  readonly vmEntities: (vps: number, threadsPerCore: 1 | 2, host: Host) => number;
  readonly l1vhEntities: (cores: number, host: Host) => number;
}

const CLASSIC: Scheduler = {
  entity: 'VP',
  place: 'LP',
  placesPerCore: (host) => host.threadsPerCore,
  vmEntities: (vps) => vps,
  l1vhEntities: (cores, host) => cores * host.threadsPerCore,
};

const CORE: Scheduler = {
  entity: 'virtual core',
  place: 'core',
  placesPerCore: () => 1,
  vmEntities: (vps, threadsPerCore, host) => Math.ceil(vps / virtualCoreWidth(threadsPerCore, vps, host)),
  // Its vCPUs are the LPs of its cores, host.threadsPerCore to a virtual core: one per core.
  l1vhEntities: (cores) => cores,
};

/** Root mode has none: the root OS schedules every VP and Hyper-V reserves do not apply. */
const SCHEDULERS: Record<Mode, Scheduler | null> = {
  root: null,
  classic: CLASSIC,
  'classic-nosmt': { ...CLASSIC, placesPerCore: () => 1, l1vhEntities: (cores) => cores },
  core: CORE,
  integrated: CORE,
};

/**
 * Whether the mshv driver of an L1VH picks the integrated scheduler (src/hypervisor/gate.ts):
 * bit 6 of its VMM capabilities set and property 0x00020005 non-zero, both readable.
 */
export function integratedGateOpens({ vmmCapabilities, integratedSchedulerEnabled }: HypervisorParams): boolean {
  return (
    vmmCapabilities.kind === 'value' &&
    (vmmCapabilities.value & 0x40n) !== 0n &&
    integratedSchedulerEnabled.kind === 'value' &&
    integratedSchedulerEnabled.value !== 0n
  );
}

/** Hyper-V's own unit for reserves (Msvm_ProcessorSettingData, [S13]): sums stay exact integers. */
const UNITS_PER_PERCENT = 1000;
const UNITS_PER_PLACE = 100 * UNITS_PER_PERCENT;

/** The entities of one partition under a scheduler: the same reserve each, the same cores. */
interface Claim {
  readonly name: string;
  readonly reservePath: readonly PathSegment[];
  readonly entities: number;
  readonly reserve: number;
  readonly cores: readonly number[];
}

/** Every mode's oversubscribed set, once per partition and wording, with the modes it fails in. */
export function checkReserveAdmission(input: AdmissionInput): DraftIssue[] {
  const found = new Map<string, { path: readonly PathSegment[]; text: string; withOthers: string; modes: Mode[] }>();
  for (const mode of input.modes) {
    const scheduler = SCHEDULERS[mode];
    if (scheduler === null) continue;
    const placesPerCore = scheduler.placesPerCore(input.host);
    for (const overload of oversubscribed(claimsUnder(mode, scheduler, input), placesPerCore)) {
      const reported = overload.claims[overload.claims.length - 1]!;
      const others = overload.claims.filter((claim) => claim !== reported).map((claim) => claim.name);
      const text =
        `expected reserves that fit the ${scheduler.place}s their ${scheduler.entity}s may use, ` +
        `got ${terms(overload.claims, scheduler.entity)} = ${overload.demand / UNITS_PER_PERCENT} % ` +
        `on ${counted(overload.places, scheduler.place)} (${overload.places * 100} %)`;
      const withOthers = others.length === 0 ? '' : ` (with ${listAnd(others)})`;
      const key = `${formatPath(reported.reservePath)}\n${text}${withOthers}`;
      const same = found.get(key);
      if (same === undefined) found.set(key, { path: reported.reservePath, text, withOthers, modes: [mode] });
      else same.modes.push(mode);
    }
  }
  return [...found.values()].map(({ path, text, withOthers, modes }) => ({
    path,
    message: `${text} under ${listAnd(modes)}${withOthers}`,
  }));
}

function claimsUnder(mode: Mode, scheduler: Scheduler, { host, hypervisor, partitions }: AdmissionInput): Claim[] {
  // An L1VH whose gate opens schedules itself and its children on its own cores, where no
  // hypervisor reserve applies.
  const l1vhsScheduleThemselves = mode === 'integrated' && integratedGateOpens(hypervisor);
  const claims: Claim[] = [];
  const claim = (name: string, path: readonly PathSegment[], entities: number, reserve: number, cores: readonly number[]): void => {
    if (reserve > 0 && entities > 0) claims.push({ name, reservePath: [...path, 'reserve'], entities, reserve, cores });
  };
  partitions.forEach((partition, index) => {
    const path = ['partitions', index];
    switch (partition.kind) {
      case 'root':
        return;
      case 'guest':
        claim(
          partition.name,
          path,
          scheduler.vmEntities(partition.vps, partition.threadsPerCore, host),
          partition.controls.reserve,
          partition.cores,
        );
        return;
      case 'l1vh':
        if (l1vhsScheduleThemselves) return;
        claim(partition.name, path, scheduler.l1vhEntities(partition.cores.length, host), partition.controls.reserve, partition.cores);
        partition.children.forEach((child, childIndex) =>
          claim(
            child.name,
            [...path, 'children', childIndex],
            scheduler.vmEntities(child.vps, child.threadsPerCore, host),
            child.controls.reserve,
            partition.cores,
          ),
        );
    }
  });
  return claims;
}

/** Claims that together need more than the places they may use, in file order. */
interface Overload {
  readonly claims: readonly Claim[];
  /** In UNITS_PER_PERCENT. */
  readonly demand: number;
  readonly places: number;
}

/** Cores that exactly the same claims may use: interchangeable for the flow. */
interface CoreClass {
  readonly claims: readonly number[];
  cores: number;
}

function oversubscribed(claims: readonly Claim[], placesPerCore: number): Overload[] {
  const demand = claims.map((claim) => claim.entities * Math.round(claim.reserve * UNITS_PER_PERCENT));
  const claimsOfCore = new Map<number, number[]>();
  claims.forEach((claim, index) => {
    for (const core of claim.cores) {
      const users = claimsOfCore.get(core);
      if (users === undefined) claimsOfCore.set(core, [index]);
      else users.push(index);
    }
  });
  const classByClaims = new Map<string, CoreClass>();
  for (const users of claimsOfCore.values()) {
    const key = users.join(',');
    const known = classByClaims.get(key);
    if (known === undefined) classByClaims.set(key, { claims: users, cores: 1 });
    else known.cores++;
  }
  const classes = [...classByClaims.values()];

  // Nodes: the source, one per claim, one per class, the sink.
  const source = 0;
  const claimNode = (index: number): number => 1 + index;
  const classNode = (index: number): number => 1 + claims.length + index;
  const sink = 1 + claims.length + classes.length;
  const network = new FlowNetwork(sink + 1);
  demand.forEach((units, index) => network.addEdge(source, claimNode(index), units));
  classes.forEach((coreClass, index) => {
    for (const claimIndex of coreClass.claims) network.addEdge(claimNode(claimIndex), classNode(index), Infinity);
    network.addEdge(classNode(index), sink, coreClass.cores * placesPerCore * UNITS_PER_PLACE);
  });
  const total = demand.reduce((sum, units) => sum + units, 0);
  if (network.maxFlow(source, sink) === total) return [];

  // The claims still reachable in the residual graph need more than their classes, which the
  // flow fills; split into sets that share no core, each fails on its own.
  const reachable = network.reachableFrom(source);
  const classesOfClaim = claims.map(() => [] as number[]);
  classes.forEach((coreClass, index) => {
    for (const claimIndex of coreClass.claims) classesOfClaim[claimIndex]!.push(index);
  });
  const assigned = new Set<number>();
  const overloads: Overload[] = [];
  claims.forEach((_, first) => {
    if (!reachable[claimNode(first)] || assigned.has(first)) return;
    const members = [first];
    const memberClasses = new Set<number>();
    assigned.add(first);
    for (let next = 0; next < members.length; next++) {
      for (const classIndex of classesOfClaim[members[next]!]!) {
        if (memberClasses.has(classIndex)) continue;
        memberClasses.add(classIndex);
        for (const claimIndex of classes[classIndex]!.claims) {
          if (!reachable[claimNode(claimIndex)] || assigned.has(claimIndex)) continue;
          assigned.add(claimIndex);
          members.push(claimIndex);
        }
      }
    }
    members.sort((a, b) => a - b);
    overloads.push({
      claims: members.map((index) => claims[index]!),
      demand: members.reduce((sum, index) => sum + demand[index]!, 0),
      places: [...memberClasses].reduce((sum, index) => sum + classes[index]!.cores * placesPerCore, 0),
    });
  });
  return overloads;
}

/** `3 VPs × 80 %`, or `2 VPs × 80 % + 1 VP × 50 %`: one term per reserve, in order of appearance. */
function terms(claims: readonly Claim[], entity: string): string {
  const byReserve: { reserve: number; entities: number }[] = [];
  for (const claim of claims) {
    const same = byReserve.find((term) => term.reserve === claim.reserve);
    if (same === undefined) byReserve.push({ reserve: claim.reserve, entities: claim.entities });
    else same.entities += claim.entities;
  }
  return byReserve.map((term) => `${counted(term.entities, entity)} × ${term.reserve} %`).join(' + ');
}

function counted(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Marks in a search's `via`: a node not reached, and the node it started from. */
const UNREACHED = -1;
const START = -2;

/** Edmonds–Karp on residual capacities; edge e and e ^ 1 are each other's reverse. */
class FlowNetwork {
  readonly #edgesFrom: number[][];
  readonly #target: number[] = [];
  readonly #residual: number[] = [];

  constructor(nodes: number) {
    this.#edgesFrom = Array.from({ length: nodes }, () => []);
  }

  addEdge(from: number, to: number, capacity: number): void {
    this.#edgesFrom[from]!.push(this.#target.length);
    this.#target.push(to);
    this.#residual.push(capacity);
    this.#edgesFrom[to]!.push(this.#target.length);
    this.#target.push(from);
    this.#residual.push(0);
  }

  maxFlow(source: number, sink: number): number {
    let flow = 0;
    for (;;) {
      const via = this.#search(source);
      if (via[sink] === UNREACHED) return flow;
      let bottleneck = Infinity;
      for (let node = sink; node !== source; node = this.#target[via[node]! ^ 1]!) {
        bottleneck = Math.min(bottleneck, this.#residual[via[node]!]!);
      }
      for (let node = sink; node !== source; node = this.#target[via[node]! ^ 1]!) {
        const edge = via[node]!;
        this.#residual[edge]! -= bottleneck;
        this.#residual[edge ^ 1]! += bottleneck;
      }
      flow += bottleneck;
    }
  }

  reachableFrom(source: number): boolean[] {
    return Array.from(this.#search(source), (edge) => edge !== UNREACHED);
  }

  /** Breadth-first over edges with residual capacity: the edge that first reached each node. */
  #search(source: number): Int32Array {
    const via = new Int32Array(this.#edgesFrom.length).fill(UNREACHED);
    via[source] = START;
    const queue = [source];
    for (let next = 0; next < queue.length; next++) {
      for (const edge of this.#edgesFrom[queue[next]!]!) {
        const to = this.#target[edge]!;
        if (via[to] !== UNREACHED || this.#residual[edge]! <= 0) continue;
        via[to] = edge;
        queue.push(to);
      }
    }
    return via;
  }
}
