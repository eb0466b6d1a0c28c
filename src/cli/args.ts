import { AVAILABLE_EDITIONS, AVAILABLE_FORMATS, EDITIONS, FORMATS, LAYOUTS, isEdition, isFormat, isLayout, type EditionTag, type Format, type Layout } from '../config/editions.ts';

const COMMANDS = ['build', 'check', 'init', 'serve', 'clean'] as const;
export type Command = (typeof COMMANDS)[number];

export interface CliArgs {
  command: Command;
  /** The manuscript folder as given, positionally or with --chapters (never both). */
  dir?: string;
  out?: string;
  editions?: EditionTag[];
  formats?: Format[];
  layouts?: Layout[];
  strict: boolean;
  allowMissingGlyphs: boolean;
  verbose: boolean;
  watch: boolean;
  help: boolean;
  /** serve */
  port?: number;
  host?: string;
  open: boolean;
  /** clean: list what would go, delete nothing. */
  dryRun: boolean;
}

/** What the command line asks for: a command, the help text, or the version. */
export type Invocation = { kind: 'run'; args: CliArgs } | { kind: 'help'; command?: Command } | { kind: 'version' };

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose usage to print with the message, if one was named. */
    readonly command?: Command,
  ) {
    super(message);
  }
}

const FLAGS_WITH_VALUE: Record<Command, readonly string[]> = {
  build: ['--chapters', '--out', '--edition', '--format', '--layout'],
  check: ['--chapters', '--edition'],
  init: [],
  serve: ['--chapters', '--out', '--edition', '--port', '--host'],
  clean: ['--chapters', '--out'],
};
const SWITCHES: Record<Command, readonly string[]> = {
  build: ['--strict', '--allow-missing-glyphs', '--verbose', '--watch', '--help'],
  check: ['--strict', '--allow-missing-glyphs', '--verbose', '--help'],
  init: ['--help'],
  serve: ['--open', '--allow-missing-glyphs', '--verbose', '--help'],
  clean: ['--dry-run', '--help'],
};

const isCommand = (s: string | undefined): s is Command => (COMMANDS as readonly (string | undefined)[]).includes(s);

export function parseInvocation(argv: string[]): Invocation {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-V') return { kind: 'version' };
  if (first === '--help' || first === '-h') return { kind: 'help' };
  if (first === 'help') {
    if (rest[0] !== undefined && !isCommand(rest[0])) throw new UsageError(`unknown command '${rest[0]}' (expected ${COMMANDS.join(', ')})`);
    return { kind: 'help', command: rest[0] as Command | undefined };
  }
  const args = parseArgs(argv);
  return args.help ? { kind: 'help', command: args.command } : { kind: 'run', args };
}

function parseArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError(`no command given (expected ${COMMANDS.join(', ')})`);
  if (!isCommand(command)) throw new UsageError(`unknown command '${command}' (expected ${COMMANDS.join(', ')})`);
  const args: CliArgs = { command, strict: false, allowMissingGlyphs: false, verbose: false, watch: false, help: false, open: false, dryRun: false };
  const usage = (message: string) => new UsageError(message, command);
  let positional: string | undefined;
  let chapters: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const raw = rest[i];
    const eq = raw.indexOf('=');
    const flag = raw === '-h' ? '--help' : raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw;
    if (SWITCHES[command].includes(flag)) {
      // A switch is on by being there: --strict=no would read as on.
      if (flag !== raw && raw !== '-h') throw usage(`${flag} takes no value (give it alone to turn it on, leave it out to keep it off)`);
      if (flag === '--strict') args.strict = true;
      if (flag === '--allow-missing-glyphs') args.allowMissingGlyphs = true;
      if (flag === '--verbose') args.verbose = true;
      if (flag === '--watch') args.watch = true;
      if (flag === '--help') args.help = true;
      if (flag === '--open') args.open = true;
      if (flag === '--dry-run') args.dryRun = true;
      continue;
    }
    if (!raw.startsWith('-') || raw === '-') {
      if (positional !== undefined) throw usage(`unexpected argument '${raw}' (the manuscript folder is already '${positional}')`);
      positional = raw;
      continue;
    }
    if (!FLAGS_WITH_VALUE[command].includes(flag)) {
      // --formats, --editions, --layouts (the plural of a list), or a flag cut short.
      const near = [...FLAGS_WITH_VALUE[command], ...SWITCHES[command]].find((k) => flag.length > 3 && (flag.startsWith(k) || k.startsWith(flag)));
      throw usage(`unknown option '${flag}' for ${command}${near ? ` (did you mean ${near}?)` : ''}`);
    }
    const value = eq > 0 && raw.startsWith('--') ? raw.slice(eq + 1) : rest[++i];
    if (value === undefined || value === '' || (value.startsWith('--') && eq < 0)) throw usage(`${flag} needs a value`);
    if (flag === '--chapters') chapters = value;
    if (flag === '--out') args.out = value;
    if (flag === '--edition') args.editions = list(value, flag, EDITIONS, AVAILABLE_EDITIONS, isEdition, command);
    if (flag === '--format') args.formats = list(value, flag, FORMATS, AVAILABLE_FORMATS, isFormat, command);
    if (flag === '--layout') args.layouts = list(value, flag, LAYOUTS, LAYOUTS, isLayout, command);
    if (flag === '--port') args.port = port(value, command);
    if (flag === '--host') args.host = value;
  }
  if (positional !== undefined && chapters !== undefined) {
    throw usage(`the manuscript folder is given twice ('${positional}' and --chapters ${chapters}): give one`);
  }
  args.dir = positional ?? chapters;
  return args;
}

function port(value: string, command: Command): number {
  const n = Number(value);
  if (!/^\d+$/u.test(value) || n > 65535) throw new UsageError(`--port: '${value}' is not a port number (0–65535; 0 picks a free one)`, command);
  return n;
}

function list<T extends string>(
  value: string,
  flag: string,
  known: readonly T[],
  available: readonly T[],
  is: (s: string) => s is T,
  command: Command,
): T[] {
  // Language tags and format names are case-insensitive (BCP 47): zh-hant-tw is zh-Hant-TW, EPUB is epub.
  const items = value.split(',').map((s) => s.trim()).map((s) => known.find((k) => k.toLowerCase() === s.toLowerCase()) ?? s);
  if (items.every((s) => s === '')) throw new UsageError(`${flag} needs a value`, command);
  // epub,,pdf is most likely a value left out, not one to ignore.
  if (items.includes('')) throw new UsageError(`${flag}: '${value}' has an empty value between commas; separate values with one comma each`, command);
  for (const item of items) {
    if (!is(item)) throw new UsageError(`${flag}: unknown value '${item}' (known: ${known.join(', ')})`, command);
    if (!available.includes(item)) throw new UsageError(`${flag}: '${item}' is not built by this version yet (available: ${available.join(', ')})`, command);
  }
  return [...new Set(items)] as T[];
}
