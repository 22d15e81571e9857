// One workload instance (a VP's or a thread's): it draws burst arrivals from its own random
// stream, queues bursts that arrive before the previous one finished, and records each burst's
// wake-up latency (arrival → first real execution) and response time (arrival → completion).
import type { Random } from '../engine/random.js';
import type { Workload } from '../model/scenario.js';
import { Histogram } from '../metrics/histogram.js';
import { sample } from './sample.js';
import { FULL_SPEED } from './work.js';

const NO_ARRIVAL = Number.POSITIVE_INFINITY;

export class WorkloadRunner {
  readonly workload: Workload;
  readonly wakeup = new Histogram();
  readonly response = new Histogram();
  /** Time of the next burst arrival; +Infinity when the workload has no more. */
  nextArrivalAt = NO_ARRIVAL;
  /** Units of work left in the burst at the head of the queue (+Infinity for `busy`). */
  headRemaining = 0;
  #random: Random;
  #nextWork = 0;
  #traceIndex = 0;
  #arrivals = new Float64Array(8);
  #works = new Float64Array(8);
  #head = 0;
  #length = 0;
  #headStarted = false;

  constructor(workload: Workload, random: Random) {
    this.workload = workload;
    this.#random = random;
    switch (workload.kind) {
      case 'busy':
        this.headRemaining = Number.POSITIVE_INFINITY;
        this.#length = 1;
        this.#headStarted = true;
        break;
      case 'idle':
        break;
      case 'periodic':
        this.#plan(sample(workload.offset, random), sample(workload.work, random));
        break;
      case 'onoff':
        this.#plan(0, sample(workload.on, random));
        break;
      case 'poisson':
        this.#plan(sample(workload.interval, random), sample(workload.work, random));
        break;
      case 'trace':
        this.#planTrace();
        break;
    }
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
    const wasIdle = this.#length === 0;
    const arrivedWork = this.#nextWork;
    this.#enqueue(now, arrivedWork * FULL_SPEED);
    const workload = this.workload;
    switch (workload.kind) {
      case 'periodic':
        this.#plan(now + sample(workload.period, this.#random), sample(workload.work, this.#random));
        break;
      case 'onoff':
        // the on phase is the burst: the next one starts after it and the off phase
        this.#plan(now + arrivedWork + sample(workload.off, this.#random), sample(workload.on, this.#random));
        break;
      case 'poisson':
        this.#plan(now + sample(workload.interval, this.#random), sample(workload.work, this.#random));
        break;
      case 'trace':
        this.#planTrace();
        break;
      case 'busy':
      case 'idle':
        throw new Error(`Bug: a ${workload.kind} workload has no arrivals`);
    }
    return wasIdle;
  }

  /** Called whenever the head burst is really executing: the first call records its wake-up latency. */
  markExecuting(now: number): void {
    if (this.#headStarted) return;
    this.#headStarted = true;
    this.wakeup.record(now - this.#arrivals[this.#head]!);
  }

  /** Retires the finished head burst; true if another burst is queued behind it. */
  completeHead(now: number): boolean {
    if (this.headRemaining > 0) throw new Error('Bug: completing a burst with work left');
    this.response.record(now - this.#arrivals[this.#head]!);
    this.#head = (this.#head + 1) % this.#arrivals.length;
    this.#length--;
    this.#headStarted = false;
    this.headRemaining = this.#length > 0 ? this.#works[this.#head]! : 0;
    return this.#length > 0;
  }

  /** Bursts waiting, the head included. */
  get backlog(): number {
    return this.#length;
  }

  #plan(at: number, work: number): void {
    this.nextArrivalAt = at;
    this.#nextWork = Math.max(1, work);
  }

  #planTrace(): void {
    if (this.workload.kind !== 'trace') return;
    const burst = this.workload.bursts[this.#traceIndex++];
    if (burst === undefined) {
      this.nextArrivalAt = NO_ARRIVAL;
      return;
    }
    this.#plan(burst.at, burst.work);
  }

  #enqueue(at: number, units: number): void {
    if (this.#length === this.#arrivals.length) this.#grow();
    const tail = (this.#head + this.#length) % this.#arrivals.length;
    this.#arrivals[tail] = at;
    this.#works[tail] = units;
    if (this.#length === 0) {
      this.headRemaining = units;
      this.#headStarted = false;
    }
    this.#length++;
  }

  #grow(): void {
    const capacity = this.#arrivals.length * 2;
    const arrivals = new Float64Array(capacity);
    const works = new Float64Array(capacity);
    for (let i = 0; i < this.#length; i++) {
      const from = (this.#head + i) % this.#arrivals.length;
      arrivals[i] = this.#arrivals[from]!;
      works[i] = this.#works[from]!;
    }
    this.#arrivals = arrivals;
    this.#works = works;
    this.#head = 0;
  }
}
