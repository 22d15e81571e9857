// `npm run parity`: does the `root` mode's fair scheduler give the shares the real Linux scheduler
// gives on this machine? Each experiment runs busy-loop processes under nice levels, cgroup
// weights, a cpu.max quota or CPU affinities for a fixed wall-clock window, reads their CPU time
// from /proc/<pid>/stat, simulates the same set-up in `root` mode, and compares the shares
// (every share within 5 percentage points). Writes bench/PARITY.md; exits 1 when a share is off.
// Needs root and a writable cpu controller (cgroup v1 or v2); skips otherwise with exit 0.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { cpus as osCpus, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runMode } from '../src/hypervisor/simulate.js';
import type { RunResult } from '../src/metrics/result.js';
import { formatIssue, parseScenario } from '../src/scenario/index.js';

// ---------------------------------------------------------------------------------------------
// The experiments, as data: what runs on Linux and what is simulated are both derived from them.

/** A busy-loop process (Linux) and a busy thread (hvsched). */
interface Hog {
  readonly name: string;
  readonly nice?: number;
  /** Affinity (`taskset -c`), host LPs in hvsched. */
  readonly cpus?: readonly number[];
  /** One of the experiment's cgroups; left out: no cgroup of its own. */
  readonly cgroup?: string;
}

interface CgroupSpec {
  /** cpu.weight (v2 scale, 1–10000; v1 cpu.shares = weight × 1024 / 100). */
  readonly weight?: number;
  readonly max?: { readonly quotaUs: number; readonly periodUs: number };
  /** cpuset.cpus. */
  readonly cpus?: readonly number[];
}

interface Experiment {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly hogs: readonly Hog[];
  readonly cgroups: Readonly<Record<string, CgroupSpec>>;
  /** Generalised processor sharing, in CPUs, by hog name and by `cgroup:<name>`. */
  readonly expected: Readonly<Record<string, number>>;
}

const CPUS = 2;
const TOLERANCE_PP = 5;
const SIM_DURATION_S = 10;

/** Linux's nice-to-weight table (kernel/sched/core.c), for the expected shares. */
const NICE_WEIGHT: Readonly<Record<number, number>> = { [-5]: 3121, 0: 1024, 5: 335 };

