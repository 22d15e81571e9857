// The tutorial shows real output: every `$ hvsched …` command in docs/tutorial.md is run here and
// must print exactly the text block that follows it. UPDATE_TUTORIAL=1 rewrites those blocks
// from what the commands print now (then read the diff before committing it).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { cli } from '../support/cli.js';

const TUTORIAL = 'docs/tutorial.md';
const EXAMPLE = /```sh\n\$ hvsched ([^\n]*)\n```\n+```text\n([\s\S]*?)```/g;

const scenarios = Object.fromEntries(
  readdirSync('scenarios')
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => [`scenarios/${file}`, readFileSync(`scenarios/${file}`, 'utf8')]),
);

const text = readFileSync(TUTORIAL, 'utf8');
const examples = [...text.matchAll(EXAMPLE)].map((match) => ({ command: match[1]!, shown: match[2]! }));

test('the tutorial has its five runs or more', () => {
  expect(examples.length).toBeGreaterThanOrEqual(5);
});

test.each(examples)('$ hvsched $command prints what the tutorial shows', async ({ command, shown }) => {
  const run = await cli(command.split(/\s+/), scenarios);
  expect(run.stderr).toBe('');
  if (process.env.UPDATE_TUTORIAL === '1') {
    const current = readFileSync(TUTORIAL, 'utf8');
    writeFileSync(TUTORIAL, current.replace(`$ hvsched ${command}\n\`\`\`\n\n\`\`\`text\n${shown}\`\`\``, `$ hvsched ${command}\n\`\`\`\n\n\`\`\`text\n${run.stdout}\`\`\``));
    return;
  }
  expect(run.stdout).toBe(shown);
});

// The tutorial's chapter 8 shows the plot of its sweep: the checked-in picture is what the command draws now.
const PLOT = 'docs/sweep-l1vh-children.svg';
const PLOT_COMMAND = 'sweep scenarios/sweep-l1vh-children.yaml --duration 1s --metric l1vh.stealShare --metric l1vh/vms.cpus --plot plot.svg';

test(`the tutorial's picture is what \`hvsched ${PLOT_COMMAND}\` draws`, async () => {
  expect(text).toContain(`hvsched ${PLOT_COMMAND.replace('plot.svg', 'steal.svg')}`);
  expect(text).toContain(`](${PLOT.replace('docs/', '')})`);
  const run = await cli(PLOT_COMMAND.split(' '), scenarios);
  expect(run.code).toBe(0);
  const drawn = run.files.get('plot.svg')!;
  if (process.env.UPDATE_TUTORIAL === '1') writeFileSync(PLOT, drawn);
  expect(drawn).toBe(readFileSync(PLOT, 'utf8'));
});
