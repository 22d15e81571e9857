// Builds dist/ once before any test file runs: the tests of the real binary and of the sweep's
// worker threads run the compiled code, and two files building it at once would race.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function build(): void {
  execFileSync(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
