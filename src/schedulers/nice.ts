// Linux's nice-to-weight table (kernel/sched/core.c, sched_prio_to_weight): nice 0 is 1024 and
// each step is about 1.25×, so one nice level is about 10 % of CPU between two busy tasks.
const PRIO_TO_WEIGHT = [
  88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586,
  1277, 1024, 820, 655, 526, 423, 335, 272, 215, 172, 137, 110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
] as const;

export const NICE_0_WEIGHT = 1024;

export function niceToWeight(nice: number): number {
  const weight = PRIO_TO_WEIGHT[nice + 20];
  if (weight === undefined) throw new RangeError(`nice ${nice} is outside -20…19`);
  return weight;
}

/** cgroup v2 cpu.weight (1–10000, default 100) as a scheduler weight: 100 ↦ 1024. */
export function cpuWeightToWeight(cpuWeight: number): number {
  return (cpuWeight * NICE_0_WEIGHT) / 100;
}

/** Linux's default slice for `cpus` CPUs: 0.7 ms × (1 + log2 min(cpus, 8)) (MODEL.md §5). */
export function autoSliceNs(cpus: number): number {
  return Math.round(700_000 * (1 + Math.log2(Math.min(Math.max(cpus, 1), 8))));
}
