// Shell completion: the script `hvsched completion bash` prints, sourced in a real bash, asks the
// built hvsched for its candidates the way bash does at a Tab; the replies for zsh and fish are
// checked in-process, in the form their scripts read.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli } from '../support/cli.js';
import { scratchDir } from '../support/scratch.js';

const bundled = Object.fromEntries(
  readdirSync('scenarios')
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => [`scenarios/${file}`, readFileSync(`scenarios/${file}`, 'utf8')]),
);

describe('in bash', () => {
  let bin = '';
  let script = '';
  let cwd = '';
  let dir = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hvsched-completion-'));
    bin = join(dir, 'bin');
    mkdirSync(bin);
    // The scripts call `hvsched` from the PATH, as an installed one would be.
    writeFileSync(join(bin, 'hvsched'), `#!/bin/sh\nexec "${process.execPath}" "${resolve('dist/src/cli/main.js')}" "$@"\n`, { mode: 0o755 });
    script = join(dir, 'hvsched.bash');
    const printed = await cli(['completion', 'bash']);
    expect(printed.code).toBe(0);
    writeFileSync(script, printed.stdout);
    cwd = join(dir, 'work');
    mkdirSync(join(cwd, 'runs'), { recursive: true });
    writeFileSync(join(cwd, 'defaults.yaml'), '');
    writeFileSync(join(cwd, 'runs', 'mine.yaml'), '');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** COMPREPLY after a Tab at the end of `line`, in a bash that has sourced the script and nothing else. */
  function tab(line: string): string[] {
    const program = [
      `source ${JSON.stringify(script)}`,
      `COMP_LINE=${shellQuote(line)}`,
      'COMP_POINT=${#COMP_LINE}',
      // bash splits the line into COMP_WORDS, an empty last word when the line ends in a space.
      'read -ra COMP_WORDS <<< "$COMP_LINE"',
      '[[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")',
      'COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))',
      '_hvsched_completion',
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const run = spawnSync('bash', ['--norc', '--noprofile', '-c', program], { cwd, encoding: 'utf8', env: { PATH: `${bin}:${process.env.PATH}`, HOME: cwd } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    return run.stdout.split('\n').filter((word) => word !== '');
  }

  test('the script registers a completion for hvsched that falls back to file names', () => {
    expect(readFileSync(script, 'utf8')).toMatch(/^\s*complete -o default -F _hvsched_completion hvsched$/m);
  });

  test.each([
    ['hvsched ru', ['run']],
    ['hvsched s', ['sweep', 'scenarios', 'schema']],
    ['hvsched run --mode cl', ['classic', 'classic-nosmt']],
    ['hvsched run --mode core,in', ['core,integrated']],
    ['hvsched explain default --mode i', ['integrated']],
    ['hvsched run def', ['default', 'defaults.yaml']],
    ['hvsched run l1vh-m', ['l1vh-minimal']],
    ['hvsched check --all gate-c', ['gate-closed']],
    ['hvsched sweep mer', ['merge']],
    ['hvsched run default --form', ['--format']],
    ['hvsched run default --format ', ['table', 'json', 'csv']],
    ['hvsched explain default -f ', ['text', 'json']],
    ['hvsched gate --caps un', ['unreadable']],
    ['hvsched completion ', ['bash', 'zsh', 'fish']],
    ['hvsched help exp', ['explain']],
  ])('%j completes to %j', (line, expected) => {
    expect(tab(line)).toEqual(expected);
  });

  test('a word that is no bundled name is left to bash, which completes file names', () => {
    expect(tab('hvsched run runs/m')).toEqual([]);
    expect(tab('hvsched run --out res')).toEqual([]);
  });

  test('every command is offered at the first word, and no hidden one', () => {
    expect(tab('hvsched ')).toEqual(['run', 'explain', 'sweep', 'validate', 'check', 'scenarios', 'gate', 'diff', 'schema', 'completion', 'help']);
  });
});

const hasFish = spawnSync('sh', ['-c', 'command -v fish']).status === 0;

// fish is seldom installed (not on CI): where it is, its own `complete -C` asks the script.
describe.skipIf(!hasFish)('in fish', () => {
  test('the script completes commands and modes', async () => {
    const dir = scratchDir('fish');
    writeFileSync(join(dir, 'hvsched'), `#!/bin/sh\nexec "${process.execPath}" "${resolve('dist/src/cli/main.js')}" "$@"\n`, { mode: 0o755 });
    writeFileSync(join(dir, 'hvsched.fish'), (await cli(['completion', 'fish'])).stdout);
    const complete = (line: string): string[] => {
      const program = `source ${shellQuote(join(dir, 'hvsched.fish'))}; complete -C ${shellQuote(line)}`;
      const run = spawnSync('fish', ['--no-config', '-c', program], { cwd: dir, encoding: 'utf8', env: { PATH: `${dir}:${process.env.PATH}`, HOME: dir } });
      return run.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0]!);
    };
    expect(complete('hvsched ru')).toEqual(['run']);
    expect(complete('hvsched run --mode cl')).toEqual(expect.arrayContaining(['classic', 'classic-nosmt']));
    expect(complete('hvsched completion ')).toEqual(['bash', 'fish', 'zsh']);
  });
});

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The reply of `hvsched completion-server` as a script of `shell` would ask for it. */
async function reply(shell: string, words: string[], current = words.length - 1, files: Record<string, string> = bundled, point?: number): Promise<string> {
  const env = { SHELL: shell, COMP_CWORD: String(current + 1), ...(point === undefined ? {} : { COMP_POINT: String(point) }) };
  const run = await cli(['completion-server', '--', 'hvsched', ...words], files, { env });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
}

describe('the reply', () => {
  test('for zsh: value:description, colons escaped', async () => {
    expect(await reply('zsh', ['ru'])).toBe('run:simulate a scenario file under its modes and report per-VP run, steal and idle time\n');
    expect(await reply('zsh', ['run', '--mode', 'classic,c'])).toBe('classic,classic-nosmt\nclassic,core\n');
  });

  test('for fish: value, a tab, description; a new word and the last one both offered, as fish passes no empty word', async () => {
    expect(await reply('fish', ['gate', '--format'], 2)).toBe('table\njson\n');
    expect(await reply('fish', ['completion'], 1)).toBe('bash\nzsh\nfish\n');
    expect((await reply('fish', ['ru'], 1)).split('\n')[0]).toBe('run\tsimulate a scenario file under its modes and report per-VP run, steal and idle time');
  });

  test('for fish, the cursor tells the word being typed from a new one', async () => {
    // "hvsched run --mode cl|" and "hvsched run --mode cl |": the same words, the cursor at 21 or 22.
    expect(await reply('fish', ['run', '--mode', 'cl'], 3, bundled, 21)).toBe('classic\nclassic-nosmt\n');
    const after = (await reply('fish', ['run', '--mode', 'cl'], 3, bundled, 22)).split('\n');
    expect(after).toContain('default\tbundled scenario');
    expect(after).not.toContain('classic');
  });

  test('zsh and fish are told to complete files themselves where no name fits', async () => {
    expect(await reply('zsh', ['run', 'scen'])).toBe('__tabtab_complete_files__\n');
    expect(await reply('fish', ['diff', 'a'])).toBe('__tabtab_complete_files__\n');
    expect(await reply('bash', ['diff', 'a'])).toBe('');
  });

  test('names and the files that also match are offered together', async () => {
    expect(await reply('bash', ['validate', 'l1vh'], 1, { ...bundled, 'l1vh.yaml': '', 'l1vh-runs/x.yaml': '' })).toBe('l1vh-cgroups\nl1vh-minimal\nl1vh-runs/\nl1vh.yaml\n');
  });

  test('modes already listed are not offered again; --mode=… completes after its =', async () => {
    expect(await reply('bash', ['run', '--mode', 'core,integrated,'])).toBe('core,integrated,root\ncore,integrated,classic\ncore,integrated,classic-nosmt\n');
    expect(await reply('bash', ['run', '--mode=cl'])).toBe('classic\nclassic-nosmt\n');
    expect(await reply('zsh', ['run', '--mode=cl'])).toBe('--mode=classic\n--mode=classic-nosmt\n');
    expect(await reply('bash', ['run', '--mode', '=', 'cl'])).toBe('classic\nclassic-nosmt\n');
  });

  test('called by hand, without its shell, it says nothing', async () => {
    const run = await cli(['completion-server', '--', 'hvsched', 'ru']);
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  test('an unknown shell is refused in one line, exit 2', async () => {
    const run = await cli(['completion', 'tcsh']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: command-argument value 'tcsh' is invalid for argument 'shell'\. Allowed choices are bash, zsh, fish\.\n$/);
  });
});
