import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { ResolvedConfig } from '../config/load.ts';
import { fail, type Diagnostics } from '../diagnostics.ts';
import { naturalCompare } from './natural-order.ts';

export interface SourceFile {
  /** Absolute path. */
  path: string;
  /** The text with BOM removed and line endings normalised to LF; lines match the raw file. */
  text: string;
}

/** Reads the chapter files of a manuscript folder in reading order. */
export function loadManuscript(config: ResolvedConfig, diagnostics: Diagnostics): SourceFile[] {
  const dir = config.dir;
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    fail('load:missing-folder', `manuscript folder not found: ${dir}`);
  }
  if (!isDir) fail('load:missing-folder', `not a folder: ${dir}`);

  const names = config.order ?? readdirSync(dir).filter((n) => n.endsWith('.md') && !n.startsWith('.')).sort(naturalCompare);
  if (names.length === 0) fail('load:no-chapters', `no chapter files (*.md) in ${dir}`, { file: dir });

  const files: SourceFile[] = [];
  for (const name of names) {
    const path = resolve(dir, name);
    const rel = relative(dir, path);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      fail('load:outside-folder', `chapter '${name}' lies outside the manuscript folder`, { file: config.file });
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'cannot be read';
      fail('load:unreadable', `chapter file ${why}: ${name}`, { file: config.file ?? path });
    }
    const text = decodeUtf8(bytes, path);
    if (text.trim() === '') {
      diagnostics.warn('load:empty-chapter', 'chapter file is empty; it is left out of the book', { file: path, line: 1 });
      continue;
    }
    files.push({ path, text });
  }
  if (files.length === 0) fail('load:no-chapters', `every chapter file in ${dir} is empty`, { file: dir });
  return files;
}

function decodeUtf8(bytes: Buffer, path: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const line = lineOfFirstInvalidByte(bytes);
    fail('load:not-utf8', 'chapter file is not valid UTF-8', { file: path, line });
  }
  // A lone CR (old Mac) is a line end too, so that line numbers match what an editor shows.
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

function lineOfFirstInvalidByte(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return 1;
}

