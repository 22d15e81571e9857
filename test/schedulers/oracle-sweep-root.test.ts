// Root mode against the fluid oracle on seeded random worlds: the root OS's fair scheduler gives its
// busy threads and its guests' VMM threads their weighted max-min fair shares of the host's LPs,
// through nice values, cgroup weights, cpu.max and cpusets. Every world must match.
import { describe } from 'vitest';
import { sweepTests } from '../support/oracle-worlds.js';

describe('root shares are the fluid oracle\'s', () => sweepTests('root'));
