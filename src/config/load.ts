import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { decodeUtf8 } from '../files/decode-utf8.ts';
import { LineCounter, parseDocument, isAlias, isCollection, isMap, isPair, isScalar, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { BuildError, fail, type Diagnostic, type Location } from '../diagnostics.ts';
import { AVAILABLE_EDITIONS, AVAILABLE_FORMATS, type EditionTag, type Format, type Layout } from './editions.ts';
import { bookConfigSchema, type BookConfigInput } from './schema.ts';
import { allowedValues, knownKeys, nearestKey } from './schema-paths.ts';
import { codePointName, CONTROL_CHAR } from '../text/chars.ts';
import { META_TEXTS, type MetaTextLines } from './meta-texts.ts';
import { joinWideFolds } from './wide-folds.ts';
import { CONFIG_FILE } from './config-file.ts';
import { BROKEN_LINK, isBrokenLink } from '../files/broken-link.ts';
import { duplicateKey, grammarSlip } from './yaml-slips.ts';
import { printConflicts, resolvePrint, type PrintSettings } from './print.ts';
import { resolveAppendices, type AppendixOptions } from './appendices.ts';
import { repeatedIsbns, resolveIsbns, resolveToc, type EditionIsbns, type TocOptions } from './publication.ts';


/** Keys whose value is text however it looks to YAML: a title may be a year, a pen name a number. */
const TEXT_KEYS = new Set(['title', 'subtitle', 'author', 'publisher', 'description', 'rights']);

export { CONFIG_FILE } from './config-file.ts';

/** A value of book.yaml that names a file, kept with where it stands so that the build can report it there. */
export interface ValueAt {
  value: string;
  at: Location;
}

type FontRoleKey = keyof NonNullable<NonNullable<BookConfigInput['fonts']>[EditionTag]>;

/** book.yaml `fonts:` as written: per edition (or `all`), per role, the entries in fallback order. */
export type FontSpecs = Partial<Record<EditionTag | 'all', Partial<Record<FontRoleKey, ValueAt[]>>>>;

/**
 * book.yaml, parsed and validated: every value is of the right form and
 * every key known. What names a file (fonts, the cover) is not looked up
 * here; the build resolves it (build/resolve-config.ts).
 */
export interface BookConfig {
  /** Absolute manuscript folder. */
  dir: string;
  /** Absolute path of book.yaml, when the folder has one. */
  file?: string;
  /** Absent keys (no book.yaml, or optional ones) get their defaults when the book is parsed. */
  book: Partial<Omit<BookConfigInput, 'editions' | 'formats' | 'order' | 'cover' | 'appendices' | 'print' | 'fonts' | 'isbn' | 'toc' | 'layout'>>;
  editions: EditionTag[];
  formats: Format[];
  order?: string[];
  /** Where each `order` entry stands in book.yaml, so a bad one is reported at its line. */
  orderAt?: Location[];
  /** Font chains book.yaml sets, as written; roles it leaves out keep the defaults. */
  fonts: FontSpecs;
  /** book.yaml `print:` with its defaults; absent only for a config made by hand (then the defaults apply). */
  print?: PrintSettings;
  /** book.yaml `cover`: the author's cover image, relative to the manuscript folder. */
  cover?: ValueAt;
  /** Absent only for a config made by hand (a test fragment): then no appendices are generated. */
  appendices?: AppendixOptions;
  /** book.yaml `isbn`: per edition, the ISBN of each format. */
  isbn?: Partial<Record<EditionTag, EditionIsbns>>;
  /** book.yaml `toc` with its defaults; absent for a config made by hand (then DEFAULT_TOC). */
  toc?: TocOptions;
  /** Where book.yaml names `print.printer`, for what the printer cannot make. */
  printerAt?: Pick<Diagnostic, 'file' | 'line' | 'column'>;
  /** Where book.yaml sets `print.bleed`, for a bleed printers would query. */
  bleedAt?: Pick<Diagnostic, 'file' | 'line' | 'column'>;
  /** Where book.yaml sets `print.trim`, for a trim too small to set a page in. */
  trimAt?: Pick<Diagnostic, 'file' | 'line' | 'column'>;
  /** book.yaml `layout`: the layouts of each edition; absent means horizontal. */
  layouts?: Partial<Record<EditionTag, Layout[]>> & { all?: Layout[] };
  /** The line each text an edition converts starts on in book.yaml (a block scalar: its header's). */
  textLines?: MetaTextLines;
}

/** Reads and validates `<dir>/book.yaml`; a folder without one gets the defaults. */
export function loadConfig(dir: string): BookConfig {
  const file = join(dir, CONFIG_FILE);
  const defaults = { editions: ['zh-Hans'] as EditionTag[], formats: ['epub', 'pdf'] as Format[] };
  if (isBrokenLink(file)) fail('config:unreadable', `book.yaml ${BROKEN_LINK}`, { file });
  if (!existsSync(file)) return { dir, book: {}, ...defaults, fonts: {}, appendices: resolveAppendices(undefined), isbn: {}, toc: resolveToc(undefined) };

  const text = decodeUtf8(readConfigFile(file), file, 'book.yaml', 'config:not-utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return { file };
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const problems: Diagnostic[] = [];
  const lines = text.split(/\r\n|\r|\n/u);
  for (const e of doc.errors) {
    const slip = grammarSlip(e.code, lines, at(e.pos[0]).line);
    if (slip) {
      // The parser reports one slip twice, at the value before it; the author looks for the key.
      if (!problems.some((p) => p.line === slip.line)) problems.push({ file, ...slip, severity: 'error', rule: 'config:yaml' });
      continue;
    }
    if (e.code === 'DUPLICATE_KEY') {
      problems.push({ ...at(e.pos[0]), severity: 'error', rule: 'config:yaml', message: duplicateKey(lines, at(e.pos[0]).line) });
      continue;
    }
    const opener = unclosedOpener(doc, e.pos[0]);
    const message = e.message.split('\n')[0];
    problems.push({
      ...at(opener ?? e.pos[0]),
      severity: 'error',
      rule: 'config:yaml',
      message: opener === undefined ? message : `${message}: the quote or bracket opened here is never closed`,
    });
  }
  if (problems.length) throw new BuildError(problems);
  // A "\x01" escape would carry a control character into the OPF and every page.
  visit(doc, {
    Scalar(_key, node) {
      const ch = typeof node.value === 'string' ? CONTROL_CHAR.exec(node.value)?.[0] : undefined;
      if (!ch) return;
      // At the character where it is typed as itself; an escape ("\a") at the value's start.
      const start = node.range?.[0];
      const typed = start === undefined ? -1 : text.slice(start, node.range![1]).indexOf(ch);
      problems.push({ ...at(typed >= 0 ? start! + typed : start), severity: 'error', rule: 'config:control-char', message: `control character ${codePointName(ch)} in a value` });
    },
  });
  if (problems.length) throw new BuildError(problems);
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && node.range) node.value = joinWideFolds(node.value, text.slice(node.range[0], node.range[1]), node.type);
    },
  });
  // `title: 1984` is a title, not a number: a text key takes what was typed (007 stays 007), not YAML's reading of it.
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      const { key, value } = pair;
      if (isScalar(key) && TEXT_KEYS.has(String(key.value)) && isScalar(value) && value.value !== null && typeof value.value !== 'string' && value.range) {
        value.value = text.slice(value.range[0], value.range[1]);
      }
    }
  }

  const raw: unknown = toPlainData(doc, at);
  const parsed = bookConfigSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(describeIssue(issue, doc.contents, at));
    throw new BuildError(problems);
  }
  const { editions, formats, order, fonts: fontSpecs, cover: coverSpec, appendices, print, isbn, toc, layout, ...book } = parsed.data;
  // Kobo and the stores match books by ISBN: one number on two products would merge them.
  for (const { path, first } of repeatedIsbns(isbn)) {
    problems.push({
      ...at(nodeAt(doc.contents, ['isbn', ...path])?.range?.[0]),
      severity: 'error',
      rule: 'config:duplicate-isbn',
      message: `isbn.${path.join('.')} repeats isbn.${first.join('.')}: each format of each edition, and a vertical one sold apart, needs its own ISBN`,
    });
  }
  // Two keys that each decide the same thing, or a key the chosen printer's specification fixes itself.
  for (const { key, message } of printConflicts(print)) {
    problems.push({ ...at(keyAt(doc.contents, ['print'], key)), severity: 'error', rule: 'config:print-conflict', message });
  }
  if (problems.length) throw new BuildError(problems);
  const valueAt = (value: string, path: Array<string | number>): ValueAt => ({ value, at: at(nodeAt(doc.contents, path)?.range?.[0]) });
  const fonts: FontSpecs = {};
  for (const [scope, roles] of Object.entries(fontSpecs ?? {}) as Array<[EditionTag | 'all', Record<FontRoleKey, string[]>]>) {
    const specs: Partial<Record<FontRoleKey, ValueAt[]>> = {};
    for (const [role, list] of Object.entries(roles ?? {}) as Array<[FontRoleKey, string[]]>) specs[role] = list.map((spec, i) => valueAt(spec, ['fonts', scope, role, i]));
    fonts[scope] = specs;
  }

  // A tag the contract knows but this version does not build yet: say so at its line.
  const unavailable = (list: readonly string[] | undefined, key: string, ok: readonly string[]) =>
    (list ?? []).forEach((value, i) => {
      if (ok.includes(value)) return;
      const node = nodeAt(doc.contents, [key, i]);
      problems.push({
        ...at(node?.range?.[0]),
        severity: 'error',
        rule: 'config:unavailable',
        message: `${key}: '${value}' is not built by this version yet (available: ${ok.join(', ')})`,
      });
    });
  unavailable(editions, 'editions', AVAILABLE_EDITIONS);
  unavailable(formats, 'formats', AVAILABLE_FORMATS);
  if (problems.length) throw new BuildError(problems);

  return {
    dir,
    file,
    book,
    editions: editions ?? defaults.editions,
    formats: formats ?? defaults.formats,
    order,
    orderAt: order?.map((_, i) => at(nodeAt(doc.contents, ['order', i])?.range?.[0])),
    fonts,
    print: resolvePrint(print),
    printerAt: print?.printer === undefined ? undefined : at(keyAt(doc.contents, ['print'], 'printer')),
    bleedAt: print?.bleed === undefined ? undefined : at(keyAt(doc.contents, ['print'], 'bleed')),
    trimAt: print?.trim === undefined ? undefined : at(keyAt(doc.contents, ['print'], 'trim')),
    cover: coverSpec === undefined ? undefined : valueAt(coverSpec, ['cover']),
    appendices: resolveAppendices(appendices),
    isbn: resolveIsbns(isbn),
    toc: resolveToc(toc),
    layouts: resolveLayouts(layout),
    textLines: textLines((path) => {
      const offset = nodeAt(doc.contents, path)?.range?.[0];
      return offset === undefined ? undefined : lineCounter.linePos(offset).line;
    }),
  };
}

