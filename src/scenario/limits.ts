// Bounds that keep a run meaningful and finite; refusals quote them.
import { ms, sec, us } from '../model/time.js';

export const LIMITS = {
  maxCores: 1024,
  maxVps: 1024,
  maxThreadCount: 1024,
  weight: { min: 1, max: 10_000 },
  nice: { min: -20, max: 19 },
  seedMax: 2 ** 32 - 1,
  /** Seeds per sweep cell: enough for a tight interval, few enough that a typo does not run for days. */
  sweepSeedsMax: 1000,
  quantum: { min: us(100), max: sec(1), why: "a hypervisor's quantum is milliseconds; shorter, a run is mostly dispatches" },
  /** Linux bounds its fair scheduler's base slice below at 100 µs (sched_min_granularity_ns in kernel/sched/fair.c). */
  osSlice: { min: us(100), why: "Linux's fair scheduler takes no base slice below 100us" },
  maxWindow: sec(10),
  /**
   * The engine accumulates time and work as integer nanoseconds in doubles and sums them across
   * every VP and LP; one hour keeps those sums far below 2^53 and keeps a run's length sane.
   */
  runDuration: { min: ms(1), max: sec(3600) },
  maxEvents: 2e9,
  /**
   * A --trace or --report file's estimated size: each is built in memory as one string, which V8
   * caps near 512 MiB, and a trace past a few hundred MiB opens in no viewer.
   */
  maxRecordingBytes: 256 * 2 ** 20,
  /** A scenario is a page or two; 8 MiB is far past any real one, and still parses in well under a second. */
  maxScenarioBytes: 8 * 2 ** 20,
} as const;
