// The gate: how an L1VH's mshv driver picks its scheduler (MODEL.md §6). A pure model of
// `mshv_init_vmm_caps()` and `l1vh_retrieve_scheduler_type()` in `drivers/hv/mshv_root_main.c`
// after upstream commit 4bef6b28bab8 "mshv: Add support for integrated scheduler" (A. Pintilie,
// S. Kinsburskii; applied by Wei Liu on 2026-02-18, v5 at
// https://lore.kernel.org/r/177144189787.43429.7425661016523660268.stgit@skinsburskii-cloud-desktop.internal.cloudapp.net).
// The capability layout and the property codes are those of `include/hyperv/hvhdk_mini.h` after
// that patch; 0x00020005 is not yet in the public TLFS `HV_PARTITION_PROPERTY_CODE` list
// (learn.microsoft.com …/tlfs/datatypes/hv_partition_property_code), whose 0x00020000–4 are the
// other scheduling properties. Scenario keys: `hypervisor.vmmCapabilities` (bank 0) and
// `hypervisor.integratedSchedulerEnabled` (the property).
// Simplifications: only an L1VH is modelled (a root partition tolerates a failed capability
// read); who sets the bit and the property (the root partition) has no public API, so both are
// inputs; bit 3 is named for ARM64, the only architecture that gives it a name.
import type { PropertyRead } from '../model/scenario.js';

/** `enum hv_partition_property_code`: the two properties the gate reads. */
export const HV_PARTITION_PROPERTY_VMM_CAPABILITIES = 0x0009_0007;
export const HV_PARTITION_PROPERTY_INTEGRATED_SCHEDULER_ENABLED = 0x0002_0005;
/** The hypervisor's own name for 0x00020005 (Wei Liu's review of v4). */
export const INTEGRATED_SCHEDULER_ENABLED_INTERNAL_NAME = 'HvPartitionPropertyHierarchicalIntegratedSchedulerEnabled';

/** `enum hv_scheduler_type`: the same numbering in Linux, the Windows event log and the hypervisor. */
export const HV_SCHEDULER_TYPE = { LP: 1, LP_SMT: 2, CORE_SMT: 3, ROOT: 4 } as const;

/**
 * `struct hv_partition_property_vmm_capabilities`, `__packed`, 16 bytes. The gate only decodes
 * bank 0; the header is listed so the layout is on record next to the bits.
 */
export const VMM_CAPABILITIES_LAYOUT = {
  bankCount: 1,
  reservedBitfieldCount: 57,
  sizeBytes: 16,
  fields: [
    { name: 'bank_count', type: 'u16', offset: 0, size: 2 },
    { name: 'reserved', type: 'u16[3]', offset: 2, size: 6 },
    { name: 'as_uint64', type: 'u64[1]', offset: 8, size: 8 },
  ],
} as const;

export interface CapabilityFieldInfo {
  /** The bitfield's name in hvhdk_mini.h. */
  readonly name: string;
  /** Least-significant bit; the kernel's little-endian ABIs allocate bitfields from bit 0. */
  readonly lsb: number;
  readonly width: number;
  readonly reserved: boolean;
  readonly note?: string;
}

/** Bank 0, every bit from 0 to 63 exactly once. */
export const VMM_CAPABILITY_FIELDS = [
  { name: 'map_gpa_preserve_adjustable', lsb: 0, width: 1, reserved: false },
  { name: 'vmm_can_provide_overlay_gpfn', lsb: 1, width: 1, reserved: false },
  { name: 'vp_affinity_property', lsb: 2, width: 1, reserved: false },
  {
    name: 'vmm_can_provide_gic_overlay_locations',
    lsb: 3,
    width: 1,
    reserved: false,
    note: 'ARM64 only; reservedbit3 on x86-64',
  },
  { name: 'assignable_synthetic_proc_features', lsb: 4, width: 1, reserved: false },
  { name: 'reservedbit5', lsb: 5, width: 1, reserved: true },
  { name: 'vmm_enable_integrated_scheduler', lsb: 6, width: 1, reserved: false },
  { name: 'reserved0', lsb: 7, width: 57, reserved: true, note: '57 reserved bits' },
] as const satisfies readonly CapabilityFieldInfo[];

export type CapabilityFieldName = (typeof VMM_CAPABILITY_FIELDS)[number]['name'];

export const INTEGRATED_SCHEDULER_BIT = 6;

/** One bitfield of bank 0 as read. u64 quantities are hex strings: JSON numbers stop at 2^53. */
export interface DecodedField {
  readonly name: CapabilityFieldName;
  readonly lsb: number;
  readonly width: number;
  /** The field's mask within bank 0, e.g. "0x40". */
  readonly mask: string;
  /** The field's value shifted down to bit 0, as C reads the bitfield, e.g. "0x1". */
  readonly value: string;
  /** value ≠ 0. */
  readonly set: boolean;
  readonly reserved: boolean;
  /** The kernel header's remark on the field, or null where it has none. */
  readonly note: string | null;
}

