import { expect, test } from 'vitest';
import { buildWorld, WORLD_FAMILIES } from '../../bench/mixed-worlds.js';
import { growthExponent, SIZES } from '../../bench/scaling.js';

test('the growth exponent of an exact power law is its power', () => {
  for (const k of [-0.5, 0, 0.25]) {
    expect(growthExponent(SIZES.map((cores) => ({ cores, eventsPerS: 3e6 * cores ** k })))).toBeCloseTo(k, 10);
  }
});

test.each(WORLD_FAMILIES)('world (%s) is a valid scenario at every benchmarked size, with 4 guest VPs per core it hosts guests on', (family) => {
  for (const cores of SIZES) {
    const world = buildWorld(family, cores, 1000);
    expect(world.host.cores).toBe(cores);
    const guestVps = world.partitions.filter((p) => p.kind === 'guest').reduce((n, p) => n + (p.kind === 'guest' ? p.vps : 0), 0);
    expect(guestVps).toBe(4 * (family === 'c' ? cores / 2 : cores));
  }
});