function niceShares(nices: readonly number[]): number[] {
  const weights = nices.map((n) => NICE_WEIGHT[n]!);
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

const [n0, n5] = niceShares([0, 5]) as [number, number];
const [m5, m0, p5] = niceShares([-5, 0, 5]) as [number, number, number];

const EXPERIMENTS: readonly Experiment[] = [
  {
    id: 'nice',
    title: 'nice 0 vs nice 5 on one CPU',
    description: 'Two hogs pinned to CPU 0 (`taskset -c 0`), one at nice 0 and one at nice 5: weights 1024 and 335.',
    hogs: [
      { name: 'nice0', nice: 0, cpus: [0] },
      { name: 'nice5', nice: 5, cpus: [0] },
    ],
    cgroups: {},
    expected: { nice0: n0, nice5: n5 },
  },
  {
    id: 'weights',
    title: 'cgroup weights 300 vs 100 on two CPUs',
    description:
      'Two cgroups, `big` (cpu.weight 300 / cpu.shares 3072) and `small` (100 / 1024), two unpinned hogs each, on both CPUs.',
    hogs: [
      { name: 'big-1', cgroup: 'big' },
      { name: 'big-2', cgroup: 'big' },
      { name: 'small-1', cgroup: 'small' },
      { name: 'small-2', cgroup: 'small' },
    ],
    cgroups: { big: { weight: 300 }, small: { weight: 100 } },
    expected: { 'big-1': 0.75, 'big-2': 0.75, 'small-1': 0.25, 'small-2': 0.25, 'cgroup:big': 1.5, 'cgroup:small': 0.5 },
  },
  {
    id: 'quota',
    title: 'cpu.max 50ms/100ms beside an unlimited hog',
    description:
      'A cgroup `capped` with a quota of 50 ms per 100 ms period holding two unpinned hogs, beside one unlimited hog outside it, on both CPUs.',
    hogs: [
      { name: 'capped-1', cgroup: 'capped' },
      { name: 'capped-2', cgroup: 'capped' },
      { name: 'free' },
    ],
    cgroups: { capped: { max: { quotaUs: 50_000, periodUs: 100_000 } } },
    expected: { 'capped-1': 0.25, 'capped-2': 0.25, free: 1, 'cgroup:capped': 0.5 },
  },
  {
    id: 'affinity',
    title: 'three hogs pinned to CPU 0, one free',
    description: 'Three hogs pinned to CPU 0 (`taskset -c 0`) and one hog with no affinity, on both CPUs.',
    hogs: [
      { name: 'pinned-1', cpus: [0] },
      { name: 'pinned-2', cpus: [0] },
      { name: 'pinned-3', cpus: [0] },
      { name: 'free' },
    ],
    cgroups: {},
    expected: { 'pinned-1': 1 / 3, 'pinned-2': 1 / 3, 'pinned-3': 1 / 3, free: 1 },
  },
  {
    id: 'cpuset',
    title: 'a cpuset cgroup on CPU 0, one free hog',
    description: 'A cgroup `narrow` with cpuset.cpus = 0 holding three hogs, and one hog outside it, on both CPUs.',
    hogs: [
      { name: 'narrow-1', cgroup: 'narrow' },
      { name: 'narrow-2', cgroup: 'narrow' },
      { name: 'narrow-3', cgroup: 'narrow' },
      { name: 'free' },
    ],
    cgroups: { narrow: { cpus: [0] } },
    expected: { 'narrow-1': 1 / 3, 'narrow-2': 1 / 3, 'narrow-3': 1 / 3, free: 1, 'cgroup:narrow': 1 },
  },
  {
    id: 'nice3',
    title: 'nice −5 vs 0 vs 5 on one CPU',
    description: 'Three hogs pinned to CPU 0 at nice −5, 0 and 5: weights 3121, 1024 and 335.',
    hogs: [
      { name: 'nice-5', nice: -5, cpus: [0] },
      { name: 'nice0', nice: 0, cpus: [0] },
      { name: 'nice5', nice: 5, cpus: [0] },
    ],
    cgroups: {},
    expected: { 'nice-5': m5, nice0: m0, nice5: p5 },
  },
  // Sized for two CPUs: one ungrouped hog can use only one of them, so the group's fair share is
  // a full CPU and only a cap below one CPU binds. The ungrouped hog is pinned to CPU 0: left
  // free, Linux's balancer now and then parks it beside the pinned member, and CPU 0 idles
  // while the group is throttled, costing it 2–7 pp that vary from window to window (measured
  // with caps of 50 and 80 ms); that measures the balancer's luck, not the cap.
  {
    id: 'capped-pinned',
    title: 'cpu.max 80ms/100ms with one member pinned to CPU 1',
    description:
      'A cgroup `capped` with a quota of 80 ms per 100 ms period holding one hog pinned to CPU 1 (`taskset -c 1`) and one unpinned hog, beside one ungrouped hog pinned to CPU 0, on both CPUs: both members must progress under the cap.',
    hogs: [
      { name: 'capped-pinned', cgroup: 'capped', cpus: [1] },
      { name: 'capped-free', cgroup: 'capped' },
      { name: 'cpu0', cpus: [0] },
    ],
    cgroups: { capped: { max: { quotaUs: 80_000, periodUs: 100_000 } } },
    expected: { 'capped-pinned': 0.4, 'capped-free': 0.4, cpu0: 1, 'cgroup:capped': 0.8 },
  },
  {
    id: 'affinity-free-first',
    title: 'one free hog listed first, three pinned to CPU 0',
    description:
      'The hogs of "three hogs pinned to CPU 0, one free", declared (and on Linux started) with the free one first: the order must not change the shares.',
    hogs: [
      { name: 'free' },
      { name: 'pinned-1', cpus: [0] },
      { name: 'pinned-2', cpus: [0] },
      { name: 'pinned-3', cpus: [0] },
    ],
    cgroups: {},
    expected: { free: 1, 'pinned-1': 1 / 3, 'pinned-2': 1 / 3, 'pinned-3': 1 / 3 },
  },
];

// ---------------------------------------------------------------------------------------------
// The simulated side: the experiment as a scenario, run in `root` mode.

function scenarioYaml(experiment: Experiment): string {
  const list = (cpus: readonly number[]): string => `[${cpus.join(', ')}]`;
  const cgroups = Object.entries(experiment.cgroups).map(([name, spec]) => {
    const keys = [
      spec.weight === undefined ? null : `weight: ${spec.weight}`,
      spec.max === undefined ? null : `max: "${spec.max.quotaUs}us/${spec.max.periodUs}us"`,
      spec.cpus === undefined ? null : `cpus: ${list(spec.cpus)}`,
    ].filter((key) => key !== null);
    return `${name}: { ${keys.join(', ')} }`;
  });
  const threads = experiment.hogs.map((hog) => {
    const keys = [
      `name: ${hog.name}`,
      hog.nice === undefined ? null : `nice: ${hog.nice}`,
      hog.cpus === undefined ? null : `cpus: ${list(hog.cpus)}`,
      hog.cgroup === undefined ? null : `cgroup: ${hog.cgroup}`,
      'workload: busy',
    ].filter((key) => key !== null);
    return `      - { ${keys.join(', ')} }`;
  });
  return [
    `name: parity-${experiment.id}`,
    `duration: ${SIM_DURATION_S}s`,
    'modes: [root]',
    `host: { cores: ${CPUS}, threadsPerCore: 1 }`,
    'partitions:',
    '  - name: root',
    '    kind: root',
    `    cgroups: { ${cgroups.join(', ')} }`,
    '    threads:',
    ...threads,
    '',
  ].join('\n');
}

interface Simulated {
  /** Shares in CPUs, by hog name and by `cgroup:<name>`. */
  readonly shares: Map<string, number>;
  /** Throttled periods of the capped cgroup per period run, or null. */
  readonly throttledFraction: number | null;
}

function simulateExperiment(experiment: Experiment): Simulated {
  const loaded = parseScenario(scenarioYaml(experiment), `parity-${experiment.id}.yaml`);
  if (!loaded.ok) throw new Error(`parity scenario ${experiment.id} is invalid:\n${loaded.issues.map(formatIssue).join('\n')}`);
  const { scenario } = loaded;
  const run: RunResult = runMode(scenario, 'root').run;
  const root = run.partitions.find((p) => p.kind === 'root');
  if (root === undefined) throw new Error(`parity scenario ${experiment.id}: no root partition in the result`);
  const shares = new Map<string, number>();
  for (const thread of root.threads ?? []) shares.set(thread.name, thread.runNs / scenario.duration);
  let throttledFraction: number | null = null;
  for (const cgroup of root.cgroups ?? []) {
    shares.set(`cgroup:${cgroup.name}`, cgroup.cpus);
    const max = experiment.cgroups[cgroup.name]?.max;
    if (max !== undefined) throttledFraction = cgroup.throttles / ((SIM_DURATION_S * 1e6) / max.periodUs);
  }
  return { shares, throttledFraction };
}

// ---------------------------------------------------------------------------------------------
// The Linux side: cgroups (v1 or v2), busy-loop processes, /proc accounting.

/** A clean user-mode hog; it checks every ~0.1 s that its parent lives, so no hog outlives a killed run. */
const HOG_SCRIPT = 'i=0; while :; do i=$((i+1)); if [ $i -ge 100000 ]; then i=0; kill -0 $PPID 2>/dev/null || exit 0; fi; done';
const GROUP = 'hvsched-parity';

type Cgroups =
  | { readonly version: 'v1'; readonly cpu: string; readonly cpuset: string | null }
  | { readonly version: 'v2'; readonly root: string; readonly cpuset: boolean };

function mounts(): { fstype: string; dir: string; options: string[] }[] {
  return readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const [, dir = '', fstype = '', options = ''] = line.split(' ');
      return { fstype, dir: dir.replace(/\\040/g, ' '), options: options.split(',') };
    });
}

