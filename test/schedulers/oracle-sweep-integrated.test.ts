// The integrated scheduler against the fluid oracle on seeded random worlds: an L1VH's OS gives its
// busy threads and its children's VMM threads their weighted max-min fair shares of its vCPUs,
// through nice values, cgroup weights, cpu.max and cpusets, whatever runs on the host's other cores.
// Every world must match.
import { describe } from 'vitest';
import { sweepTests } from '../support/oracle-worlds.js';

describe('integrated shares are the fluid oracle\'s', () => sweepTests('integrated'));
