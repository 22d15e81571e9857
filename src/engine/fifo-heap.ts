// A priority queue of small integer ids by key, first in first out among equal keys, with O(1)
// removal of any member. Schedulers queue entities by virtual runtime, and entities that ran the
// same slices tie in cohorts (64 VPs expiring together all carry the same runtime); so members
// live in FIFO buckets of equal key, and only the buckets are heap-ordered, by (key, creation).
// A cohort pushed back to back shares one bucket, which makes the common case O(1) and keeps the
// heap as small as the number of distinct keys waiting.
//
// A member's key is given when it is pushed and kept with its bucket. Several queues may share
// the id space: the per-id links are passed in, and an id is in at most one queue at a time.

import { bug } from './bug.js';

/** Per-id links shared by every queue over the same ids; create one per id space. */
export class FifoLinks {
  next: Int32Array;
  prev: Int32Array;
  /** The bucket an id is queued in (an index into its queue's buckets), or -1. */
  bucket: Int32Array;
  /** The queue an id is in, or -1. */
  owner: Int32Array;
  #queues = 0;

  constructor(ids: number) {
    this.next = new Int32Array(ids).fill(-1);
    this.prev = new Int32Array(ids).fill(-1);
    this.bucket = new Int32Array(ids).fill(-1);
    this.owner = new Int32Array(ids).fill(-1);
  }

  get capacity(): number {
    return this.next.length;
  }

  /** Makes room for ids up to `ids` − 1. */
  grow(ids: number): void {
    const widen = (array: Int32Array): Int32Array => {
      const wider = new Int32Array(ids).fill(-1);
      wider.set(array);
      return wider;
    };
    this.next = widen(this.next);
    this.prev = widen(this.prev);
    this.bucket = widen(this.bucket);
    this.owner = widen(this.owner);
  }

  /** A number for a new queue over these ids. */
  register(): number {
    return this.#queues++;
  }
}

export class FifoHeap {
  readonly #id: number;
  readonly #links: FifoLinks;
  // Buckets, by index: key, creation number, first and last member, heap position.
  #bucketKey = new Float64Array(4);
  #bucketSeq = new Float64Array(4);
  #bucketHead = new Int32Array(4);
  #bucketTail = new Int32Array(4);
  #bucketAt = new Int32Array(4);
  #free: number[] = [];
  #bucketCount = 0;
  #nextSeq = 0;
  /**
   * Bucket indices in heap order, and beside them each one's key and creation number: a sift
   * compares neighbouring slots of these arrays instead of reaching into the buckets' own.
   */
  #heap = new Int32Array(4);
  #heapKey = new Float64Array(4);
  #heapSeq = new Float64Array(4);
  #heapSize = 0;
  /** Heap slots still to visit in `firstExcept`: at most three buckets' children. */
  readonly #frontier = new Int32Array(6);
  /**
   * The bucket the last push went to, or -1 once it is dropped: a cohort pushed back to back
   * joins it without a search. It is always the newest bucket: only a push creates one, and
   * only a requeue renews one.
   */
  #lastBucket = -1;
  #size = 0;

  constructor(links: FifoLinks) {
    this.#links = links;
    this.#id = links.register();
  }

  get size(): number {
    return this.#size;
  }

  has(id: number): boolean {
    return this.#links.owner[id] === this.#id;
  }

  /** The key of the first member; only meaningful when the queue is not empty. */
  peekKey(): number {
    return this.#heapKey[0]!;
  }

  /** The first member by (key, queueing order), or -1 when empty. */
  peek(): number {
    return this.#heapSize > 0 ? this.#bucketHead[this.#heap[0]!]! : -1;
  }

