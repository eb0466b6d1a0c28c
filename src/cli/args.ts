import { AVAILABLE_EDITIONS, AVAILABLE_FORMATS, EDITIONS, FORMATS, LAYOUTS, isEdition, isFormat, isLayout, type EditionTag, type Format, type Layout } from '../config/editions.ts';

export type Command = 'build' | 'check';

export interface CliArgs {
  command: Command;
  chapters?: string;
  out?: string;
  editions?: EditionTag[];
  formats?: Format[];
  layouts?: Layout[];
  strict: boolean;
  allowMissingGlyphs: boolean;
  verbose: boolean;
  watch: boolean;
  help: boolean;
}

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {}

const FLAGS_WITH_VALUE: Record<Command, readonly string[]> = {
  build: ['--chapters', '--out', '--edition', '--format', '--layout'],
  check: ['--chapters', '--edition'],
};
const SWITCHES: Record<Command, readonly string[]> = {
  build: ['--strict', '--allow-missing-glyphs', '--verbose', '--watch', '--help'],
  check: ['--strict', '--allow-missing-glyphs', '--verbose', '--help'],
};

export function parseArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command !== 'build' && command !== 'check') throw new UsageError(`unknown command '${command ?? ''}' (expected build or check)`);
  const args: CliArgs = { command, strict: false, allowMissingGlyphs: false, verbose: false, watch: false, help: false };
  for (let i = 0; i < rest.length; i++) {
    const raw = rest[i];
    const eq = raw.indexOf('=');
    const flag = raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw;
    if (SWITCHES[command].includes(flag)) {
      if (flag === '--strict') args.strict = true;
      if (flag === '--allow-missing-glyphs') args.allowMissingGlyphs = true;
      if (flag === '--verbose') args.verbose = true;
      if (flag === '--watch') args.watch = true;
      if (flag === '--help') args.help = true;
      continue;
    }
    if (!FLAGS_WITH_VALUE[command].includes(flag)) {
      throw new UsageError(raw.startsWith('-') ? `unknown option '${flag}' for ${command}` : `unexpected argument '${raw}'`);
    }
    const value = eq > 0 && raw.startsWith('--') ? raw.slice(eq + 1) : rest[++i];
    if (value === undefined || value === '' || (value.startsWith('--') && eq < 0)) throw new UsageError(`${flag} needs a value`);
    if (flag === '--chapters') args.chapters = value;
    if (flag === '--out') args.out = value;
    if (flag === '--edition') args.editions = list(value, flag, EDITIONS, AVAILABLE_EDITIONS, isEdition);
    if (flag === '--format') args.formats = list(value, flag, FORMATS, AVAILABLE_FORMATS, isFormat);
    if (flag === '--layout') args.layouts = list(value, flag, LAYOUTS, LAYOUTS, isLayout);
  }
  return args;
}

function list<T extends string>(
  value: string,
  flag: string,
  known: readonly T[],
  available: readonly T[],
  is: (s: string) => s is T,
): T[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError(`${flag} needs a value`);
  for (const item of items) {
    if (!is(item)) throw new UsageError(`${flag}: unknown value '${item}' (known: ${known.join(', ')})`);
    if (!available.includes(item)) throw new UsageError(`${flag}: '${item}' is not built by this version yet (available: ${available.join(', ')})`);
  }
  return [...new Set(items)] as T[];
}

export const USAGE = `Usage:
  npm run build -- [--chapters DIR] [--out DIR] [--edition LIST] [--format LIST] [--layout LIST] [--strict] [--allow-missing-glyphs] [--verbose] [--watch]
  npm run check -- [--chapters DIR] [--edition LIST] [--strict] [--verbose]

  --chapters DIR   manuscript folder (default: chapters/ of this project)
  --out DIR        output folder (default: dist/ of this project)
  --edition LIST   comma list of ${EDITIONS.join(', ')}
  --format LIST    comma list of ${FORMATS.join(', ')}
  --layout LIST    horizontal, vertical (直排), or both (default: book.yaml's layout, else horizontal)
  --strict         exit 1 on any warning
  --allow-missing-glyphs  a character no font has is a warning, drawn as a placeholder
  --verbose        also print info diagnostics (every punctuation change, for example)
  --watch          build, then rebuild whenever the manuscript folder changes (Ctrl-C stops)

Exit codes: 0 ok (warnings allowed), 1 manuscript or build error, 2 usage error.`;
