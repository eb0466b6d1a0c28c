import { readFileSync } from 'node:fs';
import subsetFont from 'subset-font';
import type { FontPlan } from './coverage.ts';
import { mergeTrueType } from './merge-ttf.ts';
import { isFileFace, type ChunkedFace, type Face } from './registry.ts';
import type { FontRole } from './sources.ts';

/**
 * A standalone font file for an EPUB or HTML output: hb-subset keeps cmap,
 * name, OS/2 and post (fontkit's subsets lack them and only suit PDFs).
 * TTF, not WOFF2: half the size again, but seconds of encoding per face.
 */
export interface WebFont {
  role: FontRole;
  /** File name inside the package, ASCII. */
  filename: string;
  data: Buffer;
  label: string;
  license: string;
  glyphs: number;
}

export async function webFonts(plan: FontPlan): Promise<WebFont[]> {
  const jobs: Array<Promise<WebFont>> = [];
  for (const role of Object.keys(plan.usage) as FontRole[]) {
    for (const [face, cps] of plan.usage[role]) {
      if (cps.size === 0) continue;
      if (isFileFace(face)) jobs.push(subsetFile(role, face, cps));
      else jobs.push(subsetChunks(role, face as ChunkedFace, cps));
    }
  }
  const fonts = await Promise.all(jobs);
  return fonts.sort((a, b) => (a.filename < b.filename ? -1 : 1));
}

const textOf = (cps: Iterable<number>) => String.fromCodePoint(...[...cps].sort((a, b) => a - b));

async function subsetFile(role: FontRole, face: Face & { bytes(): Buffer }, cps: Set<number>): Promise<WebFont> {
  const data = await subsetFont(face.bytes(), textOf(cps), { targetFormat: 'truetype' });
  return { role, filename: `${role}-${face.key}.ttf`, data, label: face.source.label, license: face.source.license, glyphs: cps.size };
}

async function subsetChunks(role: FontRole, face: ChunkedFace, cps: Set<number>): Promise<WebFont> {
  const byChunk = new Map<string, number[]>();
  for (const cp of cps) {
    const file = face.chunkOf(cp)!.file;
    byChunk.set(file, [...(byChunk.get(file) ?? []), cp]);
  }
  // Decoding each woff2 chunk to TTF also sidesteps fontkit's broken glyphs from woff2 input.
  const parts = await Promise.all(
    [...byChunk].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([file, list]) => subsetFont(readFileSync(file), textOf(list), { targetFormat: 'truetype' })),
  );
  return {
    role,
    filename: `${role}-${face.key}.ttf`,
    data: mergeTrueType(parts),
    label: face.source.label,
    license: face.source.license,
    glyphs: cps.size,
  };
}
