// Shell completion. The scripts for each shell are @pnpm/tabtab's (the completion pnpm itself
// ships): at every Tab they call `hvsched completion-server -- <words>` with the index of the word
// under the cursor in COMP_CWORD, and show what it prints. What it prints is read here from the
// commander program itself (commands, options, choices), plus the values commander cannot know:
// mode names, bundled scenario names, and files.
import type { Argument, Command, Option } from 'commander';
import { MODES } from '../model/scenario.js';

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/** The hidden command the scripts call; its name is fixed by the scripts. */
export const COMPLETION_SERVER = 'completion-server';

/** Tells the zsh and fish scripts to complete file names themselves. */
const FILES_MARK = '__tabtab_complete_files__';

export async function completionScript(shell: CompletionShell): Promise<string> {
  // Loaded only here: its prompt library costs every other command's start-up otherwise.
  const tabtab = await import('@pnpm/tabtab');
  const script = await tabtab.getCompletionScript({ name: 'hvsched', completer: 'hvsched', shell });
  return script.endsWith('\n') ? script : `${script}\n`;
}

export interface Candidate {
  readonly value: string;
  readonly description: string;
}

/** What completes a value: fixed words, or also the files of the directory being typed. */
interface Values {
  readonly words: readonly Candidate[];
  readonly files: boolean;
}

export interface CompletionSources {
  /** The bundled scenarios' names. */
  readonly scenarios: readonly string[];
  /** The entries of a directory ('' for the current one), directories ending in `/`; none if unreadable. */
  readonly list: (directory: string) => readonly string[];
}

export interface CompletionRequest {
  readonly shell: CompletionShell;
  /** The words of the command line after `hvsched`. */
  readonly words: readonly string[];
  /** The index in `words` of the word under the cursor; `words.length` for a new, empty word. */
  readonly current: number;
  /** The cursor's offset in the command line, `hvsched` included, when the shell tells it. */
  readonly point?: number;
}

/** The text the shell's script reads: one candidate a line, as that shell wants it. */
export function completionReply(program: Command, request: CompletionRequest, sources: CompletionSources): string {
  const { shell, words } = request;
  const typed = words.slice(0, request.current);
  const word = words[request.current] ?? '';
  let values = complete(program, typed, word, sources);
  // fish passes no empty word for a new one, so "run" and "run " look alike but for the cursor:
  // past the words joined by single spaces, a new word has begun (several spaces between words
  // would mislead that, rarely). Without the cursor, offer both readings: fish keeps those that
  // extend the word at the cursor.
  if (shell === 'fish' && request.current === words.length && typed.length > 0) {
    const last = typed.at(-1)!;
    const within = complete(program, typed.slice(0, -1), last, sources);
    const line = ['hvsched', ...words].join(' ').length;
    if (request.point === undefined) values = { words: [...within.words.filter((c) => c.value !== last), ...values.words], files: within.files || values.files };
    else if (request.point <= line) values = within;
  }
  return render(values, word, shell);
}

function render(values: Values, typed: string, shell: CompletionShell): string {
  // bash replaces only what follows the `=` of `--mode=co`, whatever its words are.
  const inline = shell === 'bash' ? /^--[^=]+=/.exec(typed)?.[0] ?? (typed === '=' ? '=' : '') : '';
  const word = typed.slice(inline.length);
  const shown = unique(values.words);
  if (shown.length === 0) {
    // bash's script falls back to file names on an empty answer; zsh's and fish's need the mark.
    return values.files && shell !== 'bash' ? `${FILES_MARK}\n` : '';
  }
  const lines = shown.map(({ value: whole, description }) => {
    const value = whole.startsWith(inline) ? whole.slice(inline.length) : whole;
    if (shell === 'zsh') return description === '' ? escapeZsh(value) : `${escapeZsh(value)}:${escapeZsh(description)}`;
    if (shell === 'fish') return description === '' ? value : `${value}\t${description}`;
    return value;
  });
  // bash shows what it is given; the other shells match the word themselves.
  return `${(shell === 'bash' ? lines.filter((line) => line.startsWith(word)) : lines).join('\n')}\n`;
}

function escapeZsh(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/:/g, '\\:');
}

function unique(candidates: readonly Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => !seen.has(c.value) && seen.add(c.value) !== undefined);
}

const NOTHING: Values = { words: [], files: false };

/** What may stand at `word`, after the words already typed. */
function complete(program: Command, typed: readonly string[], word: string, sources: CompletionSources): Values {
  const { command, positionals, pending } = walk(program, typed);
  if (pending !== null) {
    const value = word === '=' ? '' : word;
    return startingWith(optionValues(pending, value), value);
  }
  if (word.startsWith('-')) {
    const inline = /^(--[^=]+)=(.*)$/.exec(word);
    if (inline !== null) {
      const option = findOption(command, inline[1]!);
      return option === undefined ? NOTHING : prefixed(startingWith(optionValues(option, inline[2]!), inline[2]!), `${inline[1]}=`);
    }
    return startingWith({ words: optionCandidates(command), files: false }, word);
  }
  if (command === program) return startingWith({ words: commandCandidates(program), files: false }, word);
  if (command.name() === 'help' && positionals === 0) return startingWith({ words: commandCandidates(program).filter((c) => c.value !== 'help'), files: false }, word);
  const argument = command.registeredArguments[positionals] ?? variadicTail(command);
  return argument === undefined ? NOTHING : startingWith(argumentValues(command, argument, positionals, word, sources), word);
}