export interface VmmCapabilitiesRead {
  readonly code: string;
  readonly name: 'HV_PARTITION_PROPERTY_VMM_CAPABILITIES';
  readonly read: 'ok' | 'failed';
  /** Bank 0 (`as_uint64[0]`) as hex, null when the read failed. */
  readonly bank0: string | null;
  /** Every bitfield of bank 0 in bit order; empty when the read failed. */
  readonly bits: readonly DecodedField[];
}

export interface IntegratedSchedulerEnabledRead {
  readonly code: string;
  readonly name: 'HV_PARTITION_PROPERTY_INTEGRATED_SCHEDULER_ENABLED';
  readonly internalName: typeof INTEGRATED_SCHEDULER_ENABLED_INTERNAL_NAME;
  /** The driver asks for the property only when capability bit 6 is set. */
  readonly queried: boolean;
  /** null when not queried. */
  readonly read: 'ok' | 'failed' | null;
  /** The u64 as hex, null unless read. */
  readonly value: string | null;
}

export type GateStepKind = 'read-vmm-capabilities' | 'test-capability-bit' | 'read-property' | 'test-property';

export interface GateStep {
  readonly kind: GateStepKind;
  /** One line, as the table prints it. */
  readonly text: string;
}

export type GateOutcome = GateDecision['outcome'];

interface GateCommon {
  /** One sentence: what was read and what followed. */
  readonly reason: string;
  readonly vmmCapabilities: VmmCapabilitiesRead;
  readonly integratedSchedulerEnabled: IntegratedSchedulerEnabledRead;
  readonly steps: readonly GateStep[];
}

/**
 * What the L1VH's driver decides. `l1vhScheduler` is who schedules the L1VH's children: "root"
 * = the L1VH's own OS (integrated scheduler), "core" = the hypervisor's core scheduler. When the
 * driver fails to load it is "core" too: the L1VH's own vCPUs stay core-scheduled, but no child
 * partition can be created, so none runs.
 */
export type GateDecision = GateCommon &
  (
    | {
        readonly outcome: 'integrated';
        readonly l1vhScheduler: 'root';
        readonly driverLoaded: true;
        readonly hvSchedulerType: { readonly value: 4; readonly name: 'HV_SCHEDULER_TYPE_ROOT' };
      }
    | {
        readonly outcome: 'core';
        readonly l1vhScheduler: 'core';
        readonly driverLoaded: true;
        readonly hvSchedulerType: { readonly value: 3; readonly name: 'HV_SCHEDULER_TYPE_CORE_SMT' };
      }
    | {
        readonly outcome: 'driver-failed';
        readonly l1vhScheduler: 'core';
        readonly driverLoaded: false;
        /** The driver fails before it logs a scheduler type. */
        readonly hvSchedulerType: null;
      }
  );

const U64_MAX = (1n << 64n) - 1n;
const CAPS_CODE = hex32(HV_PARTITION_PROPERTY_VMM_CAPABILITIES);
const PROPERTY_CODE = hex32(HV_PARTITION_PROPERTY_INTEGRATED_SCHEDULER_ENABLED);
const CORE = { value: HV_SCHEDULER_TYPE.CORE_SMT, name: 'HV_SCHEDULER_TYPE_CORE_SMT' } as const;
const ROOT = { value: HV_SCHEDULER_TYPE.ROOT, name: 'HV_SCHEDULER_TYPE_ROOT' } as const;

