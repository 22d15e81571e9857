import { describe, expect, test } from 'vitest';
import { EventLoop } from '../../src/engine/event-loop.js';
import { Random } from '../../src/engine/random.js';

function recorder(): { loop: EventLoop; fired: [number, number][] } {
  const fired: [number, number][] = [];
  const loop = new EventLoop((slot, now) => fired.push([slot, now]));
  return { loop, fired };
}

describe('event loop', () => {
  test('fires in time order and breaks ties by arming order, never by slot number', () => {
    const { loop, fired } = recorder();
    const slots = Array.from({ length: 12 }, () => loop.allocSlot());
    // Arm slot 10 before slot 9 at the same time: string ids would sort "10" < "9" wrongly too.
    loop.schedule(slots[10]!, 5);
    loop.schedule(slots[9]!, 5);
    loop.schedule(slots[2]!, 3);
    loop.schedule(slots[0]!, 7);
    loop.run(100);
    expect(fired).toEqual([
      [2, 3],
      [10, 5],
      [9, 5],
      [0, 7],
    ]);
  });

  test('re-arming replaces the pending event and cancelling drops it', () => {
    const { loop, fired } = recorder();
    const a = loop.allocSlot();
    const b = loop.allocSlot();
    loop.schedule(a, 10);
    loop.schedule(a, 20);
    loop.schedule(b, 15);
    loop.cancel(b);
    expect(loop.isArmed(b)).toBe(false);
    loop.run(100);
    expect(fired).toEqual([[a, 20]]);
    expect(loop.processed).toBe(1);
  });

  test('events at exactly the horizon are not processed and the clock ends at the horizon', () => {
    const { loop, fired } = recorder();
    const a = loop.allocSlot();
    const b = loop.allocSlot();
    loop.schedule(a, 99);
    loop.schedule(b, 100);
    loop.run(100);
    expect(fired).toEqual([[a, 99]]);
    expect(loop.now).toBe(100);
  });

  test('an event armed from a handler at the current time still fires, after the current one', () => {
    const fired: number[] = [];
    const loop: EventLoop = new EventLoop((slot, now) => {
      fired.push(slot);
      if (slot === 0) loop.schedule(1, now);
    });
    loop.allocSlot();
    loop.allocSlot();
    loop.schedule(0, 5);
    loop.run(10);
    expect(fired).toEqual([0, 1]);
  });

  test('scheduling in the past is a bug', () => {
    const loop: EventLoop = new EventLoop(() => {
      expect(() => loop.schedule(0, 1)).toThrow(/in the past/);
    });
    loop.allocSlot();
    loop.schedule(0, 5);
    loop.run(10);
  });

  test('re-arming far-future events leaves nothing behind: pending events stay bounded', () => {
    const slots = 8;
    let fires = 0;
    const loop: EventLoop = new EventLoop((slot, now) => {
      fires++;
      // Each tick re-arms a far-future event on the other slots: a queue with lazy deletion
      // would keep an entry per re-arm until its far-away time.
      for (let other = 1; other < slots; other++) loop.schedule(other, now + 1e12);
      if (slot === 0) loop.schedule(0, now + 1);
    });
    for (let i = 0; i < slots; i++) loop.allocSlot();
    loop.schedule(0, 1);
    loop.run(200_000);
    expect(fires).toBe(199_999);
    expect(loop.pending).toBe(slots);
  });

  test('a heap of many random events pops in order', () => {
    const times: number[] = [];
    const loop = new EventLoop((_slot, now) => times.push(now));
    let x = 12345;
    for (let i = 0; i < 5000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      loop.schedule(loop.allocSlot(), x % 100_000);
    }
    loop.run(200_000);
    expect(times).toHaveLength(5000);
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
  });
});

describe('event loop lanes', () => {
  test('a lane fires among the heap events by time, equal times in arming order', () => {
    const { loop, fired } = recorder();
    const lane = loop.laneFor(5);
    const heap = [loop.allocSlot(), loop.allocSlot()];
    const laned = [loop.allocSlot(lane), loop.allocSlot(lane)];
    loop.schedule(heap[0]!, 5);
    loop.schedule(laned[0]!, 5);
    loop.schedule(heap[1]!, 5);
    loop.schedule(laned[1]!, 5);
    loop.run(100);
    expect(fired).toEqual([
      [heap[0], 5],
      [laned[0], 5],
      [heap[1], 5],
      [laned[1], 5],
    ]);
  });

  test('lanes are shared by delay and at most four are kept; the rest use the heap', () => {
    const loop = new EventLoop(() => undefined);
    const lanes = [1, 2, 3, 1, 4, 5].map((delay) => loop.laneFor(delay));
    expect(lanes).toEqual([0, 1, 2, 0, 3, -1]);
  });

  test('a slot of a lane armed other than its delay after now is a bug', () => {
    const loop = new EventLoop(() => undefined);
    const slot = loop.allocSlot(loop.laneFor(10));
    expect(() => loop.schedule(slot, 11)).toThrow(/lane of delay 10/);
  });

  test('re-arming and cancelling lane slots, as a heap-only loop would order them: random worlds', () => {
    // The same arms and cancels, from the same handler, on a loop whose slots of fixed delay are
    // in lanes and on one where every slot is in the heap: lanes must change no order.
    for (let world = 0; world < 40; world++) {
      const delays = [3, 7, 7, 10, 12, 20].slice(0, 1 + (world % 6));
      const play = (useLanes: boolean): [number, number][] => {
        const random = Random.fork(world, 'lanes');
        const pick = (count: number): number => random.nextUint32() % count;
        const fired: [number, number][] = [];
        const laneDelay: number[] = [];
        const loop: EventLoop = new EventLoop((slot, now) => {
          fired.push([slot, now]);
          for (let step = 0; step < 3; step++) {
            const other = pick(laneDelay.length);
            const choice = pick(4);
            if (choice === 0) loop.cancel(other);
            else if (laneDelay[other]! > 0) loop.schedule(other, now + laneDelay[other]!);
            else loop.schedule(other, now + pick(3) * 5);
          }
          if (laneDelay[slot]! > 0) loop.schedule(slot, now + laneDelay[slot]!);
        });
        for (let slot = 0; slot < 30; slot++) {
          const delay = slot % 3 === 0 ? 0 : delays[pick(delays.length)]!;
          laneDelay.push(delay);
          loop.allocSlot(useLanes && delay > 0 ? loop.laneFor(delay) : -1);
        }
        for (let slot = 0; slot < 30; slot++) loop.schedule(slot, laneDelay[slot]! > 0 ? laneDelay[slot]! : pick(20));
        loop.run(2000);
        fired.push([-1, loop.pending]);
        for (let slot = 0; slot < 30; slot++) fired.push([slot, loop.isArmed(slot) ? 1 : 0]);
        return fired;
      };
      const laned = play(true);
      expect(laned.length).toBeGreaterThan(200);
      expect(laned).toEqual(play(false));
    }
  });
});
