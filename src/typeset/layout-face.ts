import type * as Fontkit from 'fontkit';
import { fontkit } from '../fonts/fontkit.ts';
import type { FontPlan } from '../fonts/font-plan.ts';
import { isFileFace, type Face } from '../fonts/registry.ts';
import type { WebFont } from '../fonts/web-fonts.ts';
import type { FontRole } from '../fonts/sources.ts';
import { horizontalMetrics } from '../fonts/sfnt/sfnt.ts';
import { verticalMetrics, type VerticalMetrics } from '../fonts/sfnt/vertical-metrics.ts';
import { isHan, isWide } from '../text/chars.ts';

export interface GlyphInfo {
  id: number;
  codePoints: number[];
  /** Advance in ems where the composer places the next glyph (kerning included). */
  advance: number;
  /** The font's own advance in ems: what the PDF's width array must say. */
  nominal: number;
  /** Ink extent along the line in ems, for deciding which half of a punctuation mark is blank. */
  inkStart: number;
  inkEnd: number;
}

export interface ShapedWord {
  glyphs: GlyphInfo[];
  /** Natural advance in ems (with kerning). */
  advance: number;
}

/**
 * Marks that lie along the line in horizontal text and must turn with a
 * column: set in the face's vertical form (GSUB vert) where it has one, else
 * turned 90° clockwise about the em box (LXGW WenKai has no vert lookups).
 */
const TURNS_IN_COLUMN = new Set([...'「」『』（）《》〈〉【】〖〗〔〕［］｛｝“”‘’—–―⸺…‥⋯～〜'].map((c) => c.codePointAt(0)!));

const INK_NEEDED = new Set([...'、，。．：；！？“‘「『（《〈【〖〔［｛”’」』）》〉】〗〕］｝'].map((c) => c.codePointAt(0)!));

/**
 * A face as the composer sees it: the fontkit font (whose glyph ids a PDF
 * writes as its CIDs) and cached metrics, because a million-character book
 * asks for the same few thousand glyphs over and over.
 */
export class LayoutFace {
  private readonly glyphs = new Map<number, GlyphInfo | null>();
  private readonly words = new Map<string, ShapedWord>();
  readonly unitsPerEm: number;
  private readonly advances: (gid: number) => number;
  private readonly columnGlyphs = new Map<number, GlyphInfo | null>();
  private readonly columnWords = new Map<string, ShapedWord>();
  private verticalTables?: VerticalMetrics;
  /**
   * Glyph ids a column sets turned 90° clockwise, with their horizontal
   * metrics: characters that are not wide (Latin, a space) and marks the
   * face has no vertical form of.
   */
  readonly turned = new Set<number>();

  constructor(
    readonly key: string,
    readonly label: string,
    readonly font: Fontkit.Font,
    /**
     * The face's place among the edition's faces, fixed in chain order before
     * any face is opened, so that what a page refers to it by never depends
     * on which face the text reached first.
     */
    readonly ordinal: number,
    /** For a variant (see variant()): the face it draws the glyphs of, and its number among that face's variants. */
    readonly variantOf?: { face: LayoutFace; index: number },
  ) {
    this.unitsPerEm = font.unitsPerEm;
    // A variant reads the same font: its metrics are its face's, not read again.
    this.advances = variantOf ? variantOf.face.advances : advanceReader(font);
  }

  private variants?: LayoutFace[];

