import { describe, expect, test } from 'vitest';
import { decideGate } from '../../src/hypervisor/gate.js';
import type { PropertyRead } from '../../src/model/scenario.js';
import { ms } from '../../src/model/time.js';
import { integratedGateOpens } from '../../src/scenario/reserve-admission.js';

const read = (value: bigint): PropertyRead => ({ kind: 'value', value });
const UNREADABLE: PropertyRead = { kind: 'unreadable' };
const CAPS = { unreadable: UNREADABLE, '0x0': read(0n), '0x1f': read(0x1fn), '0x40': read(0x40n), '0xff': read(0xffn) };
const PROPERTIES = { unreadable: UNREADABLE, '0': read(0n), '1': read(1n), '7': read(7n) };
const READS = Object.entries(CAPS).flatMap(([caps, vmmCapabilities]) =>
  Object.entries(PROPERTIES).map(([property, integratedSchedulerEnabled]) => ({ caps, property, vmmCapabilities, integratedSchedulerEnabled })),
);

describe('reserve admission leaves out the L1VHs of integrated exactly where the mshv driver picks the integrated scheduler', () => {
  test.each(READS)('caps $caps, property $property', ({ vmmCapabilities, integratedSchedulerEnabled }) => {
    const hypervisor = { quantum: ms(10), window: ms(100), wakeupPreemption: false, vmmCapabilities, integratedSchedulerEnabled };
    const picked = decideGate(vmmCapabilities, integratedSchedulerEnabled).outcome === 'integrated';
    expect(integratedGateOpens(hypervisor)).toBe(picked);
  });
});
