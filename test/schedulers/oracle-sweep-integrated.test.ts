// The integrated scheduler against the fluid oracle on seeded random worlds: an L1VH's OS gives its
// busy threads and its children's VMM threads their weighted max-min fair shares of its vCPUs,
// through nice values, cgroup weights, cpu.max and cpusets, whatever runs on the host's other cores.
import { describe } from 'vitest';
import { sweepTests } from '../support/oracle-worlds.js';

// Worlds that still diverge from the oracle (issue 8 is open for them; see the note for
// their kinds): each must keep diverging until fixed, every other world must match.
const DIVERGING = [27, 46, 85];

describe('integrated shares are the fluid oracle\'s', () => sweepTests('integrated', DIVERGING));
