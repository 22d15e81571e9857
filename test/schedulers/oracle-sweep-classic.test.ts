// The classic scheduler, with and without SMT, against the fluid oracle on seeded random worlds:
// every busy VP gets its weighted max-min fair share of the LPs it may use, within reserve and limit.
import { describe } from 'vitest';
import { sweepTests } from '../support/oracle-worlds.js';

// Worlds that still diverge from the oracle (issue 8 is open for them; see the note for
// their kinds): each must keep diverging until fixed, every other world must match.
const CLASSIC_DIVERGING = [147];
const NOSMT_DIVERGING = [147];

describe('classic shares are the fluid oracle\'s', () => sweepTests('classic', CLASSIC_DIVERGING));
describe('classic-nosmt shares are the fluid oracle\'s', () => sweepTests('classic-nosmt', NOSMT_DIVERGING));
