import type * as Fontkit from 'fontkit';
import { fontkit } from '../fonts/fontkit.ts';
import type { FontPlan } from '../fonts/font-plan.ts';
import { isFileFace, type Face } from '../fonts/registry.ts';
import type { WebFont } from '../fonts/web-fonts.ts';
import type { FontRole } from '../fonts/sources.ts';
import { horizontalMetrics } from '../fonts/sfnt/sfnt.ts';

export interface GlyphInfo {
  id: number;
  /** Horizontal offset from the pen position, in ems (GPOS); 0 for a lone character. */
  xOffset: number;
  codePoints: number[];
  /** Advance in ems where the composer places the next glyph (kerning included). */
  advance: number;
  /** The font's own advance in ems: what the PDF's width array must say. */
  nominal: number;
  /** Ink extent in ems, for deciding which half of a punctuation mark is blank. */
  inkLeft: number;
  inkRight: number;
}

export interface ShapedWord {
  glyphs: GlyphInfo[];
  /** Natural width in ems (with kerning). */
  width: number;
}

const INK_NEEDED = new Set([...'、，。．：；！？“‘「『（《〈【〖〔［｛”’」』）》〉】〗〕］｝'].map((c) => c.codePointAt(0)!));

/**
 * A face as the PDF composer sees it: the fontkit font whose glyph ids the
 * PDF's CIDs are (cid-fonts.ts) and cached metrics, because a million-character book asks for
 * the same few thousand glyphs over and over.
 */
export class PdfFace {
  private readonly glyphs = new Map<number, GlyphInfo | null>();
  private readonly words = new Map<string, ShapedWord>();
  readonly unitsPerEm: number;
  private readonly advances: (gid: number) => number;

  constructor(
    readonly key: string,
    readonly label: string,
    readonly font: Fontkit.Font,
    /** Its name in a page's /Font resources, fixed when the face is made, before any page is drawn. */
    readonly resourceName: string,
  ) {
    this.unitsPerEm = font.unitsPerEm;
    this.advances = advanceReader(font);
  }

  has(cp: number): boolean {
    return this.glyph(cp) !== null;
  }

  glyph(cp: number): GlyphInfo | null {
    let g = this.glyphs.get(cp);
    if (g === undefined) {
      g = null;
      if (this.font.hasGlyphForCodePoint(cp)) {
        const glyph = this.font.glyphForCodePoint(cp);
        const upm = this.unitsPerEm;
        const advance = this.advances(glyph.id) / upm;
        // The ink box means decoding the outline: only punctuation, whose blank half may be trimmed, needs it.
        const bbox = INK_NEEDED.has(cp) ? glyph.bbox : undefined;
        const empty = !bbox || !Number.isFinite(bbox.minX) || bbox.maxX <= bbox.minX;
        g = {
          id: glyph.id,
          xOffset: 0,
          codePoints: [cp],
          advance,
          nominal: advance,
          inkLeft: empty ? 0 : bbox.minX / upm,
          inkRight: empty ? 0 : bbox.maxX / upm,
        };
      }
      this.glyphs.set(cp, g);
    }
    return g;
  }

  /**
   * Shapes text as fontkit lays it out: a Latin word with kerning and
   * ligatures, or with `features` such as fwid, which turns ——'s two
   * proportional, low-set Latin dashes into one centred two-em dash.
   */
  shape(text: string, features?: string[]): ShapedWord {
    const key = features ? `${features.join(',')}:${text}` : text;
    let w = this.words.get(key);
    if (!w) {
      const run = this.font.layout(text, features);
      const upm = this.unitsPerEm;
      let width = 0;
      const glyphs = run.glyphs.map((glyph, i) => {
        const pos = run.positions[i];
        width += pos.xAdvance / upm;
        // The same fields in the same order as glyph()'s: one object shape for every glyph.
        return {
          id: glyph.id,
          xOffset: pos.xOffset / upm,
          codePoints: glyph.codePoints,
          advance: pos.xAdvance / upm,
          nominal: glyph.advanceWidth / upm,
          inkLeft: 0,
          inkRight: 0,
        };
      });
      w = { glyphs, width };
      this.words.set(key, w);
    }
    return w;
  }
}

interface SfntInternals {
  stream: { buffer: Uint8Array };
  directory: { tables: Record<string, { offset: number; length: number } | undefined> };
  hhea: { numberOfMetrics: number };
}