/** Where the cpu controller is, or why it is nowhere usable. */
function detectCgroups(): Cgroups | string {
  const all = mounts();
  const v1cpu = all.find((m) => m.fstype === 'cgroup' && m.options.includes('cpu'));
  if (v1cpu !== undefined) {
    const v1cpuset = all.find((m) => m.fstype === 'cgroup' && m.options.includes('cpuset'));
    return { version: 'v1', cpu: v1cpu.dir, cpuset: v1cpuset?.dir ?? null };
  }
  for (const m of all.filter((m) => m.fstype === 'cgroup2')) {
    const controllers = readFileSync(join(m.dir, 'cgroup.controllers'), 'utf8').trim().split(/\s+/);
    if (controllers.includes('cpu')) return { version: 'v2', root: m.dir, cpuset: controllers.includes('cpuset') };
  }
  return 'no cgroup v1 or v2 hierarchy has the cpu controller';
}

function describeCgroups(cgroups: Cgroups): string {
  return cgroups.version === 'v1'
    ? `v1 (cpu at ${cgroups.cpu}${cgroups.cpuset === null ? ', no cpuset' : `, cpuset at ${cgroups.cpuset}`})`
    : `v2 (${cgroups.root}, cpu${cgroups.cpuset ? ' and cpuset' : ''})`;
}

function canRun(experiment: Experiment, cgroups: Cgroups): string | null {
  const wantsCpuset = Object.values(experiment.cgroups).some((spec) => spec.cpus !== undefined);
  const hasCpuset = cgroups.version === 'v1' ? cgroups.cpuset !== null : cgroups.cpuset;
  return wantsCpuset && !hasCpuset ? 'no cpuset controller' : null;
}

/** Everything this process created that must go, even on error or Ctrl-C. */
const live = { children: new Set<ChildProcess>(), dirs: [] as string[] };

function write(path: string, value: string): void {
  try {
    writeFileSync(path, value);
  } catch (error) {
    throw new Error(`Could not write ${JSON.stringify(value)} to ${path}: ${(error as Error).message}`);
  }
}

function makeDir(path: string): void {
  mkdirSync(path);
  live.dirs.push(path);
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** rmdir a cgroup, waiting up to ~2 s for killed members to leave it. */
function removeDir(path: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      if (existsSync(path)) rmdirSync(path);
      return;
    } catch (error) {
      if (attempt >= 40) {
        process.stderr.write(`parity: could not remove cgroup ${path}: ${(error as Error).message}\n`);
        return;
      }
      sleepSync(50);
    }
  }
}

function cleanupSync(): void {
  for (const child of live.children) child.kill('SIGKILL');
  live.children.clear();
  while (live.dirs.length > 0) removeDir(live.dirs.pop()!);
}

