// The bundled scenarios, the files every mutant starts from.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Seed } from './mutate.js';

export function bundledSeeds(root: string): Seed[] {
  const dir = join(root, 'scenarios');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}
