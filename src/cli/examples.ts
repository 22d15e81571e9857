// The examples of every command, written once: `--help` shows them after the options and the man
// page lists them under each command. Each runs as written on the bundled scenarios (a test runs
// them all, in order, so a later example may read what an earlier one wrote).

export interface Example {
  /** The arguments after `hvsched`; each is a plain word, so the line needs no quoting. */
  readonly argv: readonly string[];
  /** A shell redirection that follows the command, shown but not part of it. */
  readonly redirect?: string;
  /** What the example shows, in a few words. */
  readonly says: string;
}

/** The commands that have examples; the program's root is `hvsched`. */
export type Documented = 'hvsched' | 'run' | 'explain' | 'sweep' | 'validate' | 'check' | 'scenarios' | 'gate' | 'diff' | 'schema' | 'completion';

const example = (line: string, says: string, redirect?: string): Example => ({ argv: line.split(' '), says, ...(redirect === undefined ? {} : { redirect }) });

export const EXAMPLES = {
  hvsched: [
    example('run default', 'the demo: an L1VH and its two children under all five modes'),
    example('explain default', 'why the L1VH loses half of the CPU time it wants under the core scheduler'),
    example('scenarios', 'the bundled scenarios, each with what it shows'),
    example('run default --help', 'the options of one command, with its examples'),
  ],
  run: [
    example('run default', 'every mode of the demo, side by side'),
    example('run default --mode core,integrated', 'only the two schedulers the demo contrasts'),
    example('run l1vh-minimal --mode core --timeline 0ms..40ms', "the core scheduler's round robin, drawn in the terminal"),
    example('run default --seed 8 --duration 2s', 'another seed and a shorter run than the file states'),
    example('run default --format json --out result.json', 'the result document, for programs and for hvsched diff'),
    example('run default --mode core --report report.html --trace trace.json', 'a one-file HTML report, and a trace for Perfetto'),
  ],
  explain: [
    example('explain default', 'the first L1VH under core: who took its steal and why, its longest waits'),
    example('explain default --mode core --partition child-a --top 3', 'one child, with its three longest waits'),
    example('explain default --format json', 'the same as data'),
  ],
  sweep: [
    example('sweep sweep-l1vh-children', "the sweep its file states: the L1VH's steal as its child grows"),
    example('sweep default --vary hypervisor.quantum=5ms,10ms,20ms --metric l1vh.stealShare --mode core,integrated', 'one parameter turned into a curve'),
    example('sweep sweep-l1vh-children --seeds 5 --plot steal.svg', 'five seeds a cell, drawn with their 95 % confidence band'),
    example('sweep sweep-l1vh-children --shard 1/2 --format json --out part1.json', 'the first half of the cells (run the other half elsewhere)'),
    example('sweep sweep-l1vh-children --shard 2/2 --format json --out part2.json', 'the second half'),
    example('sweep merge part1.json part2.json', 'the two halves joined into the whole sweep'),
  ],
  validate: [
    example('validate default datacenter', 'check files without running them'),
  ],
  check: [
    example('check --all', 'every bundled scenario against the answers it states'),
    example('check l1vh-minimal gate-closed', 'two of them'),
  ],
  scenarios: [
    example('scenarios', 'the name and first sentence of each bundled scenario'),
  ],
  gate: [
    example('gate', 'the defaults (capabilities 0x40, property 1): the integrated scheduler'),
    example('gate --caps 0x0', 'bit 6 clear: the driver keeps the core scheduler'),
    example('gate --caps 0x40 --property unreadable --format json', 'a failed read of the property, as data'),
  ],
  diff: [
    example('run default --mode core,integrated --format json --out a.json', 'a result to compare from'),
    example('run default --mode core,integrated --seed 8 --format json --out b.json', 'the same under another seed'),
    example('diff a.json b.json', 'every measure that moved, per mode and partition'),
    example('diff a.json b.json --threshold 0.5pp --fail-over 5pp --format json', 'finer marks, and exit 3 on a change over 5 points'),
  ],
  schema: [
    example('schema', 'the JSON Schema editors check scenario files with', '> schema.json'),
  ],
  completion: [
    example('completion bash', 'bash completion, loaded by bash-completion on demand', '> ~/.local/share/bash-completion/completions/hvsched'),
    example('completion zsh', 'zsh completion, in a directory of your $fpath', '> ~/.zfunc/_hvsched'),
    example('completion fish', 'fish completion', '> ~/.config/fish/completions/hvsched.fish'),
  ],
} as const satisfies Record<Documented, readonly Example[]>;

export function isDocumented(name: string): name is Documented {
  return Object.hasOwn(EXAMPLES, name);
}

/** The example as typed at a shell prompt. */
export function commandLine(example: Example): string {
  return ['hvsched', ...example.argv, ...(example.redirect === undefined ? [] : [example.redirect])].join(' ');
}

/** The Examples section that `--help` prints after the options. */
export function examplesHelp(examples: readonly Example[]): string {
  const lines = examples.flatMap((e) => [`  $ ${commandLine(e)}`, `      ${e.says}`]);
  return `\nExamples:\n${lines.join('\n')}`;
}
