import { createHash } from 'node:crypto';
import { BoundedCache } from '../bounded-cache.ts';
import { NoUnicodeCmap } from './sfnt/cmap.ts';
import type { FontPlan } from './font-plan.ts';
import { mergeTrueType, NotTrueType } from './sfnt/merge-ttf.ts';
import type { Book } from '../model/book.ts';
import { inlineText, textUnits } from '../model/walk.ts';
import { isFileFace, openFace, type ChunkedFace, type FileFace } from './registry.ts';
import { hbSubset } from './sfnt/hb-subset.ts';
import { renumberedSubset } from './sfnt/renumber-subset.ts';
import { Unsupported } from './sfnt/layout-read.ts';
import { isTrueType, subsetTrueTypeForWeb, tablesOf } from './sfnt/truetype-subset.ts';
import { decodeWoff2File } from './sfnt/woff2.ts';
import type { FontRole, FontSource } from './sources.ts';

/**
 * A standalone font file for an EPUB or HTML output, with cmap, name, OS/2
 * and post (fontkit's subsets lack them and only suit PDFs), its glyphs
 * renumbered and its vertical forms and metrics kept: a TrueType file face's
 * subset (renumber-subset.ts), a CFF face's (or one our code does not
 * handle) by hb-subset, or a chunked family's chunks merged (merge-ttf.ts).
 * TTF, not WOFF2: WOFF2 would halve the size, at a cost in encoding time per face that a build cannot afford.
 */
export interface WebFont {
  role: FontRole;
  /** File name inside the package, ASCII. */
  filename: string;
  data: Buffer;
  label: string;
  license: string;
  glyphs: number;
  /**
   * Position in the role's CSS font stack. 0 unless the role needs several
   * faces that could not be merged into one (CFF outlines).
   */
  stackIndex: number;
  /** The faces a merged font was made of, each as its own subset (the PDF embeds them separately). */
  parts: Array<{ label: string; data: Buffer }>;
}

/**
 * One font per role where possible: when a role falls back to further faces
 * for some characters, their subsets are merged into the first, because a
 * reader given two @font-face rules of one family keeps only one of them
 * (and MuPDF ignores unicode-range).
 */
export interface WebFontOptions {
  /** Only the chunked families: a PDF embeds file faces itself. */
  chunkedOnly?: boolean;
  /**
   * Keep the decoded WOFF2 chunks once merged, for a watch session's next
   * edit. A single build lets them go: 15 MB per family for a long book.
   */
  keepDecodedChunks?: boolean;
}

export async function webFonts(plan: FontPlan, options: WebFontOptions = {}): Promise<WebFont[]> {
  const roles = await Promise.all(
    (Object.keys(plan.usage) as FontRole[]).map(async (role) => {
      // A PDF embeds file faces itself; it needs subsets only of the chunked families it cannot read directly.
      const used = [...plan.usage[role]].filter(([face, cps]) => cps.size > 0 && !(options.chunkedOnly && isFileFace(face)));
      // Chain order, so the first face's metrics and names lead a merged font.
      used.sort((a, b) => plan.chains[role].indexOf(a[0]) - plan.chains[role].indexOf(b[0]));
      const subsets = await Promise.all(
        used.map(([face, cps]) => (isFileFace(face) ? subsetFile(role, face, cps) : subsetChunks(role, face as ChunkedFace, cps, options.keepDecodedChunks ?? false))),
      );
      return combine(role, subsets, used.map(([, cps]) => cps));
    }),
  );
  return roles.flat().sort((a, b) => (a.filename < b.filename ? -1 : 1));
}

