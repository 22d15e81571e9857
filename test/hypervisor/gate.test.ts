import { describe, expect, test } from 'vitest';
import {
  HV_PARTITION_PROPERTY_INTEGRATED_SCHEDULER_ENABLED,
  HV_PARTITION_PROPERTY_VMM_CAPABILITIES,
  VMM_CAPABILITIES_LAYOUT,
  VMM_CAPABILITY_FIELDS,
  decideGate,
  decodeBank0,
} from '../../src/hypervisor/gate.js';
import type { PropertyRead } from '../../src/model/scenario.js';

const value = (v: bigint): PropertyRead => ({ kind: 'value', value: v });
const UNREADABLE: PropertyRead = { kind: 'unreadable' };
const U64_MAX = (1n << 64n) - 1n;

describe('decideGate: the L1VH truth table of mshv (domain.md §4.1)', () => {
  test.each([
    // caps, property, outcome, l1vhScheduler, driverLoaded, hv_scheduler_type, property queried, property read
    ['caps unreadable', UNREADABLE, value(1n), 'driver-failed', 'core', false, null, false, null],
    ['caps unreadable, property unreadable', UNREADABLE, UNREADABLE, 'driver-failed', 'core', false, null, false, null],
    ['bit 6 clear', value(0n), value(1n), 'core', 'core', true, 3, false, null],
    ['bit 6 clear, every other bit set', value(U64_MAX ^ 0x40n), value(1n), 'core', 'core', true, 3, false, null],
    ['bit 6 clear, property unreadable (never read)', value(0x3fn), UNREADABLE, 'core', 'core', true, 3, false, null],
    ['bit 6 set, property unreadable', value(0x40n), UNREADABLE, 'driver-failed', 'core', false, null, true, 'failed'],
    ['bit 6 set, property 0', value(0x40n), value(0n), 'core', 'core', true, 3, true, 'ok'],
    ['bit 6 set, property 1', value(0x40n), value(1n), 'integrated', 'root', true, 4, true, 'ok'],
    ['bit 6 set, property 2 (any non-zero)', value(0x40n), value(2n), 'integrated', 'root', true, 4, true, 'ok'],
    ['bit 6 set, property u64 max', value(0x40n), value(U64_MAX), 'integrated', 'root', true, 4, true, 'ok'],
    ['every bit set, property 1', value(U64_MAX), value(1n), 'integrated', 'root', true, 4, true, 'ok'],
  ] as const)('%s', (_, caps, property, outcome, l1vhScheduler, driverLoaded, type, queried, read) => {
    const decision = decideGate(caps, property);
    expect(decision.outcome).toBe(outcome);
    expect(decision.l1vhScheduler).toBe(l1vhScheduler);
    expect(decision.driverLoaded).toBe(driverLoaded);
    expect(decision.hvSchedulerType?.value ?? null).toBe(type);
    expect(decision.integratedSchedulerEnabled.queried).toBe(queried);
    expect(decision.integratedSchedulerEnabled.read).toBe(read);
    expect(decision.reason).toMatch(/^[A-Z][^\n]*\.$/);
  });

  test('the scenario defaults (caps 0x40, property 1) open the gate', () => {
    const decision = decideGate(value(0x40n), value(1n));
    expect(decision).toMatchObject({
      outcome: 'integrated',
      l1vhScheduler: 'root',
      driverLoaded: true,
      hvSchedulerType: { value: 4, name: 'HV_SCHEDULER_TYPE_ROOT' },
      vmmCapabilities: { code: '0x00090007', read: 'ok', bank0: '0x40' },
      integratedSchedulerEnabled: { code: '0x00020005', queried: true, read: 'ok', value: '0x1' },
    });
    expect(decision.steps.map((step) => step.kind)).toEqual(['read-vmm-capabilities', 'test-capability-bit', 'read-property', 'test-property']);
  });

  test('a clear bit 6 stops the path before the property is read', () => {
    const decision = decideGate(value(0n), value(1n));
    expect(decision.steps.map((step) => step.kind)).toEqual(['read-vmm-capabilities', 'test-capability-bit']);
    expect(decision.integratedSchedulerEnabled.value).toBeNull();
    expect(decision.hvSchedulerType).toEqual({ value: 3, name: 'HV_SCHEDULER_TYPE_CORE_SMT' });
    expect(decision.reason).toContain('vmm_enable_integrated_scheduler');
  });

  test('a failed capability read stops the path at the first step and decodes nothing', () => {
    const decision = decideGate(UNREADABLE, value(1n));
    expect(decision.steps.map((step) => step.kind)).toEqual(['read-vmm-capabilities']);
    expect(decision.vmmCapabilities).toMatchObject({ read: 'failed', bank0: null, bits: [] });
    expect(decision.hvSchedulerType).toBeNull();
    expect(decision.reason).toContain('no child partition can run');
  });

  test('a failed property read is reported as failed, not as zero', () => {
    const decision = decideGate(value(0x40n), UNREADABLE);
    expect(decision.integratedSchedulerEnabled).toMatchObject({ queried: true, read: 'failed', value: null });
    expect(decision.steps.at(-1)?.kind).toBe('read-property');
  });

  test('the decision is plain JSON: it survives a round trip unchanged and holds no bigint', () => {
    for (const [caps, property] of [
      [value(U64_MAX), value(U64_MAX)],
      [UNREADABLE, UNREADABLE],
      [value(0x40n), UNREADABLE],
      [value(0n), value(0n)],
    ] as const) {
      const decision = decideGate(caps, property);
      expect(JSON.parse(JSON.stringify(decision))).toEqual(decision);
    }
  });

  test('a value outside u64 is a bug upstream of the gate and throws', () => {
    expect(() => decideGate(value(-1n), value(1n))).toThrow(RangeError);
    expect(() => decideGate(value(0x40n), value(1n << 64n))).toThrow(RangeError);
  });
});