/**
 * A glyph's advance in font units, read from hmtx. fontkit's advanceWidth
 * decodes the metrics through its lazy structures (and, lacking vmtx, the
 * outline): a twelfth of a millisecond per glyph, for thousands of glyphs.
 * A variable font's advances may vary with its instance: those stay with fontkit.
 */
function advanceReader(font: Fontkit.Font): (gid: number) => number {
  const f = font as unknown as SfntInternals;
  const hmtx = f.directory.tables.hmtx;
  if (!hmtx || f.directory.tables.fvar) return (gid) => font.getGlyph(gid).advanceWidth;
  const bytes = f.stream.buffer;
  return horizontalMetrics(bytes.subarray(hmtx.offset, hmtx.offset + hmtx.length), f.hhea.numberOfMetrics).advance;
}

/** The faces of one edition, per role, in fallback order. */
export interface PdfFontSet {
  /**
   * The first face of the role's chain that passes the test. Faces are
   * opened as the walk reaches them, so a fallback face the book never
   * needs (a Traditional chain's Simplified faces, 40 MB) is never read.
   */
  find(role: FontRole, test: (face: PdfFace) => boolean): PdfFace | undefined;
  /** A face for a code point in a role: the first in the chain that has it, else the first body face that has it. */
  faceFor(role: FontRole, cp: number): PdfFace | undefined;
  /** The PDF face for one of the plan's faces in a role; undefined for a chunked family the book does not use there. */
  face(role: FontRole, face: Face): PdfFace | undefined;
}

/**
 * Builds the PDF faces from the font plan. File faces are used whole (the
 * document subsets what is drawn); a chunked family (LXGW WenKai) is used through the
 * merged TrueType subset the EPUB step made: pdfkit fed woff2 chunks writes
 * glyphs FreeType rejects.
 */
export function pdfFontSet(plan: FontPlan, webFonts: WebFont[]): PdfFontSet {
  // Resource names are given in chain order before any face is opened, so that
  // a page's content never depends on which face the text reached first.
  const names = new Map<string, string>();
  const indexOf = new Map<Face, number>();
  const idOf = (role: FontRole, f: Face) => {
    let i = indexOf.get(f);
    if (i === undefined) indexOf.set(f, (i = indexOf.size));
    return isFileFace(f) ? `${i}` : `${i} ${role}`;
  };
  for (const role of Object.keys(plan.chains) as FontRole[]) {
    for (const f of plan.chains[role]) if (!names.has(idOf(role, f))) names.set(idOf(role, f), `CF${names.size + 1}`);
  }
  // A file face is one PdfFace for every role; a chunked family is drawn from the subset made for each role.
  const made = new Map<string, PdfFace | null>();
  const face = (role: FontRole, f: Face): PdfFace | undefined => {
    const id = idOf(role, f);
    let pf = made.get(id);
    if (pf !== undefined) return pf ?? undefined;
    if (isFileFace(f)) pf = new PdfFace(f.key, f.source.label, f.font(), names.get(id)!);
    else {
      const part = webFonts.filter((w) => w.role === role).flatMap((w) => w.parts).find((p) => p.label === f.source.label);
      pf = part ? new PdfFace(`${f.key}-${role}`, f.source.label, fontkit.create(part.data) as Fontkit.Font, names.get(id)!) : null;
    }
    made.set(id, pf);
    return pf ?? undefined;
  };
  const find = (role: FontRole, test: (face: PdfFace) => boolean): PdfFace | undefined => {
    for (const f of plan.chains[role]) {
      const pf = face(role, f);
      if (pf && test(pf)) return pf;
    }
    return undefined;
  };
  // Asked once per character of the book: a numeric map per role, no string keys.
  const memo = Object.fromEntries(Object.keys(plan.chains).map((r) => [r, new Map<number, PdfFace | null>()])) as Record<FontRole, Map<number, PdfFace | null>>;
  return {
    find,
    face,
    faceFor(role, cp) {
      const m = memo[role];
      let f = m.get(cp);
      if (f === undefined) {
        const has = (pf: PdfFace) => pf.has(cp);
        f = find(role, has) ?? find('body', has) ?? null;
        m.set(cp, f);
      }
      return f ?? undefined;
    },
  };
}
