// The command line: commander wiring, reading and writing files through CliIo, exit codes.
import { Argument, Command, Option } from 'commander';
import pc from 'picocolors';
import { decideGate } from '../hypervisor/gate.js';
import { runMode, type RunOptions as SimulationOptions } from '../hypervisor/simulate.js';
import type { LongestWait } from '../metrics/longest-waits.js';
import type { RunResult, ScenarioResult } from '../metrics/result.js';
import { clipTrace, type RunTrace, type TimeWindow } from '../metrics/trace.js';
import { MODES, type Mode, type PropertyRead, type Scenario } from '../model/scenario.js';
import { formatNanos } from '../model/time.js';
import { evaluate } from '../metrics/expectations.js';
import { renderCheck } from '../report/check.js';
import { renderChromeTrace } from '../report/chrome-trace.js';
import { renderHtml } from '../report/html.js';
import { renderTimeline } from '../report/timeline.js';
import { EXPLAIN_FORMATS, EXPLAIN_RENDERERS, explain, type ExplainFormat } from '../report/explain.js';
import { GATE_FORMATS, GATE_RENDERERS, type GateFormat } from '../report/gate.js';
import { CSV_TABLE_NAMES, FORMATS, RENDERERS, type CsvTable, type Format, type Painter } from '../report/index.js';
import { checkRecordingSize, type RecordingFile } from '../scenario/budget.js';
import { DEFAULTS } from '../scenario/defaults.js';
import { formatIssue, parseScenario, scenarioJsonSchema, type Overrides } from '../scenario/index.js';
import { parseDuration } from '../scenario/duration.js';
import { LIMITS } from '../scenario/limits.js';
import { printable } from '../scenario/message.js';
import { parsePropertyRead } from '../scenario/property-read.js';
import { didYouMean } from '../scenario/suggest.js';
import { EXIT_INTERNAL, EXIT_OK, ExpectationsFailed, UserError, exitCodeFor } from './errors.js';
import { diffCommand, MAX_RESULT_BYTES, type DiffCommandOptions } from './diff.js';
import { DIFF_FORMATS } from '../report/diff.js';
import { InputRefused, STDIN, type CliIo } from './io.js';
import { COMPLETION_SERVER, COMPLETION_SHELLS, completionReply, completionScript, type CompletionShell } from './completion.js';
import { EXAMPLES, examplesHelp, isDocumented } from './examples.js';
import { VERSION } from '../model/version.js';
import { TERMINAL_WIDTH } from '../report/text.js';
import { OutputWriteError, type OutputSet } from './outputs.js';
import { renderSweepCsv, renderSweepJson, renderSweepTable } from '../report/sweep.js';
import type { SweepPlotFormat } from '../report/sweep-plot.js';
import { mergeSweepParts, renderSweepPart } from '../sweep/parts.js';
import { planSweep, type SweepPlan } from '../sweep/plan.js';
import type { SweepResult } from '../sweep/result.js';
import { runSweep, SweepWorkers, type Shard } from '../sweep/run.js';

export { VERSION };

interface RunOptions {
  mode?: string;
  seed?: string;
  duration?: string;
  format: Format;
  table?: CsvTable;
  out?: string;
  color: boolean;
  trace?: string;
  traceWindow?: string;
  report?: string;
  reportWindow?: string;
  timeline?: string;
}

/** What the views that draw time show unless told otherwise. */
const DEFAULT_TRACE_SPAN = 2_000_000_000;
const DEFAULT_REPORT_SPAN = 100_000_000;
/**
 * Bytes per estimated event in each recording, measured on the bundled scenarios (a trace: 17–68,
 * a report's timelines: 108–386) and rounded up, so the size bound errs on the safe side.
 */
const TRACE_FILE: RecordingFile = { flag: '--trace', windowFlag: '--trace-window', bytesPerEvent: 64 };
const REPORT_FILE: RecordingFile = { flag: '--report', windowFlag: '--report-window', bytesPerEvent: 400 };
/** Runs shorter than this get no progress bar. */
const PROGRESS_AFTER_MS = 1000;

interface ExplainOptions {
  mode?: string;
  partition?: string;
  seed?: string;
  duration?: string;
  top?: string;
  format: ExplainFormat;
  color: boolean;
}

