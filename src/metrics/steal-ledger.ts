// Who stole a VP's time and why (docs/model.md, "Steal attribution"). Every nanosecond a VP
// waits is charged to exactly one thief and one cause, so both splits sum to its steal exactly.
//
// The rule: a waiting VP waits for its *home* LP, the one it last ran on (before it ever ran, the
// first LP it may use); the thief is the partition holding that LP at each instant, the one
// running a VP there or, under core scheduling, the one whose virtual core claims it while it
// idles. The cause is `capped` while its own limit or cgroup cap holds it back, else `gang` while
// its home LP idles claimed by another virtual core, else `contention`; `idle` names time its
// home LP was idle and unclaimed and it was not capped, which work conservation keeps at zero.
//
// Cost: a holder change on an LP settles only the VPs waiting for that LP (an intrusive list per
// LP); a VP's wait is kept as one running total while its thief and cause stay the same, so the
// table of totals (one per VP and bucket that met, src/metrics/sum-table.ts) is touched only
// when either changes. A cgroup that holds back its VMM threads' VPs (a cap group) keeps a clock
// of the time it held them, and a member's wait is split by that clock when it is settled: a
// cap that flips at every dispatch costs O(1), not O(members). What runs at every dispatch
// (waitBegan, waitEnded, a holder that stays) is kept small and the rest in methods of its own:
// V8 inlines the dispatch path whole only while it fits its inlining budget.
import { WaiterLists } from '../engine/waiter-lists.js';
import { SumTable } from './sum-table.js';

export const CAUSES = ['contention', 'capped', 'gang', 'idle'] as const;
export type StealCause = (typeof CAUSES)[number];
const CONTENTION = 0;
const CAPPED = 1;
const GANG = 2;
const IDLE = 3;

/**
 * Hears what the ledger hears, for views that want single waits rather than totals (`hvsched
 * explain`'s longest waits). Off (null) it costs one comparison per call.
 */
export interface WaitListener {
  holderChanged(lp: number, partition: number, claimsOnly: boolean, now: number): void;
  waitBegan(vp: number, home: number, now: number): void;
  waitEnded(vp: number, now: number): void;
  setCapped(vp: number, capped: boolean, now: number): void;
}

/**
 * Steal by VP, thief and cause, in flat arrays rather than one array per triple: a long run of a
 * large host has millions of them, and the result's own objects are made from these directly.
 */
export interface StealTotals {
  readonly start: Int32Array;
  readonly thief: Int32Array;
  readonly cause: Uint8Array;
  readonly ns: Float64Array;
}

/** Stolen time by runner and thief, flat as StealTotals are. */
export interface RunnerThefts {
  readonly runners: readonly number[];
  readonly start: readonly number[];
  readonly thief: Int32Array;
  readonly ns: Float64Array;
}

export class StealLedger {
  /** Thief index meaning nobody: the home LP was idle and unclaimed. */
  readonly nobody: number;
  /** Per LP: its holder's partition × 2, + 1 if it only claims the LP (core scheduling). */
  readonly #holder: Int32Array;
  /** Per LP: when its waiters were last settled (a preempt and a dispatch at one instant settle them once). */
  readonly #settledAt: Float64Array;
  readonly #waiters: WaiterLists;
  readonly #home: Int32Array;
  readonly #chargedTo: Float64Array;
  readonly #capped: Uint8Array;
  /** Per VP: the bucket (holder × 2 + capped) its running total is for, and that total. */
  readonly #bucket: Int32Array;
  readonly #bucketNs: Float64Array;
  /** Settled totals by vp × buckets + bucket, for buckets the running total moved past. */
  readonly #settled: SumTable;
  readonly #buckets: number;
  /**
   * For a vCPU of an OS: the runner (an OS thread's work) it executes, or -1; the time it waits
   * with one is that thread's stolen time, kept per thread and thief as a VP's is.
   */
  readonly #source: Int32Array;
  readonly #sourceKey: Float64Array;
  readonly #sourceNs: Float64Array;
  /** Keyed by runner × (nobody + 1) + thief; runners are made after the ledger, so any key may come. */
  readonly #sourceSettled = new SumTable(Number.POSITIVE_INFINITY);
  listener: WaitListener | null = null;
  /** Per VP: its cap group, or -1; and that group's held clock as the VP was last settled. */
  readonly #capGroupOf: Int32Array;
  readonly #clockAt: Float64Array;
  /** Per cap group: its members, whether it holds them now, since when, and for how long before. */
  readonly #groupMembers: (readonly number[])[] = [];
  readonly #groupHeld: number[] = [];
  readonly #groupHeldSince: number[] = [];
  readonly #groupHeldNs: number[] = [];

