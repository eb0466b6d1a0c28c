import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EDITIONS } from '../config/editions.ts';
import { CONFIG_FILE, type BookConfig } from '../config/load.ts';
import { Diagnostics, fail, type Location } from '../diagnostics.ts';
import { codePointName, CONTROL_CHAR } from '../text/chars.ts';
import { naturalCompare } from './natural-order.ts';
import { noteVariationSelectors, readSeparators } from './format-chars.ts';
import { isOutside } from './outside.ts';
import { placeFinder } from './text-place.ts';
import { decodeUtf8 } from '../files/decode-utf8.ts';

export interface SourceFile {
  /** Absolute path. */
  path: string;
  /** The text with BOM removed and line endings normalised to LF; lines match the raw file. */
  text: string;
  /** The file as decoded, before control characters are dropped: the lines and columns an editor shows (the review's locator counts them). Absent for text not read from a file. */
  raw?: string;
}

/**
 * Decoded chapter files of earlier builds in a watch session, by path, with
 * the bytes they were decoded from: decoding a million characters again costs
 * more than comparing the bytes.
 */
export type DecodedFiles = Map<string, { bytes: Buffer; text: string }>;

/** Stops with load:missing-folder where the manuscript folder is not there or is not a folder. */
export function requireManuscriptFolder(dir: string): void {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    fail('load:missing-folder', `manuscript folder not found: ${dir}`);
  }
  if (!isDir) fail('load:missing-folder', `not a folder: ${dir}`);
}

/** Reads the chapter files of a manuscript folder in reading order. */
export function loadManuscript(config: BookConfig, diagnostics: Diagnostics, decoded?: DecodedFiles): SourceFile[] {
  const dir = config.dir;
  requireManuscriptFolder(dir);
  const realDir = realpathSync(dir);

  const names = config.order ?? chapterNames(dir, diagnostics);
  const listing = readdirSync(dir);
  checkEditionFiles(listing, dir, diagnostics);
  checkConfigName(listing, dir, diagnostics);
  if (names.length === 0) fail('load:no-chapters', `no chapter files (*.md) in ${dir}`, { file: dir });
  if (config.order) checkOrder(config, diagnostics);

  const files: SourceFile[] = [];
  names.forEach((name, i) => {
    const path = resolve(dir, name);
    // An `order` entry is reported at its book.yaml line; a file found in the folder, as itself.
    const at: Location = config.order ? { file: config.file, ...config.orderAt?.[i] } : { file: path };
    // Without a heading the file name becomes the chapter's title, and with it the book's.
    const control = CONTROL_CHAR.exec(name)?.[0];
    if (control) fail('load:bad-file-name', `chapter file name has the control character ${codePointName(control)}; rename the file`, at);
    if (isOutside(dir, path)) {
      fail('load:outside-folder', `chapter '${name}' lies outside the manuscript folder`, at);
    }
    let real: string;
    try {
      real = realpathSync(path);
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'cannot be read';
      fail('load:unreadable', `chapter file ${why}: ${name}`, at);
    }
    // A symlink may point anywhere; the book is what lies in its folder.
    if (isOutside(realDir, real)) {
      fail('load:outside-folder', `chapter '${name}' is a link that leads outside the manuscript folder`, at);
    }
    // Reading a FIFO or a device would hang the build.
    if (!statSync(real).isFile()) fail('load:unreadable', `chapter '${name}' is not a regular file`, at);
    let bytes: Buffer;
    try {
      bytes = readFileSync(real);
    } catch {
      fail('load:unreadable', `chapter file cannot be read: ${name}`, at);
    }
    const known = decoded?.get(path);
    const utf16 = known?.bytes.equals(bytes) ? known.text : decodeUtf8(bytes, path, 'chapter file', 'load:not-utf8');
    decoded?.set(path, { bytes, text: utf16 });
    // decodeUtf8 has dropped the BOM; a second U+FEFF (a BOM written twice) goes with the
    // control characters, after columns are counted, since an editor shows it as a character of the line.
    noteVariationSelectors(utf16, path, diagnostics);
    const text = readSeparators(dropControlChars(utf16, path, diagnostics), path, diagnostics);
    if (text.trim() === '') {
      diagnostics.warn('load:empty-chapter', 'chapter file is empty; it is left out of the book', { file: path, line: 1 });
      return;
    }
    files.push({ path, text, raw: utf16 });
  });
  if (decoded) {
    const read = new Set(names.map((name) => resolve(dir, name)));
    for (const path of decoded.keys()) if (!read.has(path)) decoded.delete(path);
  }
  if (files.length === 0) fail('load:no-chapters', `every chapter file in ${dir} is empty`, { file: dir });
  return files;
}


/**
 * `order` in book.yaml names the book's chapters, so a chapter file it does
 * not name is left out: said, as the author most likely added the file and
 * forgot the list. A file named twice would be set twice: an error, at the
 * second entry's line.
 */