/** book.yaml's bytes; a folder of that name, a FIFO or a file the user may not read is said at the file. */
function readConfigFile(file: string): Buffer {
  try {
    // Reading a FIFO or a device would hang the build.
    const stat = statSync(file);
    if (stat.isDirectory()) fail('config:unreadable', 'book.yaml is a folder; the settings go in a file of that name', { file });
    if (!stat.isFile()) fail('config:unreadable', 'book.yaml is not a regular file', { file });
    return readFileSync(file);
  } catch (e) {
    if (e instanceof BuildError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    fail('config:unreadable', `book.yaml cannot be read: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? String(e))}`, { file });
  }
}

/** Where each converted text of book.yaml starts, for the review's rows. */
function textLines(lineOf: (path: string[]) => number | undefined): MetaTextLines {
  const lines: MetaTextLines = {};
  for (const key of META_TEXTS) {
    const line = lineOf(key.split('.'));
    if (line !== undefined) lines[key] = line;
  }
  return lines;
}

function resolveLayouts(input: Layout | Layout[] | Partial<Record<EditionTag, Layout | Layout[]>> | undefined): BookConfig['layouts'] {
  const list = (v: Layout | Layout[]) => [...new Set(Array.isArray(v) ? v : [v])];
  if (input === undefined) return {};
  if (typeof input === 'string' || Array.isArray(input)) return { all: list(input) };
  const out: NonNullable<BookConfig['layouts']> = {};
  for (const [edition, v] of Object.entries(input) as Array<[EditionTag, Layout | Layout[]]>) out[edition] = list(v);
  return out;
}

/**
 * The document as plain data. yaml refuses with a ReferenceError an alias
 * with no anchor before it (`subtitle: *星辰*`, an author's emphasis) and
 * aliases that expand past its limit (a "billion laughs" file): the first
 * is reported at that alias, the second at the first alias, like any other
 * mistake in book.yaml.
 */
function toPlainData(doc: Document, at: (offset: number | undefined) => Location): unknown {
  try {
    return doc.toJS() ?? {};
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    const anchors = new Set<string>();
    let first: number | undefined;
    let unresolved: { source: string; offset: number | undefined } | undefined;
    visit(doc, {
      Node(_key, node) {
        // In document order, as yaml resolves them: an anchor serves the aliases after it.
        if (isAlias(node)) {
          first ??= node.range?.[0];
          if (!anchors.has(node.source)) unresolved ??= { source: node.source, offset: node.range?.[0] };
        } else if (node.anchor) anchors.add(node.anchor);
      },
    });
    if (unresolved) {
      const { source, offset } = unresolved;
      fail(
        'config:yaml',
        `*${source} reads as a YAML alias, a reference to a value marked &${source} earlier in the file, and none is; to write a value that starts with *, put it in quotes: "*${source}"`,
        at(offset),
      );
    }
    fail('config:yaml', `its aliases (*name) expand to more values than a book.yaml holds: ${e.message}`, at(first));
  }
}

/** The layouts an edition is built in: `--layout`, else book.yaml, else horizontal. */
export function editionLayouts(config: BookConfig, edition: EditionTag, override?: Layout[]): Layout[] {
  return override ?? config.layouts?.[edition] ?? config.layouts?.all ?? ['horizontal'];
}

/** Keys an earlier version read, and where they went. */
const MOVED_KEYS: Record<string, string> = {
  'print.isbn': "moved to the top-level 'isbn', one per edition and format: isbn: {zh-Hans: {print: …}}",
};

/** How a setting that also takes a pair of numbers says so, where a name alone would not tell the unit. */
const PAIR_FORMS: Record<string, string> = {
  'print.trim': '[width, height] in mm, each 80–500',
};

function describeIssue(
  issue: z.core.$ZodIssue,
  root: Node | null,
  at: (offset: number | undefined) => Pick<Diagnostic, 'file' | 'line' | 'column'>,
): Diagnostic {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const where = path.join('.') || '(top level)';
  const schema = bookConfigSchema as unknown as Parameters<typeof knownKeys>[0];
  if (issue.code === 'unrecognized_keys') {
    const parent = path.length ? nodeAt(root, path) : root;
    const key = issue.keys[0];
    const moved = MOVED_KEYS[[...path, key].join('.')];
    let offset: number | undefined = parent?.range?.[0];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      if (pair && isScalar(pair.key)) offset = pair.key.range?.[0];
    }
    const known = knownKeys(schema, path);
    const near = nearestKey(key, known);
    const hint = near ? `did you mean ${near}?` : `known keys${path.length ? ` of ${where}` : ''}: ${known.join(', ')}`;
    return {
      ...at(offset),
      severity: 'error',
      rule: 'config:unknown-key',
      message: moved
        ? `unknown key '${key}' in ${where}: ${moved} (see README: book.yaml)`
        : `unknown key '${issue.keys.join("', '")}'${path.length ? ` in ${where}` : ''} (${hint})`,
    };
  }
  const node = nodeAt(root, path);
  if (issue.code === 'invalid_type' && node === undefined) {
    // Reported at the mapping that lacks the key (its own key's line), never at a neighbour's line.
    const mapping = path.slice(0, -1);
    const key = String(path[path.length - 1]);
    const offset = mapping.length ? keyAt(root, mapping.slice(0, -1), String(mapping[mapping.length - 1])) : undefined;
    return {
      ...at(offset),
      severity: 'error',
      rule: 'config:missing-key',
      message: `'${key}' is required${mapping.length ? ` in ${mapping.join('.')}` : ' at the top level of book.yaml'}`,
    };
  }
  return { ...at(node?.range?.[0] ?? root?.range?.[0]), severity: 'error', rule: 'config:invalid', message: invalidMessage(issue, where, path, node, schema) };
}

