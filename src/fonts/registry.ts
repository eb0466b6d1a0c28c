import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type * as Fontkit from 'fontkit';
import { fontkit } from './fontkit.ts';
import { BuildError, fail } from '../diagnostics.ts';
import { cmapLookup, NoUnicodeCmap } from './sfnt/cmap.ts';
import { readSfntFile, type SfntFile } from './sfnt/sfnt-file.ts';
import type { FontSource } from './sources.ts';

/**
 * A face the pipeline can ask "do you have this character?". Opened once per
 * process: a CJK font is 15 MB, and every edition and format shares it.
 */
export interface Face {
  source: FontSource;
  /** A stable short key for file names and caches. */
  key: string;
  has(cp: number): boolean;
}

export interface FileFace extends Face {
  source: Extract<FontSource, { kind: 'file' }>;
  bytes(): Buffer;
  font(): Fontkit.Font;
  /**
   * Its tables but glyf, read from the file without the outlines (a tenth of
   * a CJK face's bytes); undefined for a face of a collection.
   */
  sfnt(): SfntFile | undefined;
  /**
   * Reads the whole file on the thread pool, so that bytes() and font() need
   * not read it on this thread; settles once read (a failure is left for
   * bytes() to report).
   */
  readAhead(): Promise<void>;
}

export interface ChunkedFace extends Face {
  source: Extract<FontSource, { kind: 'chunked' }>;
  /** The woff2 chunk holding a code point. */
  chunkOf(cp: number): Chunk | undefined;
}

export interface Chunk {
  /** Absolute path of the woff2 file. */
  file: string;
  index: number;
}

const cache = new Map<string, Face>();

export function openFace(source: FontSource): Face {
  const id = source.kind === 'file' ? `${source.path}#${source.face ?? ''}` : source.css;
  let face = cache.get(id);
  if (!face) {
    face = source.kind === 'file' ? openFile(source) : openChunked(source);
    cache.set(id, face);
  }
  return face;
}

function openFile(source: Extract<FontSource, { kind: 'file' }>): FileFace {
  let buf: Buffer | undefined;
  let font: Fontkit.Font | undefined;
  const bytes = () => {
    if (!buf) {
      try {
        buf = readFileSync(source.path);
      } catch {
        fail('font:unreadable', `font file cannot be read: ${source.path}`);
      }
    }
    return buf;
  };
  // fontkit throws whatever its parser meets in a file that is not a font, or is cut short.
  const unreadable = (e: unknown): never => {
    if (e instanceof BuildError) throw e;
    fail('font:unreadable', `${source.path} is not a font file that can be read (${(e as Error).message ?? String(e)})`);
  };
  const open = () => {
    if (!font) {
      let f: ReturnType<typeof fontkit.create>;
      try {
        f = fontkit.create(bytes(), source.face);
      } catch (e) {
        return unreadable(e);
      }
      // fontkit answers null for a collection with no face of that name; book.yaml's check names the faces.
      if (f === null) fail('font:collection', `${source.path} holds no face named '${source.face}'`);
      if (!('hasGlyphForCodePoint' in f)) {
        const names = 'fonts' in f ? (f as Fontkit.FontCollection).fonts.map((x) => x.postscriptName).join(', ') : '';
        fail('font:collection', `${source.path} is a collection; name one face (${names})`);
      }
      font = f as Fontkit.Font;
    }
    return font;
  };
  let tables: SfntFile | null | undefined;
  const sfnt = () => {
    if (tables === undefined) {
      try {
        tables = source.face === undefined ? (readSfntFile(source.path) ?? null) : null;
      } catch {
        fail('font:unreadable', `font file cannot be read: ${source.path}`);
      }
    }
    return tables ?? undefined;
  };
  const key = source.label.toLowerCase().replace(/[^a-z0-9]+/gu, '-');
  // The font's own cmap, read without its outlines, answers as fontkit's hasGlyphForCodePoint
  // would (cmap.ts); fontkit, which needs the whole file, answers for a collection's face.
  let lookup: ((cp: number) => number) | undefined;
  const glyphOf = (cp: number): number => {
    if (!lookup) {
      const cmap = sfnt()?.tables.cmap;
      try {
        lookup = cmap ? cmapLookup(cmap) : undefined;
      } catch (e) {
        if (!(e instanceof NoUnicodeCmap)) throw e;
      }
      lookup ??= (c) => {
        try {
          return open().hasGlyphForCodePoint(c) ? 1 : 0;
        } catch (e) {
          return unreadable(e);
        }
      };
    }
    return lookup(cp);
  };
  // A book asks about the same few thousand characters again and again.
  const answers = new Map<number, boolean>();
  const has = (cp: number) => {
    let yes = answers.get(cp);
    if (yes === undefined) answers.set(cp, (yes = glyphOf(cp) !== 0));
    return yes;
  };
  let reading: Promise<void> | undefined;
  const readAhead = () =>
    (reading ??= buf
      ? Promise.resolve()
      : readFile(source.path).then(
          (b) => void (buf ??= b),
          () => undefined,
        ));
  return { source, key, bytes, font: open, sfnt, has, readAhead };
}

function openChunked(source: Extract<FontSource, { kind: 'chunked' }>): ChunkedFace {
  const css = readFileSync(source.css, 'utf8');
  const ranges: Array<{ lo: number; hi: number; chunk: Chunk }> = [];
  const rule = /@font-face\s*\{([^}]*)\}/gu;
  let m: RegExpExecArray | null;
  let index = 0;
  while ((m = rule.exec(css))) {
    const body = m[1];
    const url = /url\(['"]?([^'")]+)['"]?\)/u.exec(body)?.[1];
    const range = /unicode-range:\s*([^;}]+)/u.exec(body)?.[1];
    if (!url || !range) continue;
    const chunk = { file: resolve(dirname(source.css), url), index: index++ };
    for (const part of range.split(',')) {
      const r = /U\+([0-9a-f?]+)(?:-([0-9a-f]+))?/iu.exec(part.trim());
      if (!r) continue;
      const lo = parseInt(r[1].replace(/\?/gu, '0'), 16);
      const hi = r[2] ? parseInt(r[2], 16) : r[1].includes('?') ? parseInt(r[1].replace(/\?/gu, 'f'), 16) : lo;
      ranges.push({ lo, hi, chunk });
    }
  }
  ranges.sort((a, b) => a.lo - b.lo);
  const chunkOf = (cp: number): Chunk | undefined => {
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = ranges[mid];
      if (cp < r.lo) hi = mid - 1;
      else if (cp > r.hi) lo = mid + 1;
      else return r.chunk;
    }
    return undefined;
  };
  const key = source.label.toLowerCase().replace(/[^a-z0-9]+/gu, '-');
  return { source, key, chunkOf, has: (cp) => chunkOf(cp) !== undefined };
}

export function isFileFace(face: Face): face is FileFace {
  return face.source.kind === 'file';
}