interface Position {
  /** The command the words have reached (the program itself before a command name). */
  readonly command: Command;
  /** How many of the command's arguments have been given. */
  readonly positionals: number;
  /** The option whose value is the next word, if the last word asks for one. */
  readonly pending: Option | null;
}

function walk(program: Command, typed: readonly string[]): Position {
  let command = program;
  let positionals = 0;
  let pending: Option | null = null;
  let operandsOnly = false;
  for (const word of typed) {
    if (pending !== null) {
      // bash without bash-completion splits `--mode=core` into `--mode`, `=`, `core`.
      if (word !== '=') pending = null;
      continue;
    }
    if (!operandsOnly && word === '--') {
      operandsOnly = true;
      continue;
    }
    if (!operandsOnly && word.startsWith('-') && word !== '-') {
      const option = word.includes('=') ? undefined : findOption(command, word);
      if (option !== undefined && (option.required || option.optional)) pending = option;
      continue;
    }
    const sub = command === program ? program.commands.find((c) => c.name() === word || c.aliases().includes(word)) : undefined;
    if (sub !== undefined) command = sub;
    else if (command === program && word === 'help') command = helpCommand(program);
    else positionals += 1;
  }
  return { command, positionals, pending };
}

/** commander's own `help` command, which is not among `program.commands`. */
function helpCommand(program: Command): Command {
  return program.createHelp().visibleCommands(program).find((c) => c.name() === 'help') ?? program;
}

function findOption(command: Command, flag: string): Option | undefined {
  return visibleOptions(command).find((option) => option.long === flag || option.short === flag);
}

function visibleOptions(command: Command): readonly Option[] {
  return command.createHelp().visibleOptions(command);
}

function variadicTail(command: Command): Argument | undefined {
  const last = command.registeredArguments.at(-1);
  return last?.variadic === true ? last : undefined;
}

function commandCandidates(program: Command): Candidate[] {
  return program
    .createHelp()
    .visibleCommands(program)
    .map((c) => ({ value: c.name(), description: summary(c.description()) }));
}

function optionCandidates(command: Command): Candidate[] {
  return visibleOptions(command).flatMap((option) =>
    [option.long, option.short].filter((flag): flag is string => flag !== undefined).map((flag) => ({ value: flag, description: summary(option.description) })),
  );
}

/** A description up to its first colon or semicolon: enough beside a candidate. */
function summary(text: string): string {
  return text.split(/[:;]/)[0]!.trim();
}

/** Options whose value names a file to write (or, for sweep's --plot, its kind by extension). */
const FILE_OPTIONS = new Set(['--out', '--trace', '--report', '--plot']);

function optionValues(option: Option, word: string): Values {
  if (option.argChoices !== undefined) return { words: option.argChoices.map(plain), files: false };
  if (option.long === '--mode') return { words: modeList(word), files: false };
  if (option.long === '--caps' || option.long === '--property') return { words: [plain('unreadable')], files: false };
  if (option.long !== undefined && FILE_OPTIONS.has(option.long)) return { words: [], files: true };
  return NOTHING;
}

/** A comma-separated list of modes: the modes not yet in it, after what is typed. */
function modeList(word: string): Candidate[] {
  const cut = word.lastIndexOf(',') + 1;
  const given = word.slice(0, cut).split(',');
  return MODES.filter((mode) => !given.includes(mode)).map((mode) => plain(`${word.slice(0, cut)}${mode}`));
}

/** Arguments that name a scenario: a file, or a bundled scenario's name. */
const SCENARIO_ARGUMENTS = new Set(['file', 'files']);

function argumentValues(command: Command, argument: Argument, index: number, word: string, sources: CompletionSources): Values {
  if (argument.argChoices !== undefined) return { words: argument.argChoices.map(plain), files: false };
  if (!SCENARIO_ARGUMENTS.has(argument.name())) return { words: [], files: true };
  const extra = command.name() === 'sweep' && index === 0 ? [{ value: 'merge', description: 'join the parts of a sharded sweep' }] : [];
  const names = sources.scenarios.map((name) => ({ value: name, description: 'bundled scenario' }));
  const matching = [...extra, ...names].filter((c) => c.value.startsWith(word));
  // A name or a file may be meant: beside matching names, list the matching files too.
  if (matching.length === 0) return { words: [], files: true };
  return { words: [...matching, ...filesMatching(word, sources)], files: true };
}

function filesMatching(word: string, sources: CompletionSources): Candidate[] {
  const cut = word.lastIndexOf('/') + 1;
  const directory = word.slice(0, cut);
  return sources
    .list(directory)
    .filter((entry) => entry.startsWith(word.slice(cut)) && !entry.startsWith('.'))
    .map((entry) => plain(`${directory}${entry}`));
}

function plain(value: string): Candidate {
  return { value, description: '' };
}

function startingWith(values: Values, word: string): Values {
  return { words: values.words.filter((c) => c.value.startsWith(word)), files: values.files };
}

function prefixed(values: Values, prefix: string): Values {
  return { words: values.words.map((c) => ({ ...c, value: `${prefix}${c.value}` })), files: values.files };
}