/**
 * The schema library's words for a value of the wrong kind or size, said as
 * what was written and what to write; undefined where it has none better.
 */
function plainMessage(issue: z.core.$ZodIssue, where: string, node: Node | undefined): string | undefined {
  const value = isScalar(node) ? node.value : undefined;
  if (issue.code === 'invalid_type') {
    if (isScalar(node) && (value === null || value === '')) {
      // A mapping's keys, or a list's items, go on the lines below; a text or a number after the colon.
      if (issue.expected === 'object') return `${where} has nothing under it; its keys go on the lines below it, indented, or leave ${where} out`;
      if (issue.expected === 'array') return `${where} has no value; write a list after the colon, as [a, b]`;
      return `${where} has no value; write it after the colon`;
    }
    if (where === '(top level)') return `book.yaml holds ${isCollection(node) ? 'a list' : 'a single value'} at its top level; it is key: value lines (title: 书名), none of them starting with -`;
    if (issue.expected === 'array' && isScalar(node)) return `${where}: expected a list; write [${String(value).split(/[\s,，、]+/u).filter(Boolean).join(', ')}]`;
    if (issue.expected === 'int' && typeof value === 'number') return `${where}: ${value} is not a whole number`;
  }
  if ((issue.code === 'too_big' || issue.code === 'too_small') && issue.origin === 'number' && typeof value === 'number') {
    const bound = Number(issue.code === 'too_big' ? issue.maximum : issue.minimum);
    if (!issue.inclusive) return `${where}: ${value} must be ${issue.code === 'too_big' ? 'less' : 'more'} than ${bound}`;
    return issue.code === 'too_big' ? `${where}: ${value} is more than ${bound}, the most it takes` : `${where}: ${value} is less than ${bound}, the least it takes`;
  }
  return undefined;
}

