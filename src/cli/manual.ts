// The man page's text, in the markdown marked-man turns into roff (scripts/build-man.ts), read
// from the commander program as `--help` shows it and from the same examples, so the page and
// the help say the same.
import type { Command, Help, Option } from 'commander';
import { EXIT_BAD_INPUT, EXIT_CLOSED_PIPE, EXIT_EXPECTATIONS_FAILED, EXIT_INTERNAL, EXIT_OK } from './errors.js';
import { commandLine, EXAMPLES, isDocumented, type Example } from './examples.js';

const EXIT_STATUS = [
  [EXIT_OK, 'success'],
  [EXIT_BAD_INPUT, 'bad input: a scenario, a flag or a file; one line per problem on stderr, and no output file written'],
  [EXIT_EXPECTATIONS_FAILED, 'a check did not hold: an expectation of `hvsched check`, or a change of `hvsched diff` over `--fail-over`'],
  [EXIT_INTERNAL, 'an internal error, a bug in hvsched (`HVSCHED_DEBUG=1` adds the stack trace)'],
  [EXIT_CLOSED_PIPE, 'the reader of stdout or stderr went away, as for a program killed by SIGPIPE'],
] as const;

const ENVIRONMENT = [
  ['NO_COLOR', 'when set and not empty, no colour, as with `--no-color` (colour is only ever used on a terminal)'],
  ['HVSCHED_DEBUG', 'when set, an internal error prints its stack trace'],
] as const;

export function manualMarkdown(program: Command): string {
  const help = program.createHelp();
  const commands = help.visibleCommands(program).filter((command) => isDocumented(command.name()));
  const sections = [
    `# ${program.name()}(1) -- ${text(sentence(help.commandDescription(program)))}`,
    '## SYNOPSIS',
    commands.map((command) => `\`${program.name()} ${help.subcommandTerm(command)}\``).join('\n'),
    '## DESCRIPTION',
    text(help.commandDescription(program)),
    text(
      'Every command that takes a scenario file also takes the name of a bundled scenario when no file of that name is there ' +
        '(`hvsched run default`), and `-` for stdin; `hvsched scenarios` lists the bundled ones. ' +
        'The scenario format, the result documents and the model are described in the docs/ folder of the package.',
    ),
    '## OPTIONS',
    optionList(help, help.visibleOptions(program)),
    '## COMMANDS',
    ...commands.flatMap((command) => commandSection(program, help, command)),
    '## EXAMPLES',
    examples(EXAMPLES.hvsched),
    '## EXIT STATUS',
    EXIT_STATUS.map(([code, meaning]) => `* \`${code}\`: ${text(meaning)}`).join('\n'),
    '## ENVIRONMENT',
    ENVIRONMENT.map(([name, meaning]) => `* \`${name}\`: ${text(meaning)}`).join('\n'),
  ];
  return `${sections.join('\n\n')}\n`;
}

function commandSection(program: Command, help: Help, command: Command): string[] {
  const name = command.name();
  const args = help.visibleArguments(command).map((argument) => `* \`${help.argumentTerm(argument)}\`: ${text(help.argumentDescription(argument))}`);
  const options = help.visibleOptions(command).filter((option) => option.long !== '--help');
  return [
    `### ${program.name()} ${text(help.subcommandTerm(command))}`,
    text(sentence(help.commandDescription(command))),
    ...(args.length === 0 ? [] : ['Arguments:', args.join('\n')]),
    ...(options.length === 0 ? [] : ['Options:', optionList(help, options)]),
    ...(isDocumented(name) ? ['Examples:', examples(EXAMPLES[name])] : []),
  ];
}

function optionList(help: Help, options: readonly Option[]): string {
  return options.map((option) => `* \`${help.optionTerm(option)}\`: ${text(help.optionDescription(option))}`).join('\n');
}

function examples(list: readonly Example[]): string {
  return ['```', ...list.flatMap((example) => [`# ${example.says}`, commandLine(example)]), '```'].join('\n');
}

/** Help texts start in lower case, as commander's own do; a page's sentences do not. */
function sentence(description: string): string {
  return description.charAt(0).toUpperCase() + description.slice(1);
}

/** Plain help text as markdown: code spans kept, everything else escaped, and never HTML. */
function text(plain: string): string {
  return plain
    .split(/(`[^`]*`)/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/[\\*_[\]]/g, '\\$&').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('');
}