/** The experiment's cgroups; returns, by cgroup name ('' for hogs in none), the files a pid goes into. */
function createCgroups(cgroups: Cgroups, experiment: Experiment): Map<string, string[]> {
  const procs = new Map<string, string[]>();
  if (cgroups.version === 'v1') {
    // Hogs without a cgroup sit in the parent itself: in v1 tasks and child groups are peers, as
    // ungrouped threads and cgroups are in hvsched; and outside the root group autogroup is off.
    const cpuParent = join(cgroups.cpu, GROUP);
    makeDir(cpuParent);
    procs.set('', [join(cpuParent, 'cgroup.procs')]);
    let cpusetParent: string | null = null;
    for (const [name, spec] of Object.entries(experiment.cgroups)) {
      const dir = join(cpuParent, name);
      makeDir(dir);
      write(join(dir, 'cpu.shares'), String(Math.round(((spec.weight ?? 100) * 1024) / 100)));
      if (spec.max !== undefined) {
        write(join(dir, 'cpu.cfs_period_us'), String(spec.max.periodUs));
        write(join(dir, 'cpu.cfs_quota_us'), String(spec.max.quotaUs));
      }
      const files = [join(dir, 'cgroup.procs')];
      if (spec.cpus !== undefined && cgroups.cpuset !== null) {
        if (cpusetParent === null) {
          cpusetParent = join(cgroups.cpuset, GROUP);
          makeDir(cpusetParent);
          for (const file of ['cpuset.cpus', 'cpuset.mems']) write(join(cpusetParent, file), readFileSync(join(cgroups.cpuset, file), 'utf8').trim());
        }
        const setDir = join(cpusetParent, name);
        makeDir(setDir);
        write(join(setDir, 'cpuset.cpus'), spec.cpus.join(','));
        write(join(setDir, 'cpuset.mems'), readFileSync(join(cpusetParent, 'cpuset.mems'), 'utf8').trim());
        files.push(join(setDir, 'cgroup.procs'));
      }
      procs.set(name, files);
    }
  } else {
    // v2 has no internal processes: hogs without a cgroup go into a leaf of default weight, which
    // is the same as ungrouped while they are nice 0 or alone beside the experiment's groups.
    const controllers = cgroups.cpuset ? '+cpu +cpuset' : '+cpu';
    write(join(cgroups.root, 'cgroup.subtree_control'), controllers);
    const parent = join(cgroups.root, GROUP);
    makeDir(parent);
    write(join(parent, 'cgroup.subtree_control'), controllers);
    const leaves: [string, CgroupSpec][] = [['ungrouped', {}], ...Object.entries(experiment.cgroups)];
    for (const [name, spec] of leaves) {
      const dir = join(parent, `g-${name}`);
      makeDir(dir);
      if (spec.weight !== undefined) write(join(dir, 'cpu.weight'), String(spec.weight));
      if (spec.max !== undefined) write(join(dir, 'cpu.max'), `${spec.max.quotaUs} ${spec.max.periodUs}`);
      if (spec.cpus !== undefined) write(join(dir, 'cpuset.cpus'), spec.cpus.join(','));
      procs.set(name === 'ungrouped' ? '' : name, [join(dir, 'cgroup.procs')]);
    }
  }
  return procs;
}

function startHog(hog: Hog, procFiles: readonly string[]): ChildProcess {
  const argv = [
    ...(hog.cpus === undefined ? [] : ['taskset', '-c', hog.cpus.join(',')]),
    ...(hog.nice === undefined || hog.nice === 0 ? [] : ['nice', '-n', String(hog.nice)]),
    '/bin/sh',
    '-c',
    HOG_SCRIPT,
  ];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: 'ignore' });
  live.children.add(child);
  if (child.pid === undefined) throw new Error(`Could not start hog ${hog.name}: ${argv.join(' ')}`);
  // Cgroup membership survives the exec of taskset → nice → sh; the warm-up covers the moment
  // before it is written.
  for (const file of procFiles) write(file, String(child.pid));
  return child;
}

function procStat(pid: number): string[] {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised comm, which may hold spaces: index 0 is field 3 (state).
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** utime + stime, in clock ticks. */
function cpuTicks(pid: number): number {
  const fields = procStat(pid);
  return Number(fields[11]) + Number(fields[12]);
}

/** Confirms a hog is the shell loop with the asked nice, affinity and cgroups; throws otherwise. */
function verifyHog(hog: Hog, pid: number, procFiles: readonly string[]): void {
  const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  const fields = procStat(pid);
  const nice = Number(fields[16]);
  const allowed = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  const wantAllowed = hog.cpus === undefined ? null : hog.cpus.join(',');
  const problems = [
    comm === 'sh' ? null : `runs ${JSON.stringify(comm)}, not sh`,
    nice === (hog.nice ?? 0) ? null : `nice ${nice}, not ${hog.nice ?? 0}`,
    wantAllowed === null || allowed === wantAllowed ? null : `CPUs ${allowed}, not ${wantAllowed}`,
    ...procFiles.map((file) =>
      readFileSync(file, 'utf8').split('\n').includes(String(pid)) ? null : `not in ${dirname(file)}`,
    ),
  ].filter((problem) => problem !== null);
  if (problems.length > 0) throw new Error(`Hog ${hog.name} (pid ${pid}) is not set up as asked: ${problems.join('; ')}`);
}

/** Busy and steal ticks of each CPU (index = CPU number), from /proc/stat. */
function systemTicks(): { busy: number[]; steal: number[] } {
  const busy: number[] = [];
  const steal: number[] = [];
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const match = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (match === null) continue;
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, stolen = 0] = match[2]!.split(/\s+/).map(Number);
    busy[Number(match[1])] = user + nice + system + irq + softirq;
    steal[Number(match[1])] = stolen;
  }
  return { busy, steal };
}

/** Ticks spent on `cpus` between two samples. */
function spent(before: readonly number[], after: readonly number[], cpus: readonly number[]): number {
  return cpus.reduce((sum, cpu) => sum + (after[cpu] ?? 0) - (before[cpu] ?? 0), 0);
}

