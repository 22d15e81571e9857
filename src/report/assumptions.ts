// The model's assumptions as data, so every report can show what the numbers rest on and which
// scenario key moves each one. The wording follows docs/model.md and MODEL.md (marked **A** there);
// source tags are those of shared/reference/domain.md: [Qn] are its open questions (§8), where
// the public record is silent, and [Sn] its sources (§9).

export interface AssumptionInfo {
  readonly title: string;
  /** One sentence. */
  readonly statement: string;
  /** The scenario key that changes it, or "structural" when only the code does. */
  readonly key: string;
  readonly source: string;
}

export const ASSUMPTIONS = [
  {
    title: 'SMT throughput',
    statement:
      'When both threads of a core run, each progresses work at smtThroughput / 2 of full speed (default 1.25, so 62.5 % each); time-based metrics are unaffected.',
    key: 'host.smtThroughput',
    source: '[S8] [S29]',
  },
  {
    title: 'Hypervisor quantum',
    statement: 'Classic and core time-slice with a quantum of 10 ms by default; the real value is unpublished.',
    key: 'hypervisor.quantum',
    source: '[Q1] [S16]',
  },
  {
    title: 'Reserve and limit window',
    statement: 'Reserve and limit are accounted over consecutive windows of 100 ms by default, "hundredths of a second" being all that is public.',
    key: 'hypervisor.window',
    source: '[S16]',
  },
  {
    title: 'Reserve is a floor',
    statement: 'A VP below its reserve is served first, but that time still counts in its fair share: reserve is a floor, not an extra.',
    key: 'structural',
    source: 'MODEL.md §4',
  },
  {
    title: 'Reserve and limit are paced',
    statement:
      'Inside each window a VP a quarter quantum behind its reserve pace is served first, taking the LP of the VP furthest ahead; one a quantum ahead of its limit pace runs only where nobody else would, and is held two quanta ahead or with its window used.',
    key: 'structural',
    source: 'docs/model.md',
  },
  {
    title: 'Limit wait is steal',
    statement: 'A VP held by its limit waits, and that wait counts as steal, as KVM counts a throttled vCPU; it earns no credit.',
    key: 'structural',
    source: 'MODEL.md §4',
  },
  {
    title: 'Quantum well below the window',
    statement: 'The quantum may be at most a quarter of the window, so that a reserve or a limit is met in several slices per window.',
    key: 'hypervisor.quantum',
    source: 'MODEL.md §4',
  },
  {
    title: 'Reserves must fit',
    statement: 'As Hyper-V refuses a VM whose reserve cannot be met, reserves that oversubscribe the LPs (under core, the cores) their VPs may use are refused at validation, per mode.',
    key: 'structural',
    source: '[S16]',
  },
  {
    title: 'Legacy VMs are paired',
    statement: 'Under core a VM without guest SMT that has more VPs than the host has cores is treated as an SMT VM: its VPs are paired into virtual cores.',
    key: 'structural',
    source: '[S9]',
  },
  {
    title: 'Work conservation',
    statement:
      'No entity waits beside an idle place it may use unless a limit, a throttle or a dedication holds it: idle places pull, displaced entities are offered idle places, and entities move to make room.',
    key: 'structural',
    source: 'MODEL.md §4',
  },
  {
    title: 'No wake-up preemption in the hypervisor',
    statement: 'A VP that wakes while all its LPs are busy waits for the next quantum end; when turned on, it preempts the entity furthest ahead of it if by more than a tenth of a quantum.',
    key: 'hypervisor.wakeupPreemption',
    source: '[Q1]',
  },
  {
    title: 'Weight per virtual core',
    statement: 'Under the core scheduler every partition weighs its weight per virtual core, L1VH and children alike.',
    key: 'structural',
    source: '[Q4]',
  },
  {
    title: 'Core charges wall time per virtual core',
    statement: 'A virtual core is charged the wall time it holds a core, forced-idle siblings included, and reserve and limit are fractions of that time.',
    key: 'structural',
    source: '[Q7]',
  },
  {
    title: 'L1VH cores are exclusive',
    statement: 'The host cores given to an L1VH are used only by the L1VH and its children, which count as one partition for core exclusivity.',
    key: 'structural',
    source: '[Q3] [Q6]',
  },
  {
    title: 'Children are siblings under core',
    statement: "Without the integrated scheduler an L1VH's children are the hypervisor's siblings of the L1VH, core-scheduled across the L1VH's cores.",
    key: 'structural',
    source: '[Q3] [S1]',
  },
  {
    title: 'Integrated: vCPU i on LP i, dedicated',
    statement: 'With the integrated scheduler L1VH vCPU i runs on LP i of its cores (ascending) and keeps it while it has work.',
    key: 'structural',
    source: '[Q5]',
  },
  {
    title: 'Reported steal is 0',
    statement: 'Upstream Linux has no Hyper-V steal clock, so a guest or L1VH reports no steal; the true steal is computed beside it.',
    key: 'structural',
    source: '[Q8] [S43] [S44]',
  },
  {
    title: 'Guest OS acts at wall-clock instants',
    statement: "An OS on VPs ends slices and processes wake-ups when due, even while its vCPU is descheduled, so its threads' stolen time counts as run time.",
    key: 'structural',
    source: 'docs/model.md',
  },
  {
    title: "Root mode: children's VMM threads follow the L1VH",
    statement: "In root mode an L1VH's children's VMM threads sit in the L1VH's root cgroup and cpuset, and VMM threads without a cpuset stay on their partition's cores.",
    key: 'structural',
    source: 'docs/model.md',
  },
  {
    title: 'Fair scheduler slice',
    statement: 'A task keeps its CPU for one slice, by default 0.7 ms × (1 + log2 min(CPUs, 8)), fixed rather than per-task.',
    key: 'os.slice',
    source: '[S30] [S31]',
  },
  {
    title: 'Fair scheduler wake-up preemption',
    statement: 'A waking task preempts the CPU whose task leads it most in virtual runtime, if by more than 1 ms scaled by its weight.',
    key: 'os.wakeupGranularity',
    source: '[S31]',
  },
  {
    title: 'A capped cgroup runs on few CPUs at once',
    statement:
      "A cgroup with cpu.max runs at most ⌈quota left / period left⌉ members at once, as Linux's per-CPU run queues keep a capped group together; its quota is then used at its rate, not in bursts on every CPU, and as the cap narrows the member furthest ahead stops.",
    key: 'structural',
    source: 'bench/PARITY.md',
  },
  {
    title: 'SMT-aware placement in the OS',
    statement: 'A waking thread takes its last CPU if idle, else one on a fully idle core, else any idle CPU; a thread sharing a core moves to a free core at the end of its slice.',
    key: 'structural',
    source: '[S31]',
  },
  {
    title: 'Fair scheduler simplifications',
    statement: 'One global choice per free CPU instead of per-CPU run queues with load balancing, and one level of cgroups.',
    key: 'structural',
    source: 'domain.md §6',
  },
  {
    title: 'Hypervisor placement',
    statement: 'Classic and core make a global weighted fair choice per free LP or core, without the cache-locality and NUMA heuristics of the real scheduler.',
    key: 'structural',
    source: '[Q2] [S8]',
  },
] as const satisfies readonly AssumptionInfo[];