/** A bad value's message: what was written and, for a setting with named values, every value it takes. */
function invalidMessage(issue: z.core.$ZodIssue, where: string, path: Array<string | number>, node: Node | undefined, schema: Parameters<typeof allowedValues>[0]): string {
  const plain = plainMessage(issue, where, node);
  if (plain) return plain;
  if (issue.code !== 'invalid_value' && issue.code !== 'invalid_union' && issue.code !== 'invalid_type') return `${where}: ${issue.message}`;
  const { names, pair, boolean } = allowedValues(schema, path);
  const forms = [...names];
  if (pair) forms.push(PAIR_FORMS[path.filter((p) => typeof p === 'string').join('.')] ?? 'a list of two numbers');
  if (boolean) forms.push('true', 'false');
  if (forms.length === 0 || (issue.code === 'invalid_type' && names.length === 0 && !boolean)) return `${where}: ${issue.message}`;
  const written = isScalar(node) ? ` '${String(node.value)}'` : '';
  const list = forms.length > 1 ? `one of ${forms.slice(0, -1).join(', ')} or ${forms[forms.length - 1]}` : forms[0];
  return `${where}:${written} is not allowed; use ${list}`;
}

/**
 * An unclosed quote or bracket is only found where the file (or the mapping)
 * ends, lines below the mistake: the quoted value or flow collection that runs
 * up to that point is where the author looks.
 */
function unclosedOpener(doc: ReturnType<typeof parseDocument>, offset: number): number | undefined {
  let opener: number | undefined;
  visit(doc, {
    Node(_key, node) {
      const range = node.range;
      if (!range || range[0] >= offset || range[1] < offset) return;
      const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
      const flow = isCollection(node) && node.flow === true;
      if ((quoted || flow) && (opener === undefined || range[0] > opener)) opener = range[0];
    },
  });
  return opener;
}

/** Where `key` itself stands in the map at `path` (the line a reader looks for), else the map. */
function keyAt(root: Node | null, path: Array<string | number>, key: string): number | undefined {
  const parent = nodeAt(root, path);
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.key)) return pair.key.range?.[0];
  }
  return parent?.range?.[0];
}

function nodeAt(root: Node | null, path: Array<string | number>): Node | undefined {
  let node: unknown = root;
  for (const key of path) {
    if (node && typeof node === 'object' && 'get' in node && typeof (node as { get: unknown }).get === 'function') {
      node = (node as { get(k: unknown, keepScalar: boolean): unknown }).get(key, true);
    } else return undefined;
  }
  return (node ?? undefined) as Node | undefined;
}
