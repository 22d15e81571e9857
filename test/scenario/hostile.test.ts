// Input written to break the loader: every refusal is a positioned issue on one clean line,
// never a throw, a library warning or a terminal escape sequence.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { formatIssue, parseScenario } from '../../src/scenario/index.js';
import { listSome, printable, quote } from '../../src/scenario/message.js';
import { FILE as F, guestWith as G, issueLines } from './helpers.js';

const GUEST = '  - { name: vm, kind: guest, vps: 2, workload: busy }\n';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('keys a plain object cannot hold', () => {
  test.each([
    ['a merge key', `host: { cores: 4 }\nbase: &b { cores: 4 }\n<<: *b\npartitions:\n${GUEST}`, `${F}:3:1: refused: merge keys (<<) are not supported`],
    ['a YAML 1.1 merge of a scalar', `%YAML 1.1\n---\nbase: &b 5\nhost: { cores: 4 }\n<<: *b\npartitions:\n${GUEST}`, `${F}:5:1: refused: merge keys (<<) are not supported`],
    ['a YAML 1.1 merge inside a partition', `%YAML 1.1\n---\nhost: { cores: 4 }\npartitions:\n  - { <<: { name: vm }, kind: guest, vps: 2, workload: busy }\n`, `${F}:5:7: partitions[0]: refused: merge keys (<<)`],
    ['a list as a key', `host: { cores: 4 }\n? [a, b]\n: 1\npartitions:\n${GUEST}`, `${F}:2:3: expected a plain key, got a list used as a key`],
    ['a map as a key', `host: { cores: 4, { x: 1 }: 2 }\npartitions:\n${GUEST}`, `${F}:1:19: host: expected a plain key, got a map used as a key`],
    ['an alias of a map as a key', `host: { cores: 4 }\nm: &m { x: 1 }\n*m : 2\npartitions:\n${GUEST}`, `${F}:3:1: expected a plain key, got a map used as a key`],
  ])('%s is refused at the key', (_label, text, start) => {
    const warn = vi.spyOn(process, 'emitWarning');
    const lines = issueLines(text);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(warn).not.toHaveBeenCalled();
  });

  test('a warning of the YAML library is an issue, never a line of its own on stderr', () => {
    const warn = vi.spyOn(process, 'emitWarning');
    expect(issueLines(`host: !thing { cores: 4 }\npartitions:\n${GUEST}`)).toEqual([`${F}:1:7: invalid YAML: Unresolved tag: !thing`]);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('strict JSON for .json files', () => {
  const valid = JSON.stringify(
    { host: { cores: 4 }, partitions: [{ name: 'vm', kind: 'guest', vps: 2, workload: 'busy' }] },
    null,
    2,
  );

  test.each([
    ['a trailing comma', valid.replace('"busy"', '"busy",'), 'x.json:11:5: invalid JSON: expected a double-quoted property name'],
    ['a comment', `// hosts\n${valid}`, 'x.json:1:1: invalid JSON: expected a value, got "// hosts\\n{\\n "'],
    ['single quotes', valid.replace('"busy"', "'busy'"), `x.json:10:19: invalid JSON: expected a value, got "'busy'\\n    }"`],
    ['NaN', valid.replace('4', 'NaN'), 'x.json:3:14: invalid JSON: expected a value, got "NaN\\n  },\\n  \\""'],
  ])('%s is refused with its line and column', (_label, text, line) => {
    const result = parseScenario(text, 'x.json');
    expect(result.ok || result.issues.map(formatIssue)).toEqual([line]);
  });

  test('valid JSON keeps the positions of schema issues, and a byte order mark is allowed', () => {
    const result = parseScenario(`\uFEFF${valid.replace('2,', '0,')}`, 'x.JSON');
    expect(result.ok || result.issues.map(formatIssue)).toEqual(['x.JSON:9:14: partitions[0].vps: expected an integer 1–1024, got 0']);
  });
});

describe('every message is one clean line', () => {
  test.each([
    ['a newline', 'a\nb', 'a\\nb'],
    ['a carriage return and a tab', 'a\r\tb', 'a\\r\\tb'],
    ['an escape sequence', '\u001b[31mred', '\\x1b[31mred'],
    ['DEL and a C1 control', '\u007f\u009b', '\\x7f\\x9b'],
    ['a bidi override and a line separator', 'a\u202eb\u2028', 'a\\u202eb\\u2028'],
    ['a lone surrogate', 'a\ud800', 'a\\ud800'],
    ['printable Unicode', 'ünïcødé – 🙂', 'ünïcødé – 🙂'],
  ])('%s is escaped', (_label, text, shown) => {
    expect(printable(text)).toBe(shown);
  });

  test('long text is cut, without splitting a surrogate pair', () => {
    expect(printable('x'.repeat(100))).toBe(`${'x'.repeat(60)}…`);
    expect(printable(`${'x'.repeat(59)}🙂`)).toBe(`${'x'.repeat(59)}…`);
    expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  test('a long list shows its first items, its last and its length', () => {
    expect(listSome([1, 2, 3])).toBe('1, 2, 3');
    expect(listSome(Array.from({ length: 2046 }, (_, i) => i + 2))).toBe('2, 3, 4, 5, 6, 7, …, 2047 (2046 values)');
  });

  test('CPUs outside the OS are listed capped', () => {
    expect(issueLines(G(', cpus: "0-2047"', '{ cores: 2 }'))).toEqual([
      `${F}:3:60: partitions[0].cpus: expected CPUs of the root partition (host LPs 0–1), got 2, 3, 4, 5, 6, 7, …, 2047 (2046 values)`,
    ]);
  });

  test('control characters quoted from a YAML syntax error are escaped', () => {
    const [line, ...rest] = issueLines(`host: { cores: 4 }\npartitions:\n${GUEST}x: "\\\u000b\u001b"\n`);
    expect(rest).toEqual([]);
    expect(line).toBe(`${F}:4:5: invalid YAML: Invalid escape sequence \\\\v`);
  });

  test('a long key is cut wherever it is echoed', () => {
    const key = `k${'e'.repeat(5000)}\u001b`;
    const [line, ...rest] = issueLines(`host: { cores: 4 }\n"${key.replace('\u001b', '\\e')}": 1\npartitions:\n${GUEST}`);
    expect(rest).toEqual([]);
    expect(line!.length).toBeLessThan(400);
    expect(line).not.toMatch(/[\u0000-\u001f]/);
  });

  test('a long key that is a plain identifier is cut in the path too (found by the fuzzer)', () => {
    const key = 'x'.repeat(5000);
    const lines = issueLines(`${G('')}expect:\n  - { mode: core, metric: stealShare, ${key}: 1 }\n`);
    const cut = `"${'x'.repeat(60)}…"`;
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${F}:5:39: expect\\[0\\]\\[${cut}\\]: unknown key ${cut}: expected one of mode, `));
    expect(lines[0]!.length).toBeLessThan(400);
  });

  test('a long unknown name in an expectation is cut', () => {
    const name = 'n'.repeat(10_000);
    const lines = issueLines(`${G('')}expect:\n  - { mode: core, partition: ${name}, metric: stealShare, max: 1 }\n`);
    expect(lines).toEqual([`${F}:5:30: expect[0].partition: expected the name of a partition or child, got "${'n'.repeat(60)}…"`]);
  });
});

describe("every message is in our words, never the schema library's (found by the fuzzer)", () => {
  test.each([
    ['an empty workload list', '  - { name: vm, kind: guest, vps: 1, workload: [] }\n', `${F}:3:48: partitions[0].workload: expected a workload, or a non-empty list of workloads one per VP, got an empty list`],
    ['an empty workload string', '  - { name: vm, kind: guest, vps: 1, workload: "" }\n', `${F}:3:48: partitions[0].workload: expected "busy", "idle" or a workload map with a type, got ""`],
    ['an empty L1VH core list', '  - { name: l1, kind: l1vh, cores: [] }\n', `${F}:3:36: partitions[0].cores: expected a non-empty list of host core indices, got an empty list`],
    [
      'a child of another kind',
      '  - { name: l1, kind: l1vh, cores: 1, children: [{ name: c, kind: guest, vps: 1, workload: busy }] }\n',
      `${F}:3:67: partitions[0].children[0].kind: expected "child", or no kind, got "guest"`,
    ],
  ])('%s', (_label, partition, line) => {
    expect(issueLines(`host: { cores: 4 }\npartitions:\n${partition}`)).toEqual([line]);
  });
});
