import { describe, expect, test } from 'vitest';
import { decideGate } from '../../src/hypervisor/gate.js';
import { cli } from '../support/cli.js';

describe('hvsched gate', () => {
  test('prints each bank-0 bit by kernel name, the decision path and the outcome', async () => {
    const run = await cli(['gate', '--caps', '0x40']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/│\s+6 │ vmm_enable_integrated_scheduler\s+│\s+1 │/);
    expect(run.stdout).toMatch(/│ 7–63 │ reserved0\s+│\s+0x0 │/);
    expect(run.stdout).toContain('HV_PARTITION_PROPERTY_INTEGRATED_SCHEDULER_ENABLED (0x00020005): 0x1');
    expect(run.stdout).toContain('  4. value is non-zero');
    expect(run.stdout).toContain('outcome: integrated scheduler (HV_SCHEDULER_TYPE_ROOT = 4)');
    expect(run.stdout).not.toContain('\u001b[');
  });

  test('a clear bit 6 shows the property as not read', async () => {
    const run = await cli(['gate', '--caps', '0', '--property', 'unreadable']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(0x00020005): not read');
    expect(run.stdout).toContain('outcome: core scheduler (HV_SCHEDULER_TYPE_CORE_SMT = 3)');
    expect(run.stdout).not.toContain('  3.');
  });

  test('an unreadable capability bank lists the bits without values and says the driver fails', async () => {
    const run = await cli(['gate', '--caps', 'unreadable']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('bank 0: unreadable');
    expect(run.stdout).toMatch(/│ vmm_enable_integrated_scheduler\s+│\s+– │/);
    expect(run.stdout).toContain('the mshv driver fails to load');
    expect(run.stdout).toContain('driver loaded: no');
  });

  test.each([
    [['--caps', '0x40'], 'integrated', 'root'],
    [['--caps', '0x40', '--property', '0'], 'core', 'core'],
    [['--caps', '64', '--property', '0xffffffffffffffff'], 'integrated', 'root'],
    [['--caps', '0x0'], 'core', 'core'],
    [['--caps', 'unreadable'], 'driver-failed', 'core'],
    [['--caps', '0x40', '--property', 'unreadable'], 'driver-failed', 'core'],
  ])('--format json %j: outcome %s, l1vhScheduler %s', async (args, outcome, l1vhScheduler) => {
    const run = await cli(['gate', ...args, '--format', 'json']);
    expect(run.code).toBe(0);
    const decision = JSON.parse(run.stdout);
    expect(decision.outcome).toBe(outcome);
    expect(decision.l1vhScheduler).toBe(l1vhScheduler);
    expect(run.stdout.endsWith('}\n')).toBe(true);
  });

  test('JSON output is the decision as the simulator embeds it', async () => {
    const run = await cli(['gate', '--caps', '0xffffffffffffffff', '--property', '0', '-f', 'json']);
    expect(JSON.parse(run.stdout)).toEqual(decideGate({ kind: 'value', value: (1n << 64n) - 1n }, { kind: 'value', value: 0n }));
  });

  test('colours the table only on a terminal without NO_COLOR or --no-color', async () => {
    expect((await cli(['gate', '--caps', '0x40'], {}, { tty: true })).stdout).toContain('\u001b[');
    expect((await cli(['gate', '--caps', '0x40'], {}, { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect((await cli(['gate', '--caps', '0x40', '--no-color'], {}, { tty: true })).stdout).not.toContain('\u001b[');
    expect((await cli(['gate', '--caps', '0x40', '-f', 'json'], {}, { tty: true })).stdout).not.toContain('\u001b[');
  });

  test.each([
    [['--caps', '0xZZ'], ['--caps: expected a u64 as a hex string (e.g. "0x40"), a non-negative integer, or "unreadable", got "0xZZ"']],
    [['--caps', '0x10000000000000000'], ['--caps: expected a u64 (at most 0xffffffffffffffff), got "0x10000000000000000"']],
    [['--caps', '0x40', '--property', 'yes'], ['--property: expected a u64 as a hex string (e.g. "0x40"), a non-negative integer, or "unreadable", got "yes"']],
    [
      ['--caps', '-1', '--property', '1.5'],
      [
        '--caps: expected a u64 as a hex string (e.g. "0x40"), a non-negative integer, or "unreadable", got "-1"',
        '--property: expected a u64 as a hex string (e.g. "0x40"), a non-negative integer, or "unreadable", got "1.5"',
      ],
    ],
  ])('bad values %j exit 2 with one line each', async (args, lines) => {
    const run = await cli(['gate', ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${lines.join('\n')}\n`);
  });

  test('with no flags it decides on the scenario defaults (0x40, 1); --format is checked, exit 2', async () => {
    const defaults = await cli(['gate']);
    expect(defaults.code).toBe(0);
    expect(defaults.stdout).toBe((await cli(['gate', '--caps', '0x40', '--property', '1'])).stdout);
    expect(defaults.stdout).toContain('integrated');
    const format = await cli(['gate', '--caps', '0x40', '--format', 'csv']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('csv');
  });
});
