// The layering STYLE.md asks for, checked mechanically: data flows text → Scenario → run →
// Result → rendered text, and only the CLI touches the outside world.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((match) => match[1]!);
}

const FILES = sources('src');
const layer = (file: string): string => file.split('/')[1]!;

describe('architecture', () => {
  test.each(FILES.filter((file) => layer(file) === 'engine'))('%s imports nothing from the domain', (file) => {
    for (const target of imports(file)) expect(target.startsWith('../') && !target.startsWith('../model/time')).toBe(false);
  });

  test.each(FILES.filter((file) => ['report', 'metrics', 'model', 'schedulers', 'engine', 'scenario', 'workloads', 'hypervisor', 'diff', 'sweep'].includes(layer(file))))(
    '%s touches no node:* module, clock or process',
    (file) => {
      for (const target of imports(file)) expect(target.startsWith('node:')).toBe(false);
      const text = readFileSync(file, 'utf8');
      expect(text).not.toMatch(/\b(Date\.now|Math\.random|process\.|performance\.now)\b/);
    },
  );

  test.each(FILES.filter((file) => layer(file) === 'report'))('%s renders from results, not from the machine', (file) => {
    // The gate is a pure decision table, not the machine: its bit names are shown as they are.
    const allowed = new Set(['../hypervisor/gate.js']);
    for (const target of imports(file)) if (!allowed.has(target)) expect(target).not.toMatch(/^\.\.\/(hypervisor|schedulers|engine|workloads|cli)\//);
  });

  test.each(FILES.filter((file) => layer(file) === 'schedulers'))('%s decides without reaching into the machine', (file) => {
    for (const target of imports(file)) expect(target).not.toMatch(/^\.\.\/(hypervisor|cli|report)\//);
  });
});