/** The CPUs any of the experiment's hogs may run on: other load elsewhere does not touch them. */
function hogCpus(experiment: Experiment): number[] {
  const all = Array.from({ length: CPUS }, (_, cpu) => cpu);
  const used = new Set<number>();
  for (const hog of experiment.hogs) {
    const cpuset = hog.cgroup === undefined ? undefined : experiment.cgroups[hog.cgroup]?.cpus;
    for (const cpu of all) if ((hog.cpus ?? all).includes(cpu) && (cpuset ?? all).includes(cpu)) used.add(cpu);
  }
  return all.filter((cpu) => used.has(cpu));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface LinuxMeasurement {
  /** Shares in CPUs, by hog name and by `cgroup:<name>`. */
  readonly shares: Map<string, number>;
  /** By hog name: the CPU it was most often on when sampled, and how often. */
  readonly placement: Map<string, string>;
  readonly windowS: number;
  /** CPU time of everything but the hogs during the window, in CPUs. */
  readonly otherCpus: number;
  /** The CPUs the hogs may use, over which otherCpus and stealCpus are counted. */
  readonly cpus: readonly number[];
  readonly stealCpus: number;
  /** Throttled periods of the capped cgroup over its periods in the window, or null. */
  readonly throttledFraction: number | null;
  /** Windows run in all; this one is the least disturbed. */
  readonly attempts: number;
}

interface Timing {
  readonly warmupMs: number;
  readonly windowMs: number;
}

/** Other load (CPUs) above which a window is disturbed: it would move a share by up to that much. */
const DISTURBED_CPUS = 0.05;
/** Other load below which the machine counts as quiet enough to start a window. */
const QUIET_CPUS = 0.05;
const MAX_ATTEMPTS = 4;
const MAX_QUIET_WAIT_MS = 60_000;
const PLACEMENT_SAMPLE_MS = 100;

/** Busy CPUs over `ms` (nothing of ours running: all of it is other load). */
async function busyCpus(ms: number, ticksPerS: number): Promise<number> {
  const before = systemTicks();
  const t0 = process.hrtime.bigint();
  await sleep(ms);
  const after = systemTicks();
  const all = after.busy.map((_, cpu) => cpu);
  return spent(before.busy, after.busy, all) / ticksPerS / (Number(process.hrtime.bigint() - t0) / 1e9);
}

/** Waits until a second passes with less than QUIET_CPUS of other load, or gives up after a minute. */
async function waitForQuiet(ticksPerS: number): Promise<number> {
  const deadline = Date.now() + MAX_QUIET_WAIT_MS;
  for (;;) {
    const busy = await busyCpus(1000, ticksPerS);
    if (busy < QUIET_CPUS || Date.now() >= deadline) return busy;
  }
}

/**
 * The machine is shared: other processes' CPU use takes time from the hogs and moves their
 * shares. Start each window on a quiet machine and repeat a window that other load disturbed;
 * keep the least disturbed attempt.
 */
async function measureQuietly(experiment: Experiment, cgroups: Cgroups, ticksPerS: number, timing: Timing): Promise<LinuxMeasurement> {
  let best: LinuxMeasurement | null = null;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const idle = await waitForQuiet(ticksPerS);
    const quiet = idle < QUIET_CPUS ? '' : ` (the machine is busy: ${idle.toFixed(2)} CPUs of other load)`;
    process.stdout.write(`parity: ${experiment.title}, attempt ${attempt} (${(timing.warmupMs + timing.windowMs) / 1000} s)${quiet}…`);
    const measured = await measureLinux(experiment, cgroups, ticksPerS, timing);
    process.stdout.write(` other load on CPU ${measured.cpus.join(',')}: ${measured.otherCpus.toFixed(3)} CPUs\n`);
    if (best === null || measured.otherCpus < best.otherCpus) best = measured;
    best = { ...best, attempts: attempt };
    if (best.otherCpus <= DISTURBED_CPUS) break;
  }
  return best!;
}

