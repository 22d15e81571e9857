// The package installs like any npm CLI: the tarball holds what runs and nothing else, and the
// installed `hvsched` runs a bundled scenario from another directory, prints its shell completion
// and has a man page that man renders.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scratchDir } from '../support/scratch.js';

/** Renders a man page file: with man, else groff, else nothing here can (null). */
function manRenderer(): string[] | null {
  for (const candidate of [['man', '-l'], ['groff', '-man', '-Tutf8']]) {
    if (spawnSync('sh', ['-c', `command -v ${candidate[0]}`]).status === 0) return candidate;
  }
  return null;
}

describe('the npm package', () => {
  test('packs dist, scenarios, docs, README and LICENSE, and installs a working hvsched', () => {
    const dir = scratchDir('pack');
    // dist/ is built by the test suite's global setup; packing must not rebuild it under the other tests' feet.
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { encoding: 'utf8' });
    expect(pack.status).toBe(0);
    const [{ filename, files }] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
    const tops = new Set(files.map((file) => file.path.split('/')[0]));
    expect([...tops].sort()).toEqual(['LICENSE', 'README.md', 'dist', 'docs', 'package.json', 'scenarios']);
    expect(files.some((file) => file.path === 'dist/src/cli/main.js')).toBe(true);
    expect(files.some((file) => file.path === 'dist/src/sweep/worker.js')).toBe(true);
    expect(files.some((file) => file.path === 'dist/man/hvsched.1')).toBe(true);
    expect(files.some((file) => /^(test|src|bench|scripts|dist\/bench|dist\/scripts|\.ci)\//.test(file.path))).toBe(false);

    const prefix = join(dir, 'prefix');
    const install = spawnSync('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(dir, filename)], { encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);
    const bin = join(prefix, 'bin', 'hvsched');
    const installed = join(prefix, 'lib', 'node_modules', 'hvsched', 'scenarios');
    expect(readdirSync(installed)).toContain('default.yaml');
    const run = spawnSync(bin, ['run', resolve(installed, 'l1vh-minimal.yaml'), '--duration', '100ms'], { encoding: 'utf8', cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^l1vh-minimal · seed 1 · 100ms simulated/);
    // A bundled scenario by name, from a directory that has no such file.
    const byName = spawnSync(bin, ['run', 'default', '--duration', '100ms', '--mode', 'core'], { encoding: 'utf8', cwd: dir });
    expect(byName.stderr).toBe('');
    expect(byName.stdout).toMatch(/^l1vh-stolen-time · seed 7 · 100ms simulated/);
    const list = spawnSync(bin, ['scenarios'], { encoding: 'utf8', cwd: dir });
    expect(list.stdout).toMatch(/^default +An L1VH running its own services/m);

    const completion = spawnSync(bin, ['completion', 'bash'], { encoding: 'utf8', cwd: dir });
    expect(completion.status).toBe(0);
    expect(completion.stdout).toMatch(/^\s*complete -o default -F _hvsched_completion hvsched$/m);
    const reply = spawnSync(bin, ['completion-server', '--', 'hvsched', 'run', 'l1vh-m'], { encoding: 'utf8', cwd: dir, env: { ...process.env, SHELL: 'bash', COMP_CWORD: '2' } });
    expect(reply.stdout).toBe('l1vh-minimal\n');

    // npm links the page of the `man` field into the prefix's man1, where `man hvsched` looks.
    const page = join(prefix, 'share', 'man', 'man1', 'hvsched.1');
    expect(existsSync(page)).toBe(true);
    const render = manRenderer();
    if (render === null) return;
    const [command, ...args] = render;
    const shown = spawnSync(command!, [...args, page], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8', MANWIDTH: '80', MANPAGER: 'cat', PAGER: 'cat' } });
    expect(shown.stderr).toBe('');
    expect(shown.status).toBe(0);
    expect(shown.stdout.replace(/.\x08/g, '')).toMatch(/^NAME\n {7}hvsched - Discrete-event simulator/m);
  }, 180_000);
});
