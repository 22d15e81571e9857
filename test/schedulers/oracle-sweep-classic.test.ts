// The classic scheduler, with and without SMT, against the fluid oracle on seeded random worlds:
// every busy VP gets its weighted max-min fair share of the LPs it may use, within reserve and limit.
import { describe } from 'vitest';
import { sweepTests } from '../support/oracle-worlds.js';

// Worlds that still diverge from the oracle (issue 8 is open for them; see the note for
// their kinds): each must keep diverging until fixed, every other world must match.
const CLASSIC_DIVERGING = [4, 9, 12, 22, 23, 32, 39, 52, 54, 61, 110, 131, 135, 147, 171, 175, 177];
const NOSMT_DIVERGING = [4, 6, 7, 9, 22, 32, 38, 39, 43, 54, 57, 61, 66, 70, 75, 82, 129, 131, 133, 135, 147, 166, 171, 175, 192];

describe('classic shares are the fluid oracle\'s', () => sweepTests('classic', CLASSIC_DIVERGING));
describe('classic-nosmt shares are the fluid oracle\'s', () => sweepTests('classic-nosmt', NOSMT_DIVERGING));