async function measureLinux(experiment: Experiment, cgroups: Cgroups, ticksPerS: number, timing: Timing): Promise<LinuxMeasurement> {
  const firstDir = live.dirs.length;
  const started: { hog: Hog; child: ChildProcess; pid: number }[] = [];
  try {
    const procs = createCgroups(cgroups, experiment);
    for (const hog of experiment.hogs) {
      const files = procs.get(hog.cgroup ?? '') ?? [];
      const child = startHog(hog, files);
      started.push({ hog, child, pid: child.pid! });
    }
    await sleep(timing.warmupMs);
    for (const { hog, child, pid } of started) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`Hog ${hog.name} exited during the warm-up`);
      verifyHog(hog, pid, procs.get(hog.cgroup ?? '') ?? []);
    }
    const throttleFile = throttleStatFile(cgroups, experiment);
    const throttledBefore = throttleFile === null ? null : throttleStat(throttleFile);
    const t0 = process.hrtime.bigint();
    const before = started.map(({ pid }) => cpuTicks(pid));
    const cpus = hogCpus(experiment);
    const system0 = systemTicks();
    const onCpu = started.map(() => new Array<number>(CPUS).fill(0));
    const sampler = setInterval(() => {
      started.forEach(({ pid }, i) => {
        // Field 39, the CPU it last ran on; a hog that died is reported when the window ends.
        const cpu = existsSync(`/proc/${pid}/stat`) ? Number(procStat(pid)[36]) : -1;
        if (cpu >= 0 && cpu < CPUS) onCpu[i]![cpu]!++;
      });
    }, PLACEMENT_SAMPLE_MS);
    await sleep(timing.windowMs);
    clearInterval(sampler);
    const after = started.map(({ pid }) => cpuTicks(pid));
    const system1 = systemTicks();
    const windowS = Number(process.hrtime.bigint() - t0) / 1e9;
    const throttledAfter = throttleFile === null ? null : throttleStat(throttleFile);
    const throttledFraction =
      throttledBefore === null || throttledAfter === null
        ? null
        : (throttledAfter.throttled - throttledBefore.throttled) / (throttledAfter.periods - throttledBefore.periods);
    const shares = new Map<string, number>();
    const placement = new Map<string, string>();
    let hogTicks = 0;
    started.forEach(({ hog }, i) => {
      const counts = onCpu[i]!;
      const total = counts.reduce((a, b) => a + b, 0);
      const top = counts.indexOf(Math.max(...counts));
      placement.set(hog.name, total === 0 ? '–' : `${top} (${Math.round((counts[top]! / total) * 100)} %)`);
      const ticks = after[i]! - before[i]!;
      hogTicks += ticks;
      const share = ticks / ticksPerS / windowS;
      shares.set(hog.name, share);
      if (hog.cgroup !== undefined) shares.set(`cgroup:${hog.cgroup}`, (shares.get(`cgroup:${hog.cgroup}`) ?? 0) + share);
    });
    return {
      shares,
      placement,
      windowS,
      // Every hog tick is on one of these CPUs, so what is left of their busy time is other load.
      otherCpus: (spent(system0.busy, system1.busy, cpus) - hogTicks) / ticksPerS / windowS,
      cpus,
      stealCpus: spent(system0.steal, system1.steal, cpus) / ticksPerS / windowS,
      throttledFraction,
      attempts: 1,
    };
  } finally {
    await Promise.all(started.map(({ child }) => stop(child)));
    while (live.dirs.length > firstDir) removeDir(live.dirs.pop()!);
  }
}

function throttleStatFile(cgroups: Cgroups, experiment: Experiment): string | null {
  const capped = Object.entries(experiment.cgroups).find(([, spec]) => spec.max !== undefined)?.[0];
  if (capped === undefined) return null;
  return cgroups.version === 'v1' ? join(cgroups.cpu, GROUP, capped, 'cpu.stat') : join(cgroups.root, GROUP, `g-${capped}`, 'cpu.stat');
}

function throttleStat(file: string): { periods: number; throttled: number } {
  const text = readFileSync(file, 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { periods: field('nr_periods'), throttled: field('nr_throttled') };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      live.children.delete(child);
      resolve();
    };
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', done);
    child.kill('SIGKILL');
  });
}

// ---------------------------------------------------------------------------------------------
// Comparison and rendering: pure.

interface Row {
  readonly label: string;
  readonly linuxCpu: string;
  readonly expected: number | null;
  readonly linux: number;
  readonly hvsched: number;
  readonly diffPp: number;
  readonly pass: boolean;
}

type Outcome =
  | { readonly kind: 'compared'; readonly experiment: Experiment; readonly rows: readonly Row[]; readonly linux: LinuxMeasurement; readonly simulated: Simulated }
  | { readonly kind: 'skipped'; readonly experiment: Experiment; readonly reason: string };

function compare(experiment: Experiment, linux: LinuxMeasurement, simulated: Map<string, number>): Row[] {
  const labels = [...experiment.hogs.map((hog) => hog.name), ...Object.keys(experiment.cgroups).map((name) => `cgroup:${name}`)];
  return labels.map((label) => {
    const linuxShare = linux.shares.get(label) ?? 0;
    const simShare = simulated.get(label);
    if (simShare === undefined) throw new Error(`hvsched reported no ${label} in experiment ${experiment.id}`);
    const diffPp = (simShare - linuxShare) * 100;
    return {
      label: label.startsWith('cgroup:') ? `cgroup ${label.slice(7)} (total)` : label,
      linuxCpu: linux.placement.get(label) ?? '',
      expected: experiment.expected[label] ?? null,
      linux: linuxShare,
      hvsched: simShare,
      diffPp,
      pass: Math.abs(diffPp) <= TOLERANCE_PP,
    };
  });
}

const pct = (share: number): string => `${(share * 100).toFixed(1)} %`;
const signedPp = (pp: number): string => {
  const shown = Math.abs(pp).toFixed(1);
  return `${Number(shown) === 0 ? '±' : pp > 0 ? '+' : '−'}${shown} pp`;
};
const HEADER = ['process / thread', 'expected', 'Linux', 'hvsched', 'difference', 'result', 'Linux CPU'] as const;

function rowCells(row: Row): string[] {
  return [row.label, row.expected === null ? '–' : pct(row.expected), pct(row.linux), pct(row.hvsched), signedPp(row.diffPp), row.pass ? 'pass' : 'FAIL', row.linuxCpu];
}