  /** The first member in `pop` order that is neither `a` nor `b`, or -1 if there is none. */
  firstExcept(a: number, b: number): number {
    // Two members left out fill at most two buckets: the answer is in one of the first three
    // buckets in heap order, visited best-first from the root.
    const frontier = this.#frontier;
    let count = 0;
    if (this.#heapSize > 0) frontier[count++] = 0;
    for (let rank = 0; rank < 3 && count > 0; rank++) {
      let least = 0;
      for (let i = 1; i < count; i++) if (this.#beforeAt(frontier[i]!, frontier[least]!)) least = i;
      const at = frontier[least]!;
      frontier[least] = frontier[--count]!;
      for (let id = this.#bucketHead[this.#heap[at]!]!; id >= 0; id = this.#links.next[id]!) if (id !== a && id !== b) return id;
      if (2 * at + 1 < this.#heapSize) frontier[count++] = 2 * at + 1;
      if (2 * at + 2 < this.#heapSize) frontier[count++] = 2 * at + 2;
    }
    return -1;
  }

  /** Queues `id` behind every member with a key ≤ `key`. */
  push(id: number, key: number): void {
    const links = this.#links;
    if (links.owner[id] !== -1) bug('id', id, 'is already queued');
    let bucket = this.#lastBucket;
    // Joining the newest bucket, when it has this key, keeps FIFO order among equal keys the
    // order of pushes.
    if (bucket < 0 || this.#bucketKey[bucket] !== key) bucket = this.#newBucket(key);
    const tail = this.#bucketTail[bucket]!;
    links.prev[id] = tail;
    links.next[id] = -1;
    if (tail >= 0) links.next[tail] = id;
    else this.#bucketHead[bucket] = id;
    this.#bucketTail[bucket] = id;
    links.bucket[id] = bucket;
    links.owner[id] = this.#id;
    this.#lastBucket = bucket;
    this.#size++;
  }

  /** Dequeues the first member: the head of the first bucket, so no search and no checks. */
  pop(): number {
    if (this.#heapSize === 0) bug('popping an empty queue');
    const links = this.#links;
    const bucket = this.#heap[0]!;
    const id = this.#bucketHead[bucket]!;
    const next = links.next[id]!;
    links.owner[id] = -1;
    links.bucket[id] = -1;
    this.#size--;
    if (next < 0) this.#dropBucket(bucket);
    else {
      links.prev[next] = -1;
      this.#bucketHead[bucket] = next;
    }
    return id;
  }

  /**
   * Queues `id` again at `key`, behind every member with a key ≤ `key`, whether or not it was
   * queued: as `remove` then `push`. A member alone in its bucket (events at distinct times)
   * keeps the bucket, re-keyed and made the newest, which costs one sift instead of two.
   */
  requeue(id: number, key: number): void {
    const links = this.#links;
    if (links.owner[id] !== this.#id) {
      this.push(id, key);
      return;
    }
    const bucket = links.bucket[id]!;
    if (this.#bucketHead[bucket] !== id || this.#bucketTail[bucket] !== id) {
      this.remove(id);
      this.push(id, key);
      return;
    }
    const was = this.#bucketKey[bucket]!;
    this.#bucketKey[bucket] = key;
    this.#bucketSeq[bucket] = this.#nextSeq++;
    this.#lastBucket = bucket;
    // A newer creation number only ever moves a bucket later among equal keys.
    if (key < was) this.#up(this.#bucketAt[bucket]!, bucket);
    else this.#down(this.#bucketAt[bucket]!, bucket);
  }

  remove(id: number): void {
    const links = this.#links;
    if (links.owner[id] !== this.#id) bug('id', id, 'is not in this queue');
    const bucket = links.bucket[id]!;
    const prev = links.prev[id]!;
    const next = links.next[id]!;
    if (prev >= 0) links.next[prev] = next;
    else this.#bucketHead[bucket] = next;
    if (next >= 0) links.prev[next] = prev;
    else this.#bucketTail[bucket] = prev;
    links.owner[id] = -1;
    links.bucket[id] = -1;
    this.#size--;
    if (this.#bucketHead[bucket]! < 0) this.#dropBucket(bucket);
  }

  #newBucket(key: number): number {
    let bucket = this.#free.pop();
    if (bucket === undefined) {
      bucket = this.#bucketCount++;
      if (bucket >= this.#bucketKey.length) this.#growBuckets();
    }
    this.#bucketKey[bucket] = key;
    this.#bucketSeq[bucket] = this.#nextSeq++;
    this.#bucketHead[bucket] = -1;
    this.#bucketTail[bucket] = -1;
    if (this.#heapSize >= this.#heap.length) this.#growHeap();
    this.#up(this.#heapSize++, bucket);
    return bucket;
  }

  #dropBucket(bucket: number): void {
    const at = this.#bucketAt[bucket]!;
    this.#bucketAt[bucket] = -1;
    this.#free.push(bucket);
    if (this.#lastBucket === bucket) this.#lastBucket = -1;
    const last = --this.#heapSize;
    if (at === last) return;
    const moved = this.#heap[last]!;
    if (at > 0 && this.#beforeAt(last, (at - 1) >> 1)) this.#up(at, moved);
    else this.#down(at, moved);
  }

  /** Whether the bucket at heap slot `a` comes before the one at slot `b`. */
  #beforeAt(a: number, b: number): boolean {
    return this.#precedes(this.#heapKey[a]!, this.#heapSeq[a]!, b);
  }

  /** Whether a bucket of `key` created `seq`th comes before the one at heap slot `at`. */
  #precedes(key: number, seq: number, at: number): boolean {
    const other = this.#heapKey[at]!;
    return key < other || (key === other && seq < this.#heapSeq[at]!);
  }

  #up(from: number, bucket: number): void {
    const heap = this.#heap;
    const keys = this.#heapKey;
    const seqs = this.#heapSeq;
    const key = this.#bucketKey[bucket]!;
    const seq = this.#bucketSeq[bucket]!;
    let at = from;
    while (at > 0) {
      const parentAt = (at - 1) >> 1;
      if (!this.#precedes(key, seq, parentAt)) break;
      const parent = heap[parentAt]!;
      heap[at] = parent;
      keys[at] = keys[parentAt]!;
      seqs[at] = seqs[parentAt]!;
      this.#bucketAt[parent] = at;
      at = parentAt;
    }
    heap[at] = bucket;
    keys[at] = key;
    seqs[at] = seq;
    this.#bucketAt[bucket] = at;
  }

  #down(from: number, bucket: number): void {
    const heap = this.#heap;
    const keys = this.#heapKey;
    const seqs = this.#heapSeq;
    const size = this.#heapSize;
    const key = this.#bucketKey[bucket]!;
    const seq = this.#bucketSeq[bucket]!;
    let at = from;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      if (child + 1 < size && this.#beforeAt(child + 1, child)) child++;
      // Creation numbers are unique, so not after the child is before it.
      if (this.#precedes(key, seq, child)) break;
      const best = heap[child]!;
      heap[at] = best;
      keys[at] = keys[child]!;
      seqs[at] = seqs[child]!;
      this.#bucketAt[best] = at;
      at = child;
    }
    heap[at] = bucket;
    keys[at] = key;
    seqs[at] = seq;
    this.#bucketAt[bucket] = at;
  }

  #growHeap(): void {
    this.#heap = doubled(this.#heap);
    this.#heapKey = doubled(this.#heapKey);
    this.#heapSeq = doubled(this.#heapSeq);
  }

  #growBuckets(): void {
    this.#bucketKey = doubled(this.#bucketKey);
    this.#bucketSeq = doubled(this.#bucketSeq);
    this.#bucketHead = doubled(this.#bucketHead);
    this.#bucketTail = doubled(this.#bucketTail);
    this.#bucketAt = doubled(this.#bucketAt);
  }
}

/** `array` copied into one twice as long, the rest zero. */
function doubled<T extends Float64Array | Int32Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