  /**
   * The same font under another name, for a PDF: a glyph that stands for two
   * texts (shared-glyphs.ts) is drawn for the second one through a variant,
   * whose own ToUnicode gives that text; the file embeds the font once.
   */
  variant(index: number): LayoutFace {
    this.variants ??= [];
    return (this.variants[index] ??= new LayoutFace(this.key, this.label, this.font, this.ordinal, { face: this, index }));
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
          codePoints: [cp],
          advance,
          nominal: advance,
          inkStart: empty ? 0 : bbox.minX / upm,
          inkEnd: empty ? 0 : bbox.maxX / upm,
        };
      }
      this.glyphs.set(cp, g);
    }
    return g;
  }

  /** The face's metrics down a column (vhea, vmtx, the glyphs' vertical origins). */
  get vertical(): VerticalMetrics {
    if (this.variantOf) return this.variantOf.face.vertical;
    const f = this.font as unknown as SfntInternals;
    return (this.verticalTables ??= verticalMetrics({ bytes: f.stream.buffer, tables: f.directory.tables }, this.unitsPerEm));
  }

  /**
   * The glyph a code point is set with in a column, measured down it: Han
   * upright with its vmtx advance; punctuation in its vertical form (GSUB
   * vert), or turned when the face has none; anything not wide turned, with
   * its horizontal advance. Ink runs from the top of the cell down.
   */
  columnGlyph(cp: number): GlyphInfo | null {
    let g = this.columnGlyphs.get(cp);
    if (g !== undefined) return g;
    g = this.glyph(cp);
    if (g) {
      const ch = String.fromCodePoint(cp);
      let id = g.id;
      if (isWide(ch) && !isHan(ch)) {
        const run = this.font.layout(ch, ['vert']);
        if (run.glyphs.length === 1) id = run.glyphs[0].id;
      }
      if (!isWide(ch) || (id === g.id && TURNS_IN_COLUMN.has(cp))) this.turned.add(g.id);
      else g = this.uprightGlyph(id, [cp], INK_NEEDED.has(cp));
    }
    this.columnGlyphs.set(cp, g);
    return g;
  }

  /** Text shaped for a column with `features` (fwid and vert for ——): each glyph upright in its vertical form, or turned where the face has none. */
  columnShape(text: string, features: string[]): ShapedWord {
    const key = `${features.join(',')}:${text}`;
    let w = this.columnWords.get(key);
    if (!w) {
      const run = this.font.layout(text, features);
      let advance = 0;
      const glyphs = run.glyphs.map((glyph) => {
        const cp = glyph.codePoints[0];
        const plain = cp === undefined ? undefined : this.glyph(cp);
        let g: GlyphInfo;
        if (plain && plain.id === glyph.id && TURNS_IN_COLUMN.has(cp)) {
          this.turned.add(glyph.id);
          g = { ...plain, codePoints: glyph.codePoints };
        } else g = this.uprightGlyph(glyph.id, glyph.codePoints, false);
        advance += g.advance;
        return g;
      });
      w = { glyphs, advance };
      this.columnWords.set(key, w);
    }
    return w;
  }

  /** A glyph standing upright in a column: advance from vmtx, ink from the cell's top edge (its vertical origin). */
  private uprightGlyph(id: number, codePoints: number[], ink: boolean): GlyphInfo {
    const upm = this.unitsPerEm;
    const v = this.vertical;
    const bbox = ink ? this.font.getGlyph(id).bbox : undefined;
    const empty = !bbox || !Number.isFinite(bbox.minY) || bbox.maxY <= bbox.minY;
    const origin = v.origin(id);
    return {
      id,
      codePoints,
      advance: v.advance(id) / upm,
      // The PDF's /W keeps the horizontal advance: the vertical font centres each glyph on half of it.
      nominal: this.advances(id) / upm,
      inkStart: empty ? 0 : (origin - bbox.maxY) / upm,
      inkEnd: empty ? 0 : (origin - bbox.minY) / upm,
    };
  }

  /**
   * Shapes text as fontkit lays it out: a Latin word with kerning and
   * ligatures, or with `features` such as fwid, which turns ——'s two
   * proportional, low-set Latin dashes into one centred two-em dash.
   */
  shape(text: string, features?: string[]): ShapedWord {
    const key = features ? `${features.join(',')}:${text}` : text;
    let w = this.words.get(key);
    if (!w && !features && DIGITS.test(text) && this.digitsCompose()) {
      // A folio on every page: its digits' glyphs one after another, as fontkit would give them.
      const glyphs: GlyphInfo[] = [];
      let advance = 0;
      for (let i = 0; i < text.length; i++) {
        const g = this.shape(text[i]).glyphs[0];
        glyphs.push(g);
        advance += g.advance;
      }
      w = { glyphs, advance };
      this.words.set(key, w);
    }
    if (!w) {
      w = this.layout(text, features);
      this.words.set(key, w);
    }
    return w;
  }

  /** Text as fontkit shapes it. */
  private layout(text: string, features?: string[]): ShapedWord {
    const run = this.font.layout(text, features);
    const upm = this.unitsPerEm;
    let advance = 0;
    const glyphs = run.glyphs.map((glyph, i) => {
      const pos = run.positions[i];
      advance += pos.xAdvance / upm;
      // The same fields in the same order as glyph()'s: one object shape for every glyph.
      return { id: glyph.id, codePoints: glyph.codePoints, advance: pos.xAdvance / upm, nominal: glyph.advanceWidth / upm, inkStart: 0, inkEnd: 0 };
    });
    return { glyphs, advance };
  }

  private composes?: boolean;

  /**
   * Whether a string of ASCII digits shapes as its digits one by one: each
   * digit one glyph of its own, and no pair of digits kerned or ligated
   * under fontkit's default features. (A rule only three or more digits in
   * a row would meet is not looked for; the book faces have none.)
   */
  private digitsCompose(): boolean {
    if (this.composes === undefined) {
      const one = [...'0123456789'].map((d) => this.shape(d));
      let composes = one.every((w) => w.glyphs.length === 1 && w.glyphs[0].codePoints.length === 1);
      for (let a = 0; a < 10 && composes; a++) {
        for (let b = 0; b < 10 && composes; b++) {
          const pair = this.layout(`${a}${b}`);
          const [x, y] = [one[a].glyphs[0], one[b].glyphs[0]];
          composes = pair.glyphs.length === 2 && sameGlyph(pair.glyphs[0], x) && sameGlyph(pair.glyphs[1], y);
        }
      }
      this.composes = composes;
    }
    return this.composes;
  }
}