describe('bank 0 of the VMM capabilities', () => {
  test('the layout names every bit from 0 to 63 exactly once, as hvhdk_mini.h after the patch', () => {
    let next = 0;
    for (const field of VMM_CAPABILITY_FIELDS) {
      expect(field.lsb).toBe(next);
      next += field.width;
    }
    expect(next).toBe(64);
    expect(VMM_CAPABILITY_FIELDS.map((field) => field.name)).toEqual([
      'map_gpa_preserve_adjustable',
      'vmm_can_provide_overlay_gpfn',
      'vp_affinity_property',
      'vmm_can_provide_gic_overlay_locations',
      'assignable_synthetic_proc_features',
      'reservedbit5',
      'vmm_enable_integrated_scheduler',
      'reserved0',
    ]);
    expect(VMM_CAPABILITY_FIELDS.at(-1)?.width).toBe(VMM_CAPABILITIES_LAYOUT.reservedBitfieldCount);
    expect(VMM_CAPABILITIES_LAYOUT.fields.reduce((size, field) => size + field.size, 0)).toBe(VMM_CAPABILITIES_LAYOUT.sizeBytes);
    expect(HV_PARTITION_PROPERTY_VMM_CAPABILITIES).toBe(0x00090007);
    expect(HV_PARTITION_PROPERTY_INTEGRATED_SCHEDULER_ENABLED).toBe(0x00020005);
  });

  test.each([
    [0, 'map_gpa_preserve_adjustable', '0x1'],
    [1, 'vmm_can_provide_overlay_gpfn', '0x2'],
    [2, 'vp_affinity_property', '0x4'],
    [3, 'vmm_can_provide_gic_overlay_locations', '0x8'],
    [4, 'assignable_synthetic_proc_features', '0x10'],
    [5, 'reservedbit5', '0x20'],
    [6, 'vmm_enable_integrated_scheduler', '0x40'],
  ] as const)('bit %i alone decodes as %s, mask %s, and nothing else', (bit, name, mask) => {
    const bits = decodeBank0(1n << BigInt(bit));
    expect(bits.filter((field) => field.set).map((field) => field.name)).toEqual([name]);
    expect(bits.find((field) => field.name === name)).toMatchObject({ lsb: bit, width: 1, mask, value: '0x1', set: true });
  });

  test.each([7, 8, 31, 32, 63])('high bit %i lands in reserved0, shifted down as C reads the bitfield', (bit) => {
    const bits = decodeBank0(1n << BigInt(bit));
    expect(bits.filter((field) => field.set).map((field) => field.name)).toEqual(['reserved0']);
    expect(bits.at(-1)?.value).toBe(`0x${(1n << BigInt(bit - 7)).toString(16)}`);
  });

  test('0xffffffffffffffff sets every field; reserved0 holds 57 ones', () => {
    const bits = decodeBank0(U64_MAX);
    expect(bits.every((field) => field.set)).toBe(true);
    expect(bits.at(-1)).toMatchObject({ name: 'reserved0', lsb: 7, width: 57, mask: '0xffffffffffffff80', value: '0x1ffffffffffffff', reserved: true });
    expect(decideGate(value(U64_MAX), value(1n)).vmmCapabilities.bank0).toBe('0xffffffffffffffff');
  });

  test('reserved bits set do not change the decision', () => {
    expect(decideGate(value(0xffffffffffffffa0n), value(1n)).outcome).toBe('core');
    expect(decideGate(value(0xffffffffffffffc0n), value(1n)).outcome).toBe('integrated');
  });

  test('bit 3 carries its architecture note', () => {
    expect(decodeBank0(0n)[3]?.note).toContain('reservedbit3');
  });
});
