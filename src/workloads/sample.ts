import type { Random } from '../engine/random.js';
import type { Distribution } from '../model/scenario.js';

/** One draw, rounded to whole nanoseconds. */
export function sample(distribution: Distribution, random: Random): number {
  switch (distribution.kind) {
    case 'const':
      return distribution.value;
    case 'exp':
      return Math.round(-distribution.mean * Math.log(1 - random.nextFloat()));
    case 'uniform':
      return distribution.min + Math.round(random.nextFloat() * (distribution.max - distribution.min));
  }
}
