// The package installs like any npm CLI: the tarball holds what runs and nothing else, and the
// installed `hvsched` runs a bundled scenario from another directory.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

describe('the npm package', () => {
  test('packs dist, scenarios, docs, README and LICENSE, and installs a working hvsched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvsched-pack-'));
    // dist/ is built by the test suite's global setup; packing must not rebuild it under the other tests' feet.
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { encoding: 'utf8' });
    expect(pack.status).toBe(0);
    const [{ filename, files }] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
    const tops = new Set(files.map((file) => file.path.split('/')[0]));
    expect([...tops].sort()).toEqual(['LICENSE', 'README.md', 'dist', 'docs', 'package.json', 'scenarios']);
    expect(files.some((file) => file.path === 'dist/src/cli/main.js')).toBe(true);
    expect(files.some((file) => file.path === 'dist/src/sweep/worker.js')).toBe(true);
    expect(files.some((file) => /^(test|src|bench|dist\/bench|\.ci)\//.test(file.path))).toBe(false);

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
  }, 180_000);
});