function windowNote(outcome: Extract<Outcome, { kind: 'compared' }>): string {
  const { linux, simulated } = outcome;
  const fraction = (f: number | null): string => (f === null ? '–' : `${(f * 100).toFixed(0)} %`);
  const throttles =
    linux.throttledFraction === null ? '' : `; periods throttled: Linux ${fraction(linux.throttledFraction)}, hvsched ${fraction(simulated.throttledFraction)}`;
  const attempts =
    linux.otherCpus > DISTURBED_CPUS
      ? ` (DISTURBED: the least disturbed of ${linux.attempts} windows)`
      : linux.attempts === 1
        ? ''
        : ` (attempt ${linux.attempts}: earlier windows were disturbed)`;
  return `window ${linux.windowS.toFixed(2)} s; other CPU use on CPU ${linux.cpus.join(',')}: ${linux.otherCpus.toFixed(3)} CPUs${attempts}, steal ${linux.stealCpus.toFixed(3)} CPUs${throttles}`;
}

function renderText(outcomes: readonly Outcome[]): string {
  const lines: string[] = [];
  for (const outcome of outcomes) {
    lines.push(`\n${outcome.experiment.title}`);
    if (outcome.kind === 'skipped') {
      lines.push(`  skipped: ${outcome.reason}`);
      continue;
    }
    const table = [[...HEADER], ...outcome.rows.map(rowCells)];
    const widths = HEADER.map((_, c) => Math.max(...table.map((cells) => cells[c]!.length)));
    for (const cells of table) lines.push(`  ${cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')}`);
    lines.push(`  ${windowNote(outcome)}`);
  }
  return `${lines.join('\n')}\n`;
}

interface Environment {
  readonly date: string;
  readonly kernel: string;
  readonly cpuModel: string;
  readonly cpus: number;
  readonly cgroups: string;
  readonly ticksPerS: number;
  readonly loadBefore: string;
  readonly timing: Timing;
}

function renderMarkdown(env: Environment, outcomes: readonly Outcome[]): string {
  const compared = outcomes.filter((o) => o.kind === 'compared');
  const rows = compared.flatMap((o) => o.rows);
  const failed = rows.filter((row) => !row.pass).length;
  const worst = Math.max(0, ...rows.map((row) => Math.abs(row.diffPp)));
  const out = [
    '# Parity of the `root` mode with the Linux scheduler',
    '',
    'Written by `npm run parity` (bench/parity.ts); do not edit by hand.',
    '',
    `- Date: ${env.date}`,
    `- Kernel: ${env.kernel}; CPU: ${env.cpuModel}, ${env.cpus} CPUs (\`nproc\`)`,
    `- Cgroups: ${env.cgroups}; CLK_TCK ${env.ticksPerS}`,
    `- Load average before the run: ${env.loadBefore}`,
    '',
    'Method: each experiment starts busy-loop processes (`/bin/sh -c \'while :; do …; done\'`) with the',
    'nice level (`nice -n`), affinity (`taskset -c`) and cgroup (cpu.shares/cpu.weight, cpu.max,',
    `cpuset.cpus, under a \`${GROUP}\` cgroup) it names, checks that each one got them, waits ${env.timing.warmupMs / 1000} s, then`,
    `reads each process's utime + stime from \`/proc/<pid>/stat\` at the start and end of a ${env.timing.windowMs / 1000} s window; a`,
    'share is that CPU time over the window (100 % = one CPU). The machine is shared, so a window starts',
    `only after a second with under ${QUIET_CPUS} CPUs of other load (waiting up to ${MAX_QUIET_WAIT_MS / 1000} s), and a window with more than`,
    `${DISTURBED_CPUS} CPUs of other CPU time on the CPUs the hogs may use (from \`/proc/stat\`, less the hogs') is repeated, up to`,
    `${MAX_ATTEMPTS} attempts. "Linux CPU" is the CPU each process was last on when sampled every ${PLACEMENT_SAMPLE_MS} ms (the most`,
    'frequent one, with its fraction of the samples): where Linux\'s per-CPU run queues put it. The same',
    `set-up is simulated for ${SIM_DURATION_S} s in \`root\` mode on a host of ${CPUS} cores × 1 thread, and each share is`,
    "`runNs / duration` (a cgroup's `cpus`). \"Expected\" is generalised processor sharing. An",
    `experiment passes when every share is within ${TOLERANCE_PP} percentage points of Linux's.`,
    '',
    `**Summary:** ${compared.length} experiments compared, ${outcomes.length - compared.length} skipped; ` +
      `${rows.length - failed} of ${rows.length} shares within ${TOLERANCE_PP} pp (largest difference ${worst.toFixed(1)} pp): ` +
      `**${failed === 0 ? 'pass' : 'FAIL'}**.`,
  ];
  outcomes.forEach((outcome, i) => {
    out.push('', `## ${i + 1}. ${outcome.experiment.title}`, '', outcome.experiment.description, '');
    if (outcome.kind === 'skipped') {
      out.push(`Skipped: ${outcome.reason}.`);
      return;
    }
    out.push(`| ${HEADER.join(' | ')} |`, `|${HEADER.map((_, c) => (c === 0 ? '---' : '---:')).join('|')}|`);
    for (const row of outcome.rows) {
      const cells = rowCells(row);
      out.push(`| ${cells.map((cell, c) => (c === 5 && !row.pass ? `**${cell}**` : cell)).join(' | ')} |`);
    }
    out.push('', `${windowNote(outcome)[0]!.toUpperCase()}${windowNote(outcome).slice(1)}.`);
  });
  return `${out.join('\n')}\n`;
}