function checkOrder(config: BookConfig, diagnostics: Diagnostics): void {
  const order = config.order!;
  const first = new Map<string, number>();
  order.forEach((name, i) => {
    const path = resolve(config.dir, name);
    const seen = first.get(path);
    if (seen === undefined) first.set(path, i);
    else {
      const line = config.orderAt?.[seen]?.line;
      diagnostics.error('load:order-duplicate', `${name} is listed twice in order${line ? ` (first at line ${line})` : ''}; a chapter is set once`, { file: config.file, ...config.orderAt?.[i] });
    }
  });
  // The folder's own skipped-file findings are not this list's business.
  for (const name of chapterNames(config.dir, new Diagnostics())) {
    if (first.has(resolve(config.dir, name))) continue;
    diagnostics.warn('load:not-in-order', `${name} is in the manuscript folder but not in order; it is left out of the book`, { file: config.file, ...config.orderAt?.[order.length - 1] });
  }
}

/**
 * The folder's chapter files, `*.md`, in natural order. A file that looks
 * like one but is left out is said, not dropped in silence: `03.MD` (the
 * extension is read in lower case only, as on a case-sensitive disk), Markdown's
 * other extensions (`03.markdown`) and a hidden `.03.md`.
 */
function chapterNames(dir: string, diagnostics: Diagnostics): string[] {
  const names: string[] = [];
  for (const n of readdirSync(dir).sort(naturalCompare)) {
    if (/\.(?:markdown|mdown|mkd)$/iu.test(n) && !n.startsWith('.')) {
      const stem = n.slice(0, n.lastIndexOf('.'));
      diagnostics.warn('load:skipped-file', `${n} is left out of the book: chapter files end in .md; rename it to ${stem}.md to include it`, { file: resolve(dir, n) });
      continue;
    }
    if (!/\.md$/iu.test(n)) continue;
    const file = resolve(dir, n);
    if (n.startsWith('.')) diagnostics.info('load:skipped-file', `${n} is a hidden file, left out of the book`, { file });
    else if (!n.endsWith('.md')) diagnostics.warn('load:skipped-file', `${n} is left out of the book: chapter files end in .md, in lower case; rename it to ${n.slice(0, -3)}.md to include it`, { file });
    else names.push(n);
  }
  return names;
}

/** Past this many in one file, the rest are counted in one warning rather than listed. */
const CONTROL_REPORT_LIMIT = 20;
const CONTROL_CHARS = new RegExp(CONTROL_CHAR.source, 'gu');

/**
 * Drops control characters, each reported at its line and column: the
 * renderers write text into XML, where most of them are not allowed at all.
 */
function dropControlChars(text: string, path: string, diagnostics: Diagnostics): string {
  if (!CONTROL_CHAR.test(text)) return text;
  const where = placeFinder(text);
  let count = 0;
  for (const m of text.matchAll(CONTROL_CHARS)) {
    count++;
    if (count > CONTROL_REPORT_LIMIT) continue;
    diagnostics.warn('load:control-char', `control character ${codePointName(m[0])} dropped`, { file: path, ...where(m.index) });
  }
  if (count > CONTROL_REPORT_LIMIT) {
    diagnostics.warn('load:control-char', `${count - CONTROL_REPORT_LIMIT} more control characters dropped from this file`, { file: path });
  }
  return text.replace(CONTROL_CHARS, '');
}

/**
 * The book's settings are read from book.yaml alone: one saved as book.yml,
 * Book.yaml or book.yaml.txt was passed over in silence, and the book came
 * out with its first chapter's title, an unknown author and the folder's name.
 */
function checkConfigName(names: string[], dir: string, diagnostics: Diagnostics): void {
  for (const n of names) {
    if (n === CONFIG_FILE || !/^book\.ya?ml(?:\.txt)?$/iu.test(n)) continue;
    // On a disk that ignores case (macOS, Windows) Book.yaml is read as book.yaml; a case-sensitive one (Linux, CI) skips it.
    const readHere = !names.includes(CONFIG_FILE) && n.toLowerCase() === CONFIG_FILE && existsSync(join(dir, CONFIG_FILE));
    const message = readHere
      ? `${n} is read on this disk only, which ignores case; a case-sensitive one (Linux, most CI) reads ${CONFIG_FILE} alone: rename it to ${CONFIG_FILE}`
      : `${n} is not read: ${names.includes(CONFIG_FILE) ? `the settings are read from ${CONFIG_FILE}` : `the book's settings are read from ${CONFIG_FILE} only; rename it to ${CONFIG_FILE}`}`;
    diagnostics.warn('load:skipped-file', message, { file: resolve(dir, n) });
  }
}

/**
 * A glossary or an accepted-phrases file is read by the edition its name
 * spells exactly (glossary.zh-Hant-TW.tsv): one named zh-hant-tw or zh-TW
 * would be left unread, the edition printing OpenCC's forms in silence.
 */
function checkEditionFiles(names: string[], dir: string, diagnostics: Diagnostics): void {
  for (const n of names) {
    const m = /^(glossary|review-accepted)\.(.+)\.tsv$/iu.exec(n);
    if (!m || (m[1] === m[1].toLowerCase() && (EDITIONS as readonly string[]).includes(m[2]))) continue;
    const tag = m[2].toLowerCase();
    const meant = EDITIONS.find((e) => e.toLowerCase() === tag || (e !== 'zh-Hans' && tag.endsWith(e.slice(-2).toLowerCase())));
    const name = (edition: string) => `${m[1].toLowerCase()}.${edition}.tsv`;
    const hint = meant ? `rename it to ${name(meant)}` : `its edition is spelt ${EDITIONS.map(name).join(', ')}`;
    diagnostics.warn('load:skipped-file', `${n} is read by no edition: ${hint}`, { file: resolve(dir, n) });
  }
}
