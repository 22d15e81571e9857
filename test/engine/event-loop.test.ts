import { describe, expect, test } from 'vitest';
import { EventLoop } from '../../src/engine/event-loop.js';

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