function combine(role: FontRole, subsets: WebFont[], chars: Array<Set<number>>): WebFont[] {
  if (subsets.length <= 1) return subsets;
  let data: Buffer;
  try {
    // Each subset is cut again to its own characters, which a later face only brings where an earlier one lacks them.
    data = cachedMerge(subsets.map((s, i) => ({ font: s.data, keep: chars[i] })));
  } catch (e) {
    // CFF outlines, or layout our merge does not handle: each face keeps its own family in the stack.
    if (e instanceof NotTrueType || e instanceof Unsupported) return subsets.map((s, i) => ({ ...s, stackIndex: i }));
    throw e;
  }
  return [
    {
      role,
      filename: `${role}-merged.ttf`,
      data,
      label: subsets.map((s) => s.label).join(' + '),
      license: [...new Set(subsets.map((s) => s.license))].join('; '),
      glyphs: subsets.reduce((n, s) => n + s.glyphs, 0),
      stackIndex: 0,
      parts: subsets.flatMap((s) => s.parts),
    },
  ];
}

const textOf = (cps: Iterable<number>) => String.fromCodePoint(...[...cps].sort((a, b) => a - b));

/**
 * Subsets made in this process, by font and character set: a watch session
 * whose edit brings no new character reuses every subset, and the editions
 * and formats of one build never subset the same thing twice. Three
 * editions of four roles in two or three faces each fit; an edit that brings
 * a new character makes new subsets, and the oldest go.
 */
const subsets = new BoundedCache<string, Promise<Buffer>>(48);

function cachedSubset(face: FileFace, cps: Set<number>): Promise<Buffer> {
  const text = textOf(cps);
  const key = `${face.source.path}#${face.source.face ?? ''}\u0000${createHash('sha1').update(text).digest('hex')}`;
  let p = subsets.get(key);
  if (!p) {
    p = subsetOf(face, cps);
    subsets.set(key, p);
    p.catch(() => subsets.get(key) === p && subsets.delete(key));
  }
  return p;
}

/**
 * Whatever needs the whole file (fontkit for a collection's face, hb-subset)
 * waits for the read a PDF of the same build may have started on the thread
 * pool (readPlanFacesAhead): bytes() called meanwhile would read the file a
 * second time. A single TrueType face subsets from its tables alone.
 */
async function subsetOf(face: FileFace, cps: Set<number>): Promise<Buffer> {
  if (face.sfnt() === undefined) await face.readAhead();
  const own = ownSubset(face, cps);
  if (own) return own;
  await face.readAhead();
  return hbSubset(face.bytes(), cps);
}

/**
 * Our subset of a static TrueType face; undefined for one left to
 * hb-subset: CFF outlines, a variable font, layout tables or a cmap our
 * code does not handle.
 */
function ownSubset(face: FileFace, cps: Set<number>): Promise<Buffer> | undefined {
  // A single font's tables are read from its file, the outlines glyph by glyph; a collection's face through fontkit.
  const file = face.sfnt();
  try {
    if (file) {
      if (!file.glyf || file.tables.fvar) return undefined;
      return Promise.resolve(renumberedSubset([{ tables: file.tables, readGlyf: file.readGlyf, chars: cps }]));
    }
    const tables = tablesOf(face.font());
    if (!isTrueType(tables) || tables.tables.fvar) return undefined;
    return Promise.resolve(subsetTrueTypeForWeb(tables, cps));
  } catch (e) {
    if (e instanceof NoUnicodeCmap || e instanceof Unsupported || e instanceof NotTrueType) return undefined;
    throw e;
  }
}

/**
 * Merges by the identity of their parts, which come from the subset cache:
 * a watch session whose edit brings no new character merges nothing again.
 */
const merges = new WeakMap<Buffer, Array<{ parts: Buffer[]; merged: Buffer }>>();

/** A subset's buffer stands for its characters too: the subset cache gives one buffer per face and character set. */
function cachedMerge(parts: Array<{ font: Buffer; keep: Set<number> }>): Buffer {
  const fonts = parts.map((p) => p.font);
  const known = merges.get(fonts[0]) ?? [];
  const hit = known.find((m) => m.parts.length === fonts.length && m.parts.every((p, i) => p === fonts[i]));
  if (hit) return hit.merged;
  const merged = mergeTrueType(parts);
  merges.set(fonts[0], [...known.slice(-3), { parts: fonts, merged }]);
  return merged;
}

async function subsetFile(role: FontRole, face: FileFace, cps: Set<number>): Promise<WebFont> {
  const data = await cachedSubset(face, cps);
  const label = face.source.label;
  return { role, filename: `${role}-${face.key}.ttf`, data, label, license: face.source.license, glyphs: cps.size, stackIndex: 0, parts: [{ label, data }] };
}