/** How many of a partition's longest waits `explain` lists unless told; at most MAX_TOP. */
const DEFAULT_TOP = 5;
const MAX_TOP = 100;
/** The mode each mode is contrasted with in `explain`'s last line, when the scenario runs it. */
const CONTRAST: Partial<Record<Mode, Mode>> = { core: 'integrated', integrated: 'core' };

interface GateOptions {
  caps?: string;
  property?: string;
  format: GateFormat;
  color: boolean;
}

export function createProgram(io: CliIo): Command {
  const program = new Command('hvsched')
    .description('Discrete-event simulator of Microsoft Hypervisor CPU scheduling: stolen time, core vs integrated scheduler.')
    .version(VERSION, '-v, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command('run')
    .description('simulate a scenario file under its modes and report per-VP run, steal and idle time')
    .argument('<file>', 'scenario file (YAML or JSON)')
    .option('-m, --mode <modes>', 'comma-separated modes to run instead of the scenario\'s own')
    .option('-s, --seed <n>', 'random seed instead of the scenario\'s')
    .option('-d, --duration <duration>', 'simulated time instead of the scenario\'s, e.g. 2s')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('table'))
    .addOption(new Option('--table <table>', 'with --format csv: one tidy table, a row per mode and entity (default: every kind of row in one)').choices(CSV_TABLE_NAMES))
    .option('-o, --out <file>', 'write the output to a file instead of stdout')
    .option('--trace <file.json>', 'also write a Chrome/Perfetto trace of what each LP and VP did')
    .option('--trace-window <from..to>', 'the simulated time the trace covers (default 0s..2s)')
    .option('--report <file.html>', 'also write a one-file HTML report with charts and LP timelines')
    .option('--report-window <from..to>', "the simulated time the report's LP timelines cover (default 0ms..100ms), whatever --trace-window says")
    .option('--timeline <from..to>', 'also draw each mode\'s LPs in the terminal over this window, e.g. 0ms..40ms')
    .option('--no-color', 'never colour the table')
    .action((file: string, options: RunOptions) => runCommand(io, file, options));

  program
    .command('explain')
    .description("one partition's numbers in words: where its time went, who took it, its longest waits, what its OS believed")
    .argument('<file>', 'scenario file (YAML or JSON)')
    .option('-m, --mode <mode>', "the mode to explain (default: core if the scenario runs it, else its first mode)")
    .option('-p, --partition <name>', 'the partition to explain (default: the first L1VH, else the one with the most steal)')
    .option('-s, --seed <n>', 'random seed instead of the scenario\'s')
    .option('-d, --duration <duration>', 'simulated time instead of the scenario\'s, e.g. 2s')
    .option('-n, --top <n>', `how many of its longest waits to list (1–${MAX_TOP}, default ${DEFAULT_TOP})`)
    .addOption(new Option('-f, --format <format>', 'output format').choices(EXPLAIN_FORMATS).default('text'))
    .option('--no-color', 'never colour the text')
    .action((file: string, options: ExplainOptions) => explainCommand(io, file, options));

  program
    .command('sweep')
    .description('run a scenario over a grid of parameter values and seeds: a table, CSV, JSON or a plot of every metric per mode; `sweep merge parts…` joins shards')
    .argument('<file>', 'scenario file (YAML or JSON), or `merge` followed by the parts of a sharded sweep')
    .argument('[parts...]', 'with `merge`: the part files written by --shard')
    .option('--vary <path=values>', 'a scenario key and its values: 1ms,5ms,10ms, 1..8, 2..16:2 or 1ms..10ms:1ms (repeat for a grid)', collect, [])
    .option('--seeds <n>', 'runs per cell, seeds derived from the scenario seed (default: the sweep block\'s, else 1)')
    .option('--metric <name>', 'what each cell reports, as `expect` names it: l1vh.stealShare, l1vh/vms.cpus, forcedIdleShare (repeat)', collect, [])
    .option('-m, --mode <modes>', 'comma-separated modes to run instead of the scenario\'s own')
    .option('-s, --seed <n>', 'base random seed instead of the scenario\'s')
    .option('-d, --duration <duration>', 'simulated time of every run instead of the scenario\'s, e.g. 2s')
    .addOption(new Option('-f, --format <format>', 'output format').choices(SWEEP_FORMATS).default('table'))
    .option('-o, --out <file>', 'write the output to a file instead of stdout')
    .option('--plot <file.svg|file.html>', 'also draw a chart per metric: a line per mode with its 95 % CI band, as SVG or a one-file HTML page')
    .option('-j, --jobs <n>', 'threads that run cells: this one and N - 1 workers (default: the available cores)')
    .option('--shard <i/n>', 'run only every n-th cell, starting with cell i-1, and write a part for `sweep merge`')
    .option('--no-color', 'never colour the table')
    .action((file: string, parts: string[], options: SweepOptions) => (file === 'merge' ? mergeCommand(io, parts, options) : sweepCommand(io, file, parts, options)));

  program
    .command('validate')
    .description('check scenario files and report every problem, one per line')
    .argument('<files...>', 'scenario files')
    .action((files: string[]) => validateCommand(io, files));

  program
    .command('check')
    .description("run each scenario's modes and check the answers its `expect` list states")
    .argument('[files...]', 'scenario files or bundled scenarios\' names')
    .option('--all', 'check every bundled scenario')
    .option('--no-color', 'never colour the report')
    .action((files: string[], options: { color: boolean; all?: boolean }) => checkCommand(io, options.all === true ? [...files, ...io.bundledScenarios().values()] : files, options));

  program
    .command('scenarios')
    .description('list the bundled scenarios, which every command takes by name (hvsched run default)')
    .action(() => scenariosCommand(io));

  program
    .command('gate')
    .description('decide, as an L1VH\'s mshv driver does, whether it uses the integrated scheduler')
    .option('--caps <value>', `bank 0 of the VMM capabilities: a u64 (hex or decimal) or "unreadable" (default: 0x${DEFAULTS.vmmCapabilities.toString(16)})`)
    .option('--property <value>', `property 0x00020005 (integrated scheduler enabled): a u64 or "unreadable" (default: ${DEFAULTS.integratedSchedulerEnabled})`)
    .addOption(new Option('-f, --format <format>', 'output format').choices(GATE_FORMATS).default('table'))
    .option('--no-color', 'never colour the table')
    .action((options: GateOptions) => gateCommand(io, options));

  program
    .command('diff')
    .description('compare two results of `run --format json` per mode, partition and measure; exit 3 on a change over --fail-over')
    .argument('<a.json>', 'the result to compare from')
    .argument('<b.json>', 'the result to compare to')
    .option('-m, --mode <modes>', 'comma-separated modes to compare (default: every mode both ran)')
    .option('--threshold <amounts>', 'changes to mark: pp for shares, cpus for CPUs, x for durations (default 1pp,0.1cpus,x1.5)')
    .option('--fail-over <amounts>', 'exit 3 if a change is over this, e.g. 2pp or 2pp,0.2cpus,x2 (default: never)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(DIFF_FORMATS).default('table'))
    .option('--no-color', 'never colour the table')
    .action((a: string, b: string, options: DiffCommandOptions) =>
      diffCommand(io, [a, b], options, { paint: painter(wantsColour(io, options.color)), describeFsError }),
    );

  program
    .command('schema')
    .description('print the JSON Schema of scenario files, for editors')
    .action(() => io.stdout(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`));

  program
    .command('completion')
    .description('print the script that completes hvsched\'s commands, options, modes, bundled scenario names and files in a shell')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(COMPLETION_SHELLS))
    .action(async (shell: CompletionShell) => io.stdout(await completionScript(shell)));

  // What the completion scripts call at every Tab (see completion.ts); not for people.
  program
    .command(COMPLETION_SERVER, { hidden: true })
    .argument('[words...]', 'the command line, from its first word')
    .action((words: string[]) => completionCommand(io, program, words));

  for (const command of [program, ...program.commands]) {
    const name = command.name();
    if (name === COMPLETION_SERVER) continue;
    if (!isDocumented(name)) throw new Error(`the command ${name} has no examples in examples.ts`);
    command.addHelpText('after', examplesHelp(EXAMPLES[name]));
  }
  return program;
}

function completionCommand(io: CliIo, program: Command, words: readonly string[]): void {
  // The scripts name their shell in SHELL, the word under the cursor in COMP_CWORD (counting
  // `hvsched`) and the cursor's offset in the line in COMP_POINT.
  const named = io.env.SHELL?.split('/').pop();
  const shell = COMPLETION_SHELLS.find((known) => known === named);
  const current = Number(io.env.COMP_CWORD);
  if (shell === undefined || !Number.isInteger(current) || current < 1) return;
  const point = Number(io.env.COMP_POINT);
  const request = { shell, words: words.slice(1), current: current - 1, ...(Number.isInteger(point) && io.env.COMP_POINT !== '' ? { point } : {}) };
  io.stdout(completionReply(program, request, { scenarios: [...io.bundledScenarios().keys()], list: io.listDirectory }));
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await createProgram(io).parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    const code = exitCodeFor(error);
    if (error instanceof UserError) io.stderr(`${error.lines.join('\n')}\n`);
    else if (code === EXIT_INTERNAL) {
      const detail = io.env.HVSCHED_DEBUG && error instanceof Error ? (error.stack ?? error.message) : String(error instanceof Error ? error.message : error);
      io.stderr(`hvsched: internal error: ${detail}\nThis is a bug in hvsched; set HVSCHED_DEBUG=1 for the stack trace.\n`);
    }
    return code;
  }
}

function loadScenario(io: CliIo, file: string, overrides: Overrides = {}): Scenario {
  return scenarioFrom(readScenarioText(io, file), file, overrides);
}

function scenarioFrom(text: string, file: string, overrides: Overrides): Scenario {
  const loaded = parseScenario(text, inputName(file), overrides);
  if (!loaded.ok) throw new UserError(loaded.issues.map(formatIssue));
  return loaded.scenario;
}

async function runCommand(io: CliIo, file: string, options: RunOptions): Promise<void> {
  const overrides: Overrides = {
    ...(options.mode === undefined ? {} : { modes: options.mode }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.duration === undefined ? {} : { duration: options.duration }),
  };
  if (options.table !== undefined && options.format !== 'csv') throw new UserError([`--table: picks a CSV table: add --format csv (got --format ${options.format})`]);
  const scenario = loadScenario(io, file, overrides);
  const duration = scenario.duration;
  const traceWindow = options.trace === undefined ? null : windowOption('--trace-window', options.traceWindow, DEFAULT_TRACE_SPAN, duration);
  if (options.reportWindow !== undefined && options.report === undefined) throw new UserError(['--report-window: sets the HTML report\'s timelines: add --report <file.html>']);
  const reportWindow = options.report === undefined ? null : windowOption('--report-window', options.reportWindow, DEFAULT_REPORT_SPAN, duration);
  const timelineWindow = options.timeline === undefined ? null : windowOption('--timeline', options.timeline, 0, duration);
  if (timelineWindow !== null && options.format !== 'table' && options.out === undefined) {
    throw new UserError([`--timeline: draws for people, not beside --format ${options.format} on stdout: add --out <file> for the ${options.format}`]);
  }
  const tooBig = [
    traceWindow === null ? null : checkRecordingSize(scenario, TRACE_FILE, traceWindow),
    reportWindow === null ? null : checkRecordingSize(scenario, REPORT_FILE, reportWindow),
  ].filter((problem): problem is string => problem !== null);
  if (tooBig.length > 0) throw new UserError(tooBig);
  const windows = [traceWindow, reportWindow, timelineWindow].filter((w): w is TimeWindow => w !== null);
  const recorded = windows.length === 0 ? undefined : { from: Math.min(...windows.map((w) => w.from)), to: Math.max(...windows.map((w) => w.to)) };

  const outputs = checkOutputs(io, [options.trace, options.report, options.out]);

  const { result, traces } = simulateModes(io, scenario, scenario.modes, recorded === undefined ? {} : { traceWindow: recorded });
  const within = (window: TimeWindow): RunTrace[] => traces.map((trace) => clipTrace(trace, window));

  const colour = options.out === undefined && wantsColour(io, options.color);
  const main = RENDERERS[options.format](result, { paint: painter(colour), table: options.table ?? null });
  if (traceWindow !== null) outputs.stage(options.trace!, renderChromeTrace(result, within(traceWindow), { version: VERSION }));
  if (reportWindow !== null) outputs.stage(options.report!, renderHtml({ result, traces: within(reportWindow), scenario }, { version: VERSION }));
  if (options.out !== undefined) outputs.stage(options.out, main);
  await commitOutputs(outputs);
  if (options.out === undefined) io.stdout(main);
  if (timelineWindow !== null) {
    const paint = painter(wantsColour(io, options.color));
    io.stdout(renderTimeline(result, within(timelineWindow), { paint, colors: palette(wantsColour(io, options.color)) }));
  }
}

interface Simulated {
  readonly result: ScenarioResult;
  readonly traces: RunTrace[];
  /** Per mode, in order: each partition's longest waits, when asked for. */
  readonly waits: (ReadonlyMap<string, readonly LongestWait[]> | null)[];
}

/** Runs `modes` of `scenario` one after the other, with a progress bar when that takes a while. */
function simulateModes(io: CliIo, scenario: Scenario, modes: readonly Mode[], recording: Pick<SimulationOptions, 'traceWindow' | 'longestWaits'> = {}): Simulated {
  const duration = scenario.duration;
  const progress = progressReporter(io, modes.length * duration);
  const runs: RunResult[] = [];
  const traces: RunTrace[] = [];
  const waits: Simulated['waits'] = [];
  modes.forEach((mode, index) => {
    const { run, trace, longestWaits } = runMode(scenario, mode, { ...recording, progress: (now) => progress(mode, index * duration + now) });
    runs.push(run);
    if (trace !== null) traces.push(trace);
    waits.push(longestWaits);
  });
  progress.done();
  return { result: { scenario: { name: scenario.name, seed: scenario.seed, durationNs: duration }, runs }, traces, waits };
}

/** `from..to` in durations with units, inside the run; `span` > 0 makes the flag optional with window 0..span. */
function windowOption(flag: string, text: string | undefined, span: number, duration: number): TimeWindow {
  if (text === undefined) return { from: 0, to: Math.min(span, duration) };
  const expected = `expected a window like 0ms..40ms inside the run's ${formatNanos(duration)}, got "${text}"`;
  const [fromText, toText, ...rest] = text.split('..');
  if (fromText === undefined || toText === undefined || rest.length > 0) throw new UserError([`${flag}: ${expected}`]);
  const from = parseDuration(fromText.trim());
  const to = parseDuration(toText.trim());
  // A bare number is the usual slip: name the end that lacks its unit rather than the whole range.
  for (const [end, parsed] of [[fromText.trim(), from], [toText.trim(), to]] as const) {
    if (!parsed.ok && /^\d+(\.\d+)?$/.test(end)) throw new UserError([`${flag}: "${end}" has no unit: expected a window like 0ms..40ms, got "${text}"`]);
  }
  if (!from.ok || !to.ok || from.value >= to.value || from.value >= duration) throw new UserError([`${flag}: ${expected}`]);
  return { from: from.value, to: Math.min(to.value, duration) };
}

/** A set for the given output paths, each checked before the work that fills them starts. */
function checkOutputs(io: CliIo, paths: readonly (string | undefined)[]): OutputSet {
  const outputs = io.outputs();
  const given = paths.filter((path): path is string => path !== undefined);
  const problems: string[] = [];
  for (const [index, path] of given.entries()) {
    if (given.indexOf(path) !== index) {
      problems.push(`${path}: given for two outputs: name a file for each`);
      continue;
    }
    try {
      outputs.check(path);
    } catch (error) {
      problems.push(`${path}: cannot write the output: ${describeFsError(error)}`);
    }
  }
  if (problems.length > 0) throw new UserError(problems);
  return outputs;
}

async function commitOutputs(outputs: OutputSet): Promise<void> {
  try {
    await outputs.commit();
  } catch (error) {
    if (!(error instanceof OutputWriteError)) throw error;
    throw new UserError([`${error.path}: cannot write the output: ${describeFsError(error.cause)}`]);
  }
}

interface ProgressReporter {
  (mode: string, done: number): void;
  done(): void;
}

/** Shows a progress bar on stderr once a run has taken about a second (never off a terminal). */
function progressReporter(io: CliIo, total: number): ProgressReporter {
  const started = io.now();
  let bar: ReturnType<CliIo['progressBar']> = null;
  let tried = false;
  const report = ((mode: string, done: number): void => {
    if (bar === null && !tried && io.now() - started >= PROGRESS_AFTER_MS) {
      tried = true;
      bar = io.progressBar(total);
    }
    bar?.update(done, mode);
  }) as ProgressReporter;
  report.done = () => bar?.stop();
  return report;
}

function explainCommand(io: CliIo, file: string, options: ExplainOptions): void {
  const top = options.top === undefined ? DEFAULT_TOP : Number(options.top);
  if ((options.top !== undefined && !/^\d+$/.test(options.top.trim())) || top < 1 || top > MAX_TOP) {
    throw new UserError([`--top: expected an integer 1–${MAX_TOP}, got ${JSON.stringify(options.top)}`]);
  }
  const requested = options.mode;
  if (requested !== undefined && !isMode(requested)) {
    throw new UserError([`--mode: expected one of ${MODES.join(', ')}, got ${JSON.stringify(requested)}${didYouMean(requested, MODES)}`]);
  }
  const overrides: Overrides = {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.duration === undefined ? {} : { duration: options.duration }),
  };
  // Read once: stdin cannot be read twice.
  const text = readScenarioText(io, file);
  const own = scenarioFrom(text, file, overrides);
  const mode = requested ?? (own.modes.includes('core') ? 'core' : own.modes[0]!);
  // A mode the file does not run gets the checks it would get in the file's `modes`.
  const scenario = own.modes.includes(mode) ? own : scenarioFrom(text, file, { ...overrides, modes: mode });
  const names = scenario.partitions.flatMap((p) => [p.name, ...(p.kind === 'l1vh' ? p.children.map((c) => c.name) : [])]);
  if (options.partition !== undefined && !names.includes(options.partition)) {
    throw new UserError([`--partition: expected one of ${names.join(', ')}, got ${JSON.stringify(options.partition)}${didYouMean(options.partition, names)}`]);
  }
  const contrast = CONTRAST[mode];
  const modes = contrast !== undefined && own.modes.includes(contrast) ? [mode, contrast] : [mode];
  const { result, waits } = simulateModes(io, scenario, modes, { longestWaits: top });
  const partition =
    options.partition ??
    scenario.partitions.find((p) => p.kind === 'l1vh')?.name ??
    result.runs[0]!.partitions.reduce((most, p) => (p.stealNs > most.stealNs ? p : most)).name;
  const explanation = explain({ result, partition, waits: waits[0]?.get(partition) ?? [] });
  io.stdout(EXPLAIN_RENDERERS[options.format](explanation, { paint: painter(wantsColour(io, options.color)) }));
}

interface SweepOptions {
  vary: string[];
  seeds?: string;
  metric: string[];
  mode?: string;
  seed?: string;
  duration?: string;
  format: SweepFormat;
  out?: string;
  plot?: string;
  jobs?: string;
  shard?: string;
  color: boolean;
}

const SWEEP_FORMATS = ['table', 'csv', 'json'] as const;
type SweepFormat = (typeof SWEEP_FORMATS)[number];

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function sweepCommand(io: CliIo, file: string, extra: readonly string[], options: SweepOptions): Promise<void> {
  if (extra.length > 0) throw new UserError([`sweep: expected one scenario file, got also ${extra.join(' ')} (to join parts: hvsched sweep merge <parts…>)`]);
  const jobs = options.jobs === undefined ? io.availableCores : positiveInteger('--jobs', options.jobs, MAX_JOBS);
  const shard = options.shard === undefined ? undefined : shardOption(options.shard);
  if (shard !== undefined && options.format !== 'json') throw new UserError([`--shard: a part is JSON for \`sweep merge\`: use --format json, not ${options.format}`]);
  if (shard !== undefined && options.plot !== undefined) throw new UserError(['--plot: a part has only some cells: plot the merged sweep (hvsched sweep merge … --plot F)']);
  const plotFormat = await plotFormatOption(options.plot);
  const outputs = checkOutputs(io, [options.plot, options.out]);
  const overrides: Overrides = {
    ...(options.mode === undefined ? {} : { modes: options.mode }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.duration === undefined ? {} : { duration: options.duration }),
  };
  // Started first, so that they load the simulator while this thread validates every cell.
  const workers = new SweepWorkers(jobs);
  const { plan, result } = await planAndRun(io, file, { options, overrides, workers, shard }).finally(() => workers.close());
  const text = shard === undefined ? renderSweep(io, result, options) : renderSweepPart(result, shard, plan.cells.length);
  await writeSweep(io, outputs, text, result, { options, plotFormat });
}

async function planAndRun(
  io: CliIo,
  file: string,
  { options, overrides, workers, shard }: { options: SweepOptions; overrides: Overrides; workers: SweepWorkers; shard: Shard | undefined },
): Promise<{ plan: SweepPlan; result: SweepResult }> {
  const planned = planSweep(readScenarioText(io, file), inputName(file), {
    vary: options.vary,
    metrics: options.metric,
    ...(options.seeds === undefined ? {} : { seeds: options.seeds }),
    overrides,
  });
  if (!planned.ok) throw new UserError([...planned.errors]);
  const plan = planned.plan;
  const span = plan.scenario.duration;
  const progress = progressReporter(io, span * plan.modes.length * plan.cells.length * plan.seeds);
  const result = await runSweep(plan, { workers, ...(shard === undefined ? {} : { shard }), progress: (done, total) => progress(`run ${done}/${total}`, done * span) });
  progress.done();
  return { plan, result };
}

async function writeSweep(
  io: CliIo,
  outputs: OutputSet,
  text: string,
  result: SweepResult,
  { options, plotFormat }: { options: SweepOptions; plotFormat: SweepPlotFormat | null },
): Promise<void> {
  if (plotFormat !== null) outputs.stage(options.plot!, await (await sweepPlot()).renderSweepPlot(result, plotFormat));
  if (options.out !== undefined) outputs.stage(options.out, text);
  await commitOutputs(outputs);
  if (options.out === undefined) io.stdout(text);
}

/** Vega and Vega-Lite cost about 0.2 s of CPU to load: only a sweep that plots pays for them, not every start (nor every Tab). */
async function sweepPlot(): Promise<typeof import('../report/sweep-plot.js')> {
  return import('../report/sweep-plot.js');
}

async function plotFormatOption(file: string | undefined): Promise<SweepPlotFormat | null> {
  if (file === undefined) return null;
  const format = (await sweepPlot()).sweepPlotFormatOf(file);
  if (format === null) throw new UserError([`--plot: expected a file ending in .svg or .html, got ${JSON.stringify(file)}`]);
  return format;
}

async function mergeCommand(io: CliIo, parts: readonly string[], options: SweepOptions): Promise<void> {
  if (parts.length === 0) throw new UserError(['sweep merge: expected the part files written by --shard, got none']);
  const plotFormat = await plotFormatOption(options.plot);
  const outputs = checkOutputs(io, [options.plot, options.out]);
  const merged = mergeSweepParts(parts.map((path) => ({ path: inputName(path), text: readScenarioText(io, path, MAX_RESULT_BYTES) })));
  if (!merged.ok) throw new UserError([...merged.errors]);
  await writeSweep(io, outputs, renderSweep(io, merged.result, options), merged.result, { options, plotFormat });
}

function renderSweep(io: CliIo, result: SweepResult, options: SweepOptions): string {
  if (options.format === 'json') return renderSweepJson(result);
  if (options.format === 'csv') return renderSweepCsv(result);
  return renderSweepTable(result, painter(options.out === undefined && wantsColour(io, options.color)));
}

/** More worker threads than this is a typo: each holds a whole simulator. */
const MAX_JOBS = 256;

function positiveInteger(flag: string, text: string, max: number): number {
  const value = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || value < 1 || value > max) throw new UserError([`${flag}: expected an integer 1–${max}, got ${JSON.stringify(text)}`]);
  return value;
}

function shardOption(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const [index, count] = match === null ? [0, 0] : [Number(match[1]), Number(match[2])];
  if (match === null || count < 1 || index < 1 || index > count) throw new UserError([`--shard: expected i/n with 1 ≤ i ≤ n, e.g. 2/3, got ${JSON.stringify(text)}`]);
  return { index, count };
}

/** Names a bundled scenario may be given by: a file name without directory or extension. */
const BUNDLED_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const BUNDLED_NAME_WIDTH = 28;

function scenariosCommand(io: CliIo): void {
  const lines = [...io.bundledScenarios()].map(([name, path]) => {
    const sentence = loadScenario(io, path).description.replace(/\s+/g, ' ').trim().split(/(?<=\.) /)[0] ?? '';
    const room = TERMINAL_WIDTH - BUNDLED_NAME_WIDTH - 1;
    return `${name.padEnd(BUNDLED_NAME_WIDTH)} ${sentence.length > room ? `${sentence.slice(0, room - 1)}…` : sentence}`;
  });
  io.stdout(`${lines.join('\n')}\n`);
}

function readScenarioText(io: CliIo, given: string, maxBytes: number = LIMITS.maxScenarioBytes): string {
  // A bare name that is no file here is a bundled scenario's: `hvsched run default` from anywhere.
  const bundled = given !== STDIN && BUNDLED_NAME.test(given) && !io.exists(given) ? io.bundledScenarios().get(given) : undefined;
  const file = bundled ?? given;
  try {
    return io.readFile(file, maxBytes);
  } catch (error) {
    throw new UserError([`${inputName(file)}: cannot read ${file === STDIN ? 'stdin' : 'the file'}: ${describeFsError(error)}`]);
  }
}

/** A file as messages name it: on one line, whatever its name holds. */
function inputName(file: string): string {
  return file === STDIN ? '<stdin>' : printable(file, MAX_FILE_NAME_SHOWN);
}

const MAX_FILE_NAME_SHOWN = 240;

function checkCommand(io: CliIo, files: readonly string[], options: { color: boolean }): void {
  if (files.length === 0) throw new UserError(['check: expected scenario files or --all (every bundled scenario), got none']);
  const paint = painter(wantsColour(io, options.color));
  const problems: string[] = [];
  let failed = 0;
  for (const file of files) {
    let scenario: Scenario;
    try {
      scenario = loadScenario(io, file);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      problems.push(...error.lines);
      continue;
    }
    // Only the modes the expectations ask about, in the canonical order.
    const modes = MODES.filter((mode) => scenario.expect.some((e) => e.mode === mode));
    const outcomes = evaluate(scenario.expect, simulateModes(io, scenario, modes).result);
    failed += outcomes.filter((o) => !o.passed).length;
    io.stdout(renderCheck(inputName(file), outcomes, paint));
  }
  if (problems.length > 0) throw new UserError(problems);
  if (failed > 0) throw new ExpectationsFailed(`${failed} expectations failed`);
}

function validateCommand(io: CliIo, files: readonly string[]): void {
  const problems: string[] = [];
  for (const file of files) {
    try {
      const scenario = loadScenario(io, file);
      const count = scenario.partitions.length;
      const children = scenario.partitions.reduce((sum, p) => sum + (p.kind === 'l1vh' ? p.children.length : 0), 0);
      const childText = children === 0 ? '' : ` and ${children} child${children === 1 ? '' : 'ren'}`;
      io.stdout(`${inputName(file)}: ok (${printable(scenario.name)}: ${count} partition${count === 1 ? '' : 's'}${childText}, modes ${scenario.modes.join(', ')})\n`);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      problems.push(...error.lines);
    }
  }
  if (problems.length > 0) throw new UserError(problems);
}

function gateCommand(io: CliIo, options: GateOptions): void {
  const problems: string[] = [];
  const read = (flag: string, text: string): PropertyRead => {
    const parsed = parsePropertyRead(text);
    if (parsed.ok) return parsed.value;
    problems.push(`${flag}: ${parsed.message}`);
    return { kind: 'unreadable' };
  };
  const caps = options.caps === undefined ? ({ kind: 'value', value: DEFAULTS.vmmCapabilities } as const) : read('--caps', options.caps);
  const property = options.property === undefined ? ({ kind: 'value', value: DEFAULTS.integratedSchedulerEnabled } as const) : read('--property', options.property);
  if (problems.length > 0) throw new UserError(problems);
  io.stdout(GATE_RENDERERS[options.format](decideGate(caps, property), { paint: painter(wantsColour(io, options.color)) }));
}

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
function wantsColour(io: CliIo, requested: boolean): boolean {
  return requested && io.stdoutIsTTY && !('NO_COLOR' in io.env && io.env.NO_COLOR !== '');
}

function painter(enabled: boolean): Painter {
  const colors = pc.createColors(enabled);
  return { bold: colors.bold, dim: colors.dim, red: colors.red, green: colors.green };
}

/** Colours that tell partitions apart in the terminal timeline. */
function palette(enabled: boolean): ((text: string) => string)[] {
  const colors = pc.createColors(enabled);
  return [colors.cyan, colors.magenta, colors.yellow, colors.blue, colors.green, colors.red, colors.white];
}

function isMode(word: string): word is Mode {
  return (MODES as readonly string[]).includes(word);
}

function describeFsError(error: unknown): string {
  if (error instanceof InputRefused) return error.message;
  if (typeof error === 'object' && error !== null && 'code' in error) {
    switch (error.code) {
      case 'ENOENT':
        return 'no such file or directory';
      case 'EACCES':
        return 'permission denied';
      case 'EISDIR':
        return 'it is a directory';
      case 'ENOTDIR':
        return 'a part of the path is not a directory';
      case 'ENOSPC':
        return 'no space left on the device';
      case 'EDQUOT':
        return 'disk quota exceeded';
      case 'EROFS':
        return 'read-only file system';
      case 'EPIPE':
        return 'the reader closed the pipe';
      case 'ELOOP':
        return 'too many levels of symbolic links';
    }
  }
  return error instanceof Error ? error.message : String(error);
}