  constructor(lpCount: number, vpCount: number, partitionCount: number) {
    this.nobody = partitionCount;
    this.#buckets = (partitionCount + 1) * 4;
    this.#settled = new SumTable(vpCount * this.#buckets);
    this.#holder = new Int32Array(lpCount).fill(partitionCount * 2);
    this.#settledAt = new Float64Array(lpCount).fill(-1);
    this.#waiters = new WaiterLists(lpCount, vpCount);
    this.#home = new Int32Array(vpCount).fill(-1);
    this.#chargedTo = new Float64Array(vpCount);
    this.#capped = new Uint8Array(vpCount);
    this.#bucket = new Int32Array(vpCount).fill(-1);
    this.#bucketNs = new Float64Array(vpCount);
    this.#source = new Int32Array(vpCount).fill(-1);
    this.#sourceKey = new Float64Array(vpCount).fill(-1);
    this.#sourceNs = new Float64Array(vpCount);
    this.#capGroupOf = new Int32Array(vpCount).fill(-1);
    this.#clockAt = new Float64Array(vpCount);
  }

  /** `vps` are held back together (by their VMM threads' cgroup); returns the group for `setGroupCapped`. */
  capGroup(vps: readonly number[]): number {
    const group = this.#groupMembers.length;
    this.#groupMembers.push(vps);
    this.#groupHeld.push(0);
    this.#groupHeldSince.push(0);
    this.#groupHeldNs.push(0);
    for (const vp of vps) this.#capGroupOf[vp] = group;
    return group;
  }