/**
 * Chunks decoded from WOFF2, by file: decoded once, whatever its characters,
 * and kept until a merge has used it (for a watch session, for good).
 */
const decodedChunks = new Map<string, Promise<Buffer>>();

function decodedChunk(file: string): Promise<Buffer> {
  let p = decodedChunks.get(file);
  if (!p) {
    const decoding = decodeWoff2File(file);
    decodedChunks.set(file, (p = decoding));
    // A failure is forgotten, so that the next request tries again; a newer request's promise is left alone.
    decoding.catch(() => decodedChunks.get(file) === decoding && decodedChunks.delete(file));
  }
  return p;
}

/**
 * Starts decoding, on the worker, the chunks a book's verse will need when
 * its verse face is a chunked family: called before the font plan is made,
 * which takes about as long as the decoding that webFonts() would otherwise
 * wait for. The verse's own characters are the guess; a chunk the plan
 * needs beyond them is decoded when asked for, and one it does not need
 * costs the worker's time only.
 */
export function prefetchVerseChunks(book: Book, chains: Record<FontRole, FontSource[]>): void {
  const first = chains.poem[0];
  if (!first || first.kind !== 'chunked') return;
  const face = openFace(first) as ChunkedFace;
  const files = new Set<string>();
  for (const unit of textUnits(book)) {
    // The units font-plan.ts gives the verse face: poems and the closing formula.
    if (unit.kind !== 'poem' && unit.kind !== 'closing') continue;
    for (const part of unit.parts) {
      for (const ch of inlineText(part)) {
        const chunk = face.chunkOf(ch.codePointAt(0)!);
        if (chunk) files.add(chunk.file);
      }
    }
  }
  // A failure is reported when webFonts() asks for the chunk again.
  for (const file of [...files].sort()) decodedChunk(file).catch(() => undefined);
}

/** A chunked family's merged fonts, by face and character set: the last few of each face. */
const chunkMerges = new Map<string, Array<{ key: string; merged: Buffer }>>();

/**
 * The chunks holding the characters, decoded and cut to those characters in
 * one merge. The chunks are decoded on a worker (sfnt/woff2.ts) and all
 * requested at once. Decoding each woff2 chunk to TTF also sidesteps fontkit's
 * broken glyphs from woff2 input; cutting them ourselves spares a pass of
 * hb-subset per chunk.
 */
async function subsetChunks(role: FontRole, face: ChunkedFace, cps: Set<number>, keepDecoded: boolean): Promise<WebFont> {
  const byChunk = new Map<string, number[]>();
  for (const cp of cps) {
    const file = face.chunkOf(cp)!.file;
    byChunk.set(file, [...(byChunk.get(file) ?? []), cp]);
  }
  const chunks = [...byChunk].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const key = createHash('sha1').update(textOf(cps)).digest('hex');
  const known = chunkMerges.get(face.key) ?? [];
  let data = known.find((m) => m.key === key)?.merged;
  if (!data) {
    const fonts = await Promise.all(chunks.map(([file]) => decodedChunk(file)));
    data = mergeChunks(chunks.map(([, list], i) => ({ font: fonts[i], keep: list })));
    chunkMerges.set(face.key, [...known.slice(-3), { key, merged: data }]);
    if (!keepDecoded) for (const [file] of chunks) decodedChunks.delete(file);
  }
  const label = face.source.label;
  return { role, filename: `${role}-${face.key}.ttf`, data, label, license: face.source.license, glyphs: cps.size, stackIndex: 0, parts: [{ label, data }] };
}

/**
 * The chunks merged with their layout tables; should one hold layout our
 * merge does not handle, merged without any (the verse loses its vertical
 * forms and kerning, not its characters): hb-subset cannot merge fonts.
 */
function mergeChunks(parts: Array<{ font: Buffer; keep: number[] }>): Buffer {
  try {
    return mergeTrueType(parts);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    return mergeTrueType(parts, { layout: false });
  }
}
