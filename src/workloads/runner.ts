// One workload instance (a VP's or a thread's): it draws burst arrivals from its own random
// stream, queues bursts that arrive before the previous one finished, and records each burst's
// wake-up latency (arrival → first real execution) and response time (arrival → completion).
//
// The queue is not stored. Arrivals never wait for completions (MODEL.md §3), so a workload that
// gets less CPU than it asks for queues bursts for as long as the run lasts; but every burst is a
// function of the random stream alone. So the runner keeps a second copy of its burst source that
// lags behind, at the burst after the head, and draws each queued burst again when it reaches the
// head: memory stays the same whatever the backlog, and every draw is the one a queue would hold.
import { bug } from '../engine/bug.js';
import type { Random } from '../engine/random.js';
import type { Workload } from '../model/scenario.js';
import { Histogram } from '../metrics/histogram.js';
import { sample } from './sample.js';
import { FULL_SPEED } from './work.js';

const NO_ARRIVAL = Number.POSITIVE_INFINITY;

/** The bursts of a workload in arrival order: `at` and `work` are the next one's. */
class BurstSource {
  at = NO_ARRIVAL;
  /** In nanoseconds at full speed. */
  work = 0;
  traceIndex = 0;
  readonly #workload: Workload;
  readonly random: Random;

  constructor(workload: Workload, random: Random) {
    this.#workload = workload;
    this.random = random;
  }

  copyFrom(other: BurstSource): void {
    this.at = other.at;
    this.work = other.work;
    this.traceIndex = other.traceIndex;
    this.random.copyFrom(other.random);
  }

  /** Draws the first burst. */
  start(): void {
    const workload = this.#workload;
    switch (workload.kind) {
      case 'periodic':
        this.#plan(sample(workload.offset, this.random), sample(workload.work, this.random));
        break;
      case 'onoff':
        this.#plan(0, sample(workload.on, this.random));
        break;
      case 'poisson':
        this.#plan(sample(workload.interval, this.random), sample(workload.work, this.random));
        break;
      case 'trace':
        this.#planTrace(workload);
        break;
      case 'busy':
      case 'idle':
        break;
    }
  }

  /** The next burst arrived: draws the one after it. */
  advance(): void {
    const workload = this.#workload;
    const now = this.at;
    switch (workload.kind) {
      case 'periodic':
        this.#plan(now + sample(workload.period, this.random), sample(workload.work, this.random));
        break;
      case 'onoff':
        // the on phase is the burst: the next one starts after it and the off phase
        this.#plan(now + this.work + sample(workload.off, this.random), sample(workload.on, this.random));
        break;
      case 'poisson':
        this.#plan(now + sample(workload.interval, this.random), sample(workload.work, this.random));
        break;
      case 'trace':
        this.#planTrace(workload);
        break;
      case 'busy':
      case 'idle':
        bug(`a ${workload.kind} workload has no arrivals`);
    }
  }

  #plan(at: number, work: number): void {
    this.at = at;
    this.work = Math.max(1, work);
  }

  #planTrace(workload: Workload & { kind: 'trace' }): void {
    const burst = workload.bursts[this.traceIndex++];
    if (burst === undefined) this.at = NO_ARRIVAL;
    else this.#plan(burst.at, burst.work);
  }
}

export class WorkloadRunner {
  readonly workload: Workload;
  readonly wakeup = new Histogram();
  readonly response = new Histogram();
  /** Time of the next burst arrival; +Infinity when the workload has no more. */
  nextArrivalAt = NO_ARRIVAL;
  /** Units of work left in the burst at the head of the queue (+Infinity for `busy`). */
  headRemaining = 0;
  /** The next burst to arrive. */
  readonly #source: BurstSource;
  /** While bursts are queued: the one behind the head. */
  readonly #behindHead: BurstSource;
  #headArrival = 0;
  #length = 0;
  #headStarted = false;

  constructor(workload: Workload, random: Random) {
    this.workload = workload;
    this.#source = new BurstSource(workload, random);
    this.#behindHead = new BurstSource(workload, random.clone());
    if (workload.kind === 'busy') {
      this.headRemaining = Number.POSITIVE_INFINITY;
      this.#length = 1;
      this.#headStarted = true;
      return;
    }
    this.#source.start();
    this.nextArrivalAt = this.#source.at;
  }

  get hasWork(): boolean {
    return this.#length > 0;
  }

  /** Whether this workload keeps latency records (everything but `busy` and `idle`). */
  get hasBursts(): boolean {
    return this.workload.kind !== 'busy' && this.workload.kind !== 'idle';
  }

  /** Queues the burst due now and draws the next one; true if the workload just became runnable. */
  arrive(now: number): boolean {
    const source = this.#source;
    if (now !== source.at) bug('a burst due at', source.at, 'arrived at', now);
    const wasIdle = this.#length === 0;
    if (wasIdle) {
      this.#headArrival = now;
      this.headRemaining = source.work * FULL_SPEED;
      this.#headStarted = false;
    }
    this.#length++;
    source.advance();
    if (wasIdle) this.#behindHead.copyFrom(source);
    this.nextArrivalAt = source.at;
    return wasIdle;
  }

  /** Called whenever the head burst is really executing: the first call records its wake-up latency. */
  markExecuting(now: number): void {
    if (this.#headStarted) return;
    this.#headStarted = true;
    this.wakeup.record(now - this.#headArrival);
  }

  /** Retires the finished head burst; true if another burst is queued behind it. */
  completeHead(now: number): boolean {
    if (this.headRemaining > 0) throw new Error('Bug: completing a burst with work left');
    this.response.record(now - this.#headArrival);
    this.#length--;
    this.#headStarted = false;
    if (this.#length === 0) {
      this.headRemaining = 0;
      return false;
    }
    const next = this.#behindHead;
    this.#headArrival = next.at;
    this.headRemaining = next.work * FULL_SPEED;
    next.advance();
    return true;
  }

  /** Bursts waiting, the head included. */
  get backlog(): number {
    return this.#length;
  }
}
