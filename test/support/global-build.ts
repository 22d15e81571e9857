// Builds dist/ once before any test file runs, as `npm run build` does: the tests of the real
// binary and of the sweep's worker threads run the compiled code, the package test packs it with
// its man page, and two files building it at once would race.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function build(): void {
  execFileSync(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  execFileSync(process.execPath, [join('dist', 'scripts', 'build-man.js')], { stdio: 'inherit' });
}