export function decideGate(caps: PropertyRead, property: PropertyRead): GateDecision {
  const steps: GateStep[] = [];
  const notQueried: IntegratedSchedulerEnabledRead = {
    code: PROPERTY_CODE,
    name: 'HV_PARTITION_PROPERTY_INTEGRATED_SCHEDULER_ENABLED',
    internalName: INTEGRATED_SCHEDULER_ENABLED_INTERNAL_NAME,
    queried: false,
    read: null,
    value: null,
  };

  if (caps.kind === 'unreadable') {
    steps.push({
      kind: 'read-vmm-capabilities',
      text: `read VMM capabilities (property ${CAPS_CODE}): failed; an L1VH cannot tell an old hypervisor from a failed read, so module init fails`,
    });
    return {
      outcome: 'driver-failed',
      l1vhScheduler: 'core',
      driverLoaded: false,
      hvSchedulerType: null,
      reason: `The L1VH cannot read its VMM capabilities (property ${CAPS_CODE}), so the mshv driver fails to load and no child partition can run.`,
      vmmCapabilities: { code: CAPS_CODE, name: 'HV_PARTITION_PROPERTY_VMM_CAPABILITIES', read: 'failed', bank0: null, bits: [] },
      integratedSchedulerEnabled: notQueried,
      steps,
    };
  }

  const bank0 = checkedU64(caps.value, 'VMM capabilities');
  const vmmCapabilities: VmmCapabilitiesRead = {
    code: CAPS_CODE,
    name: 'HV_PARTITION_PROPERTY_VMM_CAPABILITIES',
    read: 'ok',
    bank0: hex(bank0),
    bits: decodeBank0(bank0),
  };
  steps.push({ kind: 'read-vmm-capabilities', text: `read VMM capabilities (property ${CAPS_CODE}): ok, bank 0 = ${hex(bank0)}` });

  const bitName = 'vmm_enable_integrated_scheduler';
  const mask = hex(1n << BigInt(INTEGRATED_SCHEDULER_BIT));
  if (((bank0 >> BigInt(INTEGRATED_SCHEDULER_BIT)) & 1n) === 0n) {
    steps.push({
      kind: 'test-capability-bit',
      text: `bit ${INTEGRATED_SCHEDULER_BIT} ${bitName} (mask ${mask}) is clear: the hypervisor offers no integrated scheduler, property ${PROPERTY_CODE} is not read`,
    });
    return {
      outcome: 'core',
      l1vhScheduler: 'core',
      driverLoaded: true,
      hvSchedulerType: CORE,
      reason: `Capability bit ${INTEGRATED_SCHEDULER_BIT} (${bitName}) is clear, so the L1VH's children are core-scheduled by the hypervisor and property ${PROPERTY_CODE} is never read.`,
      vmmCapabilities,
      integratedSchedulerEnabled: notQueried,
      steps,
    };
  }
  steps.push({ kind: 'test-capability-bit', text: `bit ${INTEGRATED_SCHEDULER_BIT} ${bitName} (mask ${mask}) is set: the hypervisor offers the integrated scheduler` });

  const queried = { ...notQueried, queried: true } as const;
  if (property.kind === 'unreadable') {
    steps.push({ kind: 'read-property', text: `read property ${PROPERTY_CODE}: failed, so module init fails` });
    return {
      outcome: 'driver-failed',
      l1vhScheduler: 'core',
      driverLoaded: false,
      hvSchedulerType: null,
      reason: `Capability bit ${INTEGRATED_SCHEDULER_BIT} is set but property ${PROPERTY_CODE} cannot be read, so the mshv driver fails to load and no child partition can run.`,
      vmmCapabilities,
      integratedSchedulerEnabled: { ...queried, read: 'failed' },
      steps,
    };
  }

  const enabled = checkedU64(property.value, `property ${PROPERTY_CODE}`);
  const integratedSchedulerEnabled: IntegratedSchedulerEnabledRead = { ...queried, read: 'ok', value: hex(enabled) };
  steps.push({ kind: 'read-property', text: `read property ${PROPERTY_CODE}: ok, value ${hex(enabled)}` });
  if (enabled === 0n) {
    steps.push({ kind: 'test-property', text: `value is zero: the root partition has not enabled it, ${CORE.name} (${CORE.value})` });
    return {
      outcome: 'core',
      l1vhScheduler: 'core',
      driverLoaded: true,
      hvSchedulerType: CORE,
      reason: `Capability bit ${INTEGRATED_SCHEDULER_BIT} is set but property ${PROPERTY_CODE} is 0, so the L1VH's children stay core-scheduled by the hypervisor.`,
      vmmCapabilities,
      integratedSchedulerEnabled,
      steps,
    };
  }
  // Any non-zero value enables it: the driver tests `enabled != 0`, not `enabled == 1`.
  steps.push({ kind: 'test-property', text: `value is non-zero: ${ROOT.name} (${ROOT.value}), the L1VH runs root-scheduler logic` });
  return {
    outcome: 'integrated',
    l1vhScheduler: 'root',
    driverLoaded: true,
    hvSchedulerType: ROOT,
    reason: `Capability bit ${INTEGRATED_SCHEDULER_BIT} is set and property ${PROPERTY_CODE} is ${hex(enabled)}, so the L1VH schedules its own threads and its children's VPs (integrated scheduler).`,
    vmmCapabilities,
    integratedSchedulerEnabled,
    steps,
  };
}

/** Every field of bank 0, in bit order. */
export function decodeBank0(bank0: bigint): DecodedField[] {
  checkedU64(bank0, 'VMM capabilities');
  return VMM_CAPABILITY_FIELDS.map((field) => {
    const ones = (1n << BigInt(field.width)) - 1n;
    const value = (bank0 >> BigInt(field.lsb)) & ones;
    return {
      name: field.name,
      lsb: field.lsb,
      width: field.width,
      mask: hex(ones << BigInt(field.lsb)),
      value: hex(value),
      set: value !== 0n,
      reserved: field.reserved,
      note: 'note' in field ? field.note : null,
    };
  });
}

/** A u64 as lower-case hex without padding, e.g. "0x40". */
export function hex(value: bigint): string {
  return `0x${value.toString(16)}`;
}

function hex32(code: number): string {
  return `0x${code.toString(16).padStart(8, '0')}`;
}

function checkedU64(value: bigint, what: string): bigint {
  // The scenario parser only yields u64s; anything else is a bug upstream of the gate.
  if (value < 0n || value > U64_MAX) throw new RangeError(`${what}: not a u64: ${value}`);
  return value;
}