/** 0 when every compared share is within the tolerance; skipped experiments do not fail. */
function exitCode(outcomes: readonly Outcome[]): 0 | 1 {
  return outcomes.every((o) => o.kind === 'skipped' || o.rows.every((row) => row.pass)) ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// The shell.

const here = dirname(fileURLToPath(import.meta.url));
const reportPath = join(here, '..', '..', 'bench', 'PARITY.md');

function skip(reason: string): never {
  console.log(`parity: skipped: ${reason}`);
  process.exit(0);
}

function installCleanup(): void {
  process.on('exit', cleanupSync);
  for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]] as const) {
    process.on(signal, () => {
      process.stderr.write(`\nparity: ${signal}: stopping the hogs and removing the cgroups\n`);
      cleanupSync();
      process.exit(128 + number);
    });
  }
}

function environment(cgroups: Cgroups, ticksPerS: number, timing: Timing): Environment {
  const cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? osCpus()[0]?.model ?? 'unknown';
  const [one = '?', five = '?', fifteen = '?'] = readFileSync('/proc/loadavg', 'utf8').split(' ');
  return {
    date: execFileSync('date', ['-u'], { encoding: 'utf8' }).trim(),
    kernel: release(),
    cpuModel,
    cpus: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
    cgroups: describeCgroups(cgroups),
    ticksPerS,
    loadBefore: `${one}, ${five}, ${fifteen} (1, 5, 15 min)`,
    timing,
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, window: { type: 'string' }, warmup: { type: 'string' } },
  });
  const timing: Timing = { warmupMs: Number(values.warmup ?? 1) * 1000, windowMs: Number(values.window ?? 9) * 1000 };
  if (!(timing.warmupMs >= 0 && timing.windowMs > 0)) throw new Error(`Could not read --warmup/--window: expected seconds, got ${values.warmup}/${values.window}`);
  const only = values.only?.split(',');
  const unknown = only?.filter((id) => !EXPERIMENTS.some((e) => e.id === id)) ?? [];
  if (unknown.length > 0) throw new Error(`Could not select experiments: unknown ${unknown.join(', ')}; known: ${EXPERIMENTS.map((e) => e.id).join(', ')}`);

  if (process.platform !== 'linux') skip('not Linux');
  if (process.getuid?.() !== 0) skip('needs root (to create cgroups and set negative nice levels)');
  const detected = detectCgroups();
  if (typeof detected === 'string') skip(detected);
  const cgroups = detected;
  const cpuCount = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  if (cpuCount !== CPUS) skip(`the experiments are written for ${CPUS} CPUs, this machine has ${cpuCount}`);
  const ticksPerS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

  installCleanup();
  // A run killed with SIGKILL leaves its cgroups behind (its hogs exit on their own): clear them.
  const parents = cgroups.version === 'v1' ? [cgroups.cpu, cgroups.cpuset].filter((d) => d !== null) : [cgroups.root];
  for (const parent of parents) {
    const stale = join(parent, GROUP);
    if (!existsSync(stale)) continue;
    for (const name of execFileSync('find', [stale, '-mindepth', '1', '-type', 'd'], { encoding: 'utf8' }).split('\n').filter(Boolean).reverse()) removeDir(name);
    removeDir(stale);
  }
  try {
    // v2 also needs the controllers enabled below its root (refused, e.g., in a delegated subtree with processes).
    if (cgroups.version === 'v2') write(join(cgroups.root, 'cgroup.subtree_control'), cgroups.cpuset ? '+cpu +cpuset' : '+cpu');
    makeDir(join(cgroups.version === 'v1' ? cgroups.cpu : cgroups.root, GROUP));
    removeDir(live.dirs.pop()!);
  } catch (error) {
    skip(`the cpu controller is not writable: ${(error as Error).message}`);
  }

  const env = environment(cgroups, ticksPerS, timing);
  console.log(`parity: Linux ${env.kernel}, ${env.cpuModel} × ${env.cpus}, cgroup ${env.cgroups}, load ${env.loadBefore}`);
  const selected = EXPERIMENTS.filter((e) => only === undefined || only.includes(e.id));
  const outcomes: Outcome[] = [];
  for (const experiment of selected) {
    const reason = canRun(experiment, cgroups);
    if (reason !== null) {
      outcomes.push({ kind: 'skipped', experiment, reason });
      continue;
    }
    const linux = await measureQuietly(experiment, cgroups, ticksPerS, timing);
    const simulated = simulateExperiment(experiment);
    outcomes.push({ kind: 'compared', experiment, rows: compare(experiment, linux, simulated.shares), linux, simulated });
  }
  process.stdout.write(renderText(outcomes));
  writeFileSync(reportPath, renderMarkdown(env, outcomes));
  const code = exitCode(outcomes);
  console.log(`\nparity: ${code === 0 ? 'pass' : 'FAIL'}; wrote ${reportPath}`);
  return code;
}

main().then(
  (code) => {
    cleanupSync();
    process.exitCode = code;
  },
  (error: unknown) => {
    cleanupSync();
    process.stderr.write(`parity: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