  /** Cap group `group` holds its members back (or no longer does). */
  setGroupCapped(group: number, capped: boolean, now: number): void {
    const flag = capped ? 1 : 0;
    if (this.#groupHeld[group] === flag) return;
    if (this.listener !== null) for (const vp of this.#groupMembers[group]!) this.listener.setCapped(vp, capped, now);
    if (capped) this.#groupHeldSince[group] = now;
    else this.#groupHeldNs[group]! += now - this.#groupHeldSince[group]!;
    this.#groupHeld[group] = flag;
  }

  #clock(group: number, now: number): number {
    return this.#groupHeldNs[group]! + (this.#groupHeld[group] === 1 ? now - this.#groupHeldSince[group]! : 0);
  }

  /** `vp` now executes `runner` (-1: nothing of an OS's). */
  sourceChanged(vp: number, runner: number, now: number): void {
    if (this.#home[vp]! >= 0) this.#settle(vp, now);
    this.#source[vp] = runner;
  }

  /** `lp` is now held by `partition` (`nobody` if none), running there or only claiming it. */
  holderChanged(lp: number, partition: number, claimsOnly: boolean, now: number): void {
    const holder = partition * 2 + (claimsOnly ? 1 : 0);
    if (this.#holder[lp] === holder) return;
    if (this.listener !== null) this.listener.holderChanged(lp, partition, claimsOnly, now);
    this.#settleWaitersFor(lp, now);
    this.#holder[lp] = holder;
  }

  #settleWaitersFor(lp: number, now: number): void {
    if (this.#settledAt[lp] === now) return;
    this.#settledAt[lp] = now;
    for (let vp = this.#waiters.first(lp); vp >= 0; vp = this.#waiters.next(vp)) this.#settle(vp, now);
  }

  /** `vp` starts waiting for `home`. */
  waitBegan(vp: number, home: number, now: number): void {
    if (this.listener !== null) this.listener.waitBegan(vp, home, now);
    this.#home[vp] = home;
    this.#chargedTo[vp] = now;
    if (this.#capGroupOf[vp]! >= 0) this.#clockAt[vp] = this.#clock(this.#capGroupOf[vp]!, now);
    this.#waiters.join(vp, home);
  }

  waitEnded(vp: number, now: number): void {
    if (this.listener !== null) this.listener.waitEnded(vp, now);
    const home = this.#home[vp]!;
    // A wait of no time (a VP moved from one LP to another at one instant) has nothing to charge.
    if (now !== this.#chargedTo[vp]) this.#chargeSince(vp, home, now);
    this.#waiters.leave(vp, home);
    this.#home[vp] = -1;
  }

  /** Its limit or its cgroup's cap holds `vp` back (or no longer does). */
  setCapped(vp: number, capped: boolean, now: number): void {
    const flag = capped ? 1 : 0;
    if (this.#capped[vp] === flag) return;
    if (this.listener !== null) this.listener.setCapped(vp, capped, now);
    if (this.#home[vp]! >= 0) this.#settle(vp, now);
    this.#capped[vp] = flag;
  }

  #settle(vp: number, now: number): void {
    const elapsed = now - this.#chargedTo[vp]!;
    if (elapsed === 0) return;
    this.#chargeSince(vp, this.#home[vp]!, now);
    this.#chargedTo[vp] = now;
  }

  /** Charges `vp`'s wait for `home` since it was last charged. */
  #chargeSince(vp: number, home: number, now: number): void {
    if (this.#capGroupOf[vp]! >= 0) this.#chargeGrouped(vp, home, now);
    else this.#charge(vp, home, now - this.#chargedTo[vp]!, this.#capped[vp]!);
  }

  /** Charges a cap group member's wait since it was last charged: capped for as long as its group held it. */
  #chargeGrouped(vp: number, home: number, now: number): void {
    const clock = this.#clock(this.#capGroupOf[vp]!, now);
    const elapsed = now - this.#chargedTo[vp]!;
    const capped = this.#capped[vp] === 1 ? elapsed : clock - this.#clockAt[vp]!;
    this.#clockAt[vp] = clock;
    if (elapsed - capped > 0) this.#charge(vp, home, elapsed - capped, 0);
    if (capped > 0) this.#charge(vp, home, capped, 1);
  }

  /**
   * Adds `elapsed` of waiting for `home` to `vp`'s running total, moving it to the bucket of the
   * thief and cause that hold now. It takes a span, not a time stamp: were this call ever not
   * inlined, a time stamp would be boxed at every dispatch, a span of a few quanta is a small integer.
   */
  #charge(vp: number, home: number, elapsed: number, capped: number): void {
    const bucket = this.#holder[home]! * 2 + capped;
    if (this.#bucket[vp] !== bucket) this.#rebucket(vp, bucket);
    this.#bucketNs[vp]! += elapsed;
    if (this.#source[vp]! >= 0) this.#chargeSource(vp, bucket >> 2, elapsed);
  }

  #rebucket(vp: number, bucket: number): void {
    this.#flush(vp);
    this.#bucket[vp] = bucket;
  }

  /** Charges `elapsed` of `vp`'s wait to the thread it executes, as stolen by `thief`. */
  #chargeSource(vp: number, thief: number, elapsed: number): void {
    const key = this.#source[vp]! * (this.nobody + 1) + thief;
    if (this.#sourceKey[vp] !== key) {
      this.#flushSource(vp);
      this.#sourceKey[vp] = key;
    }
    this.#sourceNs[vp]! += elapsed;
  }

  #flushSource(vp: number): void {
    const key = this.#sourceKey[vp]!;
    if (key < 0 || this.#sourceNs[vp] === 0) return;
    this.#sourceSettled.add(key, this.#sourceNs[vp]!);
    this.#sourceNs[vp] = 0;
  }

  /**
   * Each runner's stolen time (waits of the vCPU executing it) by thief, in runner then thief
   * order: runner `runners[i]`'s thefts are `thief` and `ns` over `start[i]` to `start[i + 1]`.
   * Once, at the end of a run: the ledger hands its totals over and forgets them, so the
   * result's objects are not made while it still holds millions.
   */
  takeStolenFromRunners(vpCount: number): RunnerThefts {
    for (let vp = 0; vp < vpCount; vp++) this.#flushSource(vp);
    const stride = this.nobody + 1;
    const { keys, sums } = this.#sourceSettled.take();
    const runners: number[] = [];
    const start: number[] = [];
    const thief = new Int32Array(keys.length);
    const ns = new Float64Array(keys.length);
    keys.forEach((key, index) => {
      const runner = Math.floor(key / stride);
      if (runners[runners.length - 1] !== runner) {
        runners.push(runner);
        start.push(index);
      }
      thief[index] = key % stride;
      ns[index] = sums[index]!;
    });
    start.push(keys.length);
    return { runners, start, thief, ns };
  }

  #flush(vp: number): void {
    const bucket = this.#bucket[vp]!;
    if (bucket < 0 || this.#bucketNs[vp] === 0) return;
    const key = vp * this.#buckets + bucket;
    this.#settled.add(key, this.#bucketNs[vp]!);
    this.#bucketNs[vp] = 0;
  }

  /** Settled totals kept: one per VP and thief bucket that ever met, so at most VPs × buckets, whatever the horizon. */
  get entries(): number {
    return this.#settled.size + this.#sourceSettled.size;
  }

  /**
   * Every VP's steal by thief and cause, in thief order (`nobody` last) then CAUSES order, those
   * with none left out: VP v's are `thief`, `cause` and `ns` over `start[v]` to `start[v + 1]`.
   * Once, at the end of a run, as `takeStolenFromRunners`.
   */
  takeTotals(vpCount: number): StealTotals {
    for (let vp = 0; vp < vpCount; vp++) this.#flush(vp);
    // Keys in numeric order are in VP, then thief order, and a thief's four buckets are
    // neighbours: summed per cause, they are emitted in CAUSES order when the thief changes.
    const { keys, sums } = this.#settled.take();
    const start = new Int32Array(vpCount + 1);
    const thieves = new Int32Array(keys.length);
    const causes = new Uint8Array(keys.length);
    const amounts = new Float64Array(keys.length);
    let count = 0;
    const perCause = new Float64Array(CAUSES.length);
    let vp = -1;
    let thief = -1;
    const emit = (): void => {
      for (let cause = 0; cause < perCause.length; cause++) {
        if (perCause[cause] !== 0) {
          thieves[count] = thief;
          causes[count] = cause;
          amounts[count] = perCause[cause]!;
          count++;
        }
        perCause[cause] = 0;
      }
    };
    keys.forEach((key, index) => {
      const keyVp = Math.floor(key / this.#buckets);
      const bucket = key % this.#buckets;
      const keyThief = bucket >> 2;
      if (keyVp !== vp || keyThief !== thief) {
        if (vp >= 0) emit();
        for (let next = vp + 1; next <= keyVp; next++) start[next] = count;
        vp = keyVp;
        thief = keyThief;
      }
      let cause = CONTENTION;
      if ((bucket & 1) === 1) cause = CAPPED;
      else if (thief === this.nobody) cause = IDLE;
      else if ((bucket & 2) === 2) cause = GANG;
      perCause[cause]! += sums[index]!;
    });
    if (vp >= 0) emit();
    for (let next = vp + 1; next <= vpCount; next++) start[next] = count;
    return { start, thief: thieves.subarray(0, count), cause: causes.subarray(0, count), ns: amounts.subarray(0, count) };
  }
}
