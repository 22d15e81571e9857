// The gate decision as text: a table of bank-0 bits, the decision path, then the outcome.
import Table from 'cli-table3';
import { INTEGRATED_SCHEDULER_BIT, VMM_CAPABILITY_FIELDS, type GateDecision } from '../hypervisor/gate.js';
import type { Painter } from './table.js';

export interface GateRenderOptions {
  readonly paint: Painter;
}

export const GATE_RENDERERS = {
  table: (decision, options) => renderGateTable(decision, options),
  json: (decision) => renderGateJson(decision),
} as const satisfies Record<string, (decision: GateDecision, options: GateRenderOptions) => string>;

export type GateFormat = keyof typeof GATE_RENDERERS;
export const GATE_FORMATS = Object.keys(GATE_RENDERERS) as GateFormat[];

export function renderGateJson(decision: GateDecision): string {
  return `${JSON.stringify(decision, null, 2)}\n`;
}

export function renderGateTable(decision: GateDecision, options: GateRenderOptions): string {
  const { paint } = options;
  const caps = decision.vmmCapabilities;
  const property = decision.integratedSchedulerEnabled;

  const table = new Table({
    head: ['bit', 'field', 'value', 'note'].map((title) => paint.bold(title)),
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colAligns: ['right', 'left', 'right', 'left'],
  });
  // Rows come from the layout, not the decoded fields, so an unreadable bank still lists its bits.
  for (const field of VMM_CAPABILITY_FIELDS) {
    const decoded = caps.bits.find((candidate) => candidate.name === field.name);
    const bits = field.width === 1 ? String(field.lsb) : `${field.lsb}–${field.lsb + field.width - 1}`;
    const value = decoded === undefined ? '–' : field.width === 1 ? decoded.value.slice(2) : decoded.value;
    const note = 'note' in field ? field.note : '';
    const row = [bits, field.name, value, note];
    if (field.lsb === INTEGRATED_SCHEDULER_BIT) table.push(row.map((cell) => paint.bold(cell)));
    else if (field.reserved) table.push(row.map((cell) => paint.dim(cell)));
    else table.push(row);
  }

  const propertyValue = !property.queried ? 'not read' : property.read === 'ok' ? (property.value ?? '') : 'unreadable';
  const header = [
    paint.bold('L1VH scheduler gate (mshv driver, upstream Linux)'),
    `VMM capabilities (property ${caps.code}), bank 0: ${caps.bank0 ?? 'unreadable'}`,
  ];
  const inputs = `${property.name} (${property.code}): ${propertyValue}`;
  const path = [paint.bold('decision path'), ...decision.steps.map((step, index) => `  ${index + 1}. ${step.text}`)];
  return `${[header.join('\n'), table.toString(), inputs, path.join('\n'), outcomeLines(decision, paint)].join('\n\n')}\n`;
}

function outcomeLines(decision: GateDecision, paint: Painter): string {
  const loaded = `l1vhScheduler: ${decision.l1vhScheduler}, driver loaded: ${decision.driverLoaded ? 'yes' : 'no'}`;
  return [headline(decision, paint), loaded, decision.reason].join('\n');
}

function headline(decision: GateDecision, paint: Painter): string {
  switch (decision.outcome) {
    case 'integrated':
      return paint.green(`outcome: integrated scheduler (${decision.hvSchedulerType.name} = ${decision.hvSchedulerType.value})`);
    case 'core':
      return paint.bold(`outcome: core scheduler (${decision.hvSchedulerType.name} = ${decision.hvSchedulerType.value})`);
    case 'driver-failed':
      return paint.red('outcome: the mshv driver fails to load, so no child partition runs');
  }
}
