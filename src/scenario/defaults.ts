// The value of every optional key. The resolver is the only code that applies them; the schema
// quotes them in its descriptions so editors show the same numbers.
import { MODES } from '../model/scenario.js';
import { ms, ns, sec } from '../model/time.js';

export const DEFAULTS = {
  description: '',
  duration: sec(10),
  seed: 1,
  modes: MODES,
  threadsPerCore: 1,
  smtThroughput: 1.25,
  quantum: ms(10),
  window: ms(100),
  wakeupPreemption: false,
  vmmCapabilities: 0x40n,
  integratedSchedulerEnabled: 1n,
  slice: 'auto',
  wakeupGranularity: ms(1),
  weight: 100,
  reserve: 0,
  limit: 100,
  threadCount: 1,
  nice: 0,
  cgroupWeight: 100,
  periodicOffset: ns(0),
} as const;
