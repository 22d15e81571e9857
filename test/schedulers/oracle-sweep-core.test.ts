// The core scheduler against the fluid oracle on seeded random worlds: every busy virtual core gets
// its weighted max-min fair share of the cores it may use, within reserve and limit.
import { describe } from 'vitest';
import { sweepTests } from '../support/oracle-worlds.js';

describe('core shares are the fluid oracle\'s', () => sweepTests('core'));
