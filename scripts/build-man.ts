// Writes the man page, dist/man/hvsched.1, that the package lists in its `man` field: the markdown
// of src/cli/manual.ts (the help texts and examples) turned into roff by marked-man. Run by
// `npm run build`, after tsc. The page's date is the build's month, or SOURCE_DATE_EPOCH's.
import { mkdirSync, writeFileSync } from 'node:fs';
import { marked } from 'marked';
import markedMan from 'marked-man';
import { processIo } from '../src/cli/io.js';
import { manualMarkdown } from '../src/cli/manual.js';
import { createProgram, VERSION } from '../src/cli/program.js';

const directory = new URL('../man/', import.meta.url);
markedMan.manVersion = `hvsched ${VERSION}`;
markedMan.manual = 'hvsched manual';
marked.use(markedMan);
mkdirSync(directory, { recursive: true });
const roff = await marked.parse(manualMarkdown(createProgram(processIo())));
// Every roff reads ASCII; `\[u2013]` is groff's and mandoc's name for any other character.
const ascii = roff.replace(/[^\x00-\x7f]/gu, (char) => `\\[u${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
writeFileSync(new URL('hvsched.1', directory), ascii);