const DIGITS = /^[0-9]{2,}$/;

function sameGlyph(a: GlyphInfo, b: GlyphInfo): boolean {
  return a.id === b.id && a.advance === b.advance && a.nominal === b.nominal && a.codePoints.length === b.codePoints.length && a.codePoints.every((c, i) => c === b.codePoints[i]);
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
export interface LayoutFontSet {
  /**
   * The first face of the role's chain that passes the test. Faces are
   * opened as the walk reaches them, so a fallback face the book never
   * needs (a Traditional chain's Simplified faces, 40 MB) is never read.
   */
  find(role: FontRole, test: (face: LayoutFace) => boolean): LayoutFace | undefined;
  /** The face the font plan sets a code point in, in a role; else the body face the plan gives it. */
  faceFor(role: FontRole, cp: number): LayoutFace | undefined;
  /** The layout face for one of the plan's faces in a role; undefined for a chunked family the book does not use there. */
  face(role: FontRole, face: Face): LayoutFace | undefined;
}

/**
 * The layout faces of a font plan. File faces are used whole (a PDF subsets
 * what it draws); a chunked family (LXGW WenKai) is used through the merged
 * TrueType subset the web-font step made for each role: pdfkit fed woff2
 * chunks writes glyphs FreeType rejects.
 */
export function layoutFontSet(plan: FontPlan, webFonts: WebFont[]): LayoutFontSet {
  // Ordinals are given in chain order before any face is opened (see LayoutFace.ordinal).
  const ordinals = new Map<string, number>();
  const indexOf = new Map<Face, number>();
  const idOf = (role: FontRole, f: Face) => {
    let i = indexOf.get(f);
    if (i === undefined) indexOf.set(f, (i = indexOf.size));
    return isFileFace(f) ? `${i}` : `${i} ${role}`;
  };
  for (const role of Object.keys(plan.chains) as FontRole[]) {
    for (const f of plan.chains[role]) if (!ordinals.has(idOf(role, f))) ordinals.set(idOf(role, f), ordinals.size);
  }
  // A file face is one LayoutFace for every role; a chunked family is drawn from the subset made for each role.
  const made = new Map<string, LayoutFace | null>();
  const face = (role: FontRole, f: Face): LayoutFace | undefined => {
    const id = idOf(role, f);
    let lf = made.get(id);
    if (lf !== undefined) return lf ?? undefined;
    if (isFileFace(f)) lf = new LayoutFace(f.key, f.source.label, f.font(), ordinals.get(id)!);
    else {
      const part = webFonts.filter((w) => w.role === role).flatMap((w) => w.parts).find((p) => p.label === f.source.label);
      lf = part ? new LayoutFace(`${f.key}-${role}`, f.source.label, fontkit.create(part.data) as Fontkit.Font, ordinals.get(id)!) : null;
    }
    made.set(id, lf);
    return lf ?? undefined;
  };
  const find = (role: FontRole, test: (face: LayoutFace) => boolean): LayoutFace | undefined => {
    for (const f of plan.chains[role]) {
      const lf = face(role, f);
      if (lf && test(lf)) return lf;
    }
    return undefined;
  };
  const planned = (role: FontRole, cp: number): LayoutFace | undefined => {
    const f = plan.faceFor(role, cp);
    return f && face(role, f);
  };
  // Asked once per character of the book: a numeric map per role, no string keys.
  const memo = Object.fromEntries(Object.keys(plan.chains).map((r) => [r, new Map<number, LayoutFace | null>()])) as Record<FontRole, Map<number, LayoutFace | null>>;
  return {
    find,
    face,
    faceFor(role, cp) {
      const m = memo[role];
      let lf = m.get(cp);
      if (lf === undefined) m.set(cp, (lf = planned(role, cp) ?? planned('body', cp) ?? null));
      return lf ?? undefined;
    },
  };
}
