import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** A directory of the running test's own under the system's temp directory, removed when the test ends, passed or failed. */
export function scratchDir(purpose: string): string {
  const dir = mkdtempSync(join(tmpdir(), `hvsched-${purpose}-`));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
