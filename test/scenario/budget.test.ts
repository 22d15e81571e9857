import { describe, expect, test } from 'vitest';
import { checkRecordingSize } from '../../src/scenario/budget.js';
import { load } from './helpers.js';

const TRACE = { flag: '--trace', windowFlag: '--trace-window', bytesPerEvent: 64 };

describe('checkRecordingSize', () => {
  // 4 VPs × 2 events per 100 ns over 100 ms: 8e6 events, plus the quantum and window ends.
  const scenario = load('host: { cores: 2 }\nduration: 100ms\nmodes: [core]\npartitions:\n  - { name: vm, kind: guest, vps: 4, workload: { type: poisson, interval: 100ns, work: 50ns } }\n');

  test('takes a window whose estimate fits the limit', () => {
    expect(checkRecordingSize(scenario, TRACE, { from: 0, to: 40_000_000 })).toBeNull();
  });

  test('refuses one that does not, pro rata over the window', () => {
    expect(checkRecordingSize(scenario, TRACE, { from: 0, to: 100_000_000 })).toMatch(/^--trace: refused: about 8\.0e6 events in 0ns\.\.100ms under 1 mode, about 488 MiB, above the limit of 256 MiB: shorten --trace-window \(about 50ms fits/);
    expect(checkRecordingSize(scenario, TRACE, { from: 50_000_000, to: 100_000_000 })).toBeNull();
  });
});
