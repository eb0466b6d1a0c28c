import type PDFDocument from 'pdfkit';
import type { ComposedLine } from './line-breaker.ts';
import type { GlyphInfo, PdfFace } from './pdf-fonts.ts';

/** pdfkit's embedded font: the private members placing pre-shaped glyphs needs (libraries.md §1.9). */
interface EmbeddedFont {
  id: string;
  subset: { includeGlyph(id: number): number };
  widths: number[];
  unicode: number[][];
  scale: number;
  ref(): unknown;
}

type Doc = InstanceType<typeof PDFDocument> & {
  _font: EmbeddedFont;
  page: { fonts: Record<string, unknown>; height: number };
  addContent(s: string): void;
};

/**
 * Writes composed lines as glyph runs: one BT … TJ … ET per run of one face
 * and size, positions as TJ adjustments. pdfkit's own text() cannot justify
 * Chinese and would lay the line out again.
 */
/** A glyph as the PDF knows it: its id in pdfkit's subset, written as hex, and its width there. */
interface Slot {
  hex: string;
  /** The width the PDF's /W array gives it, in points per point of size. */
  width: number;
}

export class GlyphWriter {
  private readonly embedded = new Map<PdfFace, { font: EmbeddedFont; slots: Slot[] }>();
  /**
   * The fill operator each line sets. Black is DeviceGray 0, never pdfkit's
   * RGB default: a print file carries no RGB (a cover may set CMYK `k`).
   */
  fill = '0 g';

  constructor(private readonly doc: Doc) {}

  private font(face: PdfFace): { font: EmbeddedFont; slots: Slot[] } {
    let f = this.embedded.get(face);
    if (!f) {
      // The same fontkit object the composer measured with, so glyph ids agree.
      this.doc.font(face.font as unknown as string);
      f = { font: this.doc._font, slots: [] };
      this.embedded.set(face, f);
    }
    return f;
  }

  /**
   * A million glyphs in a long book, a few thousand distinct: each is entered
   * into the subset, its width and text recorded, and its hex formatted once.
   */
  private slot(f: EmbeddedFont, slots: Slot[], g: GlyphInfo): Slot {
    let s = slots[g.id];
    if (!s) {
      const cid = f.subset.includeGlyph(g.id);
      f.widths[cid] ??= g.nominal * 1000;
      // The first text seen for a glyph is its ToUnicode entry.
      f.unicode[cid] ??= g.codePoints;
      s = slots[g.id] = { hex: `<${cid.toString(16).padStart(4, '0')}>`, width: f.widths[cid] / 1000 };
    }
    return s;
  }

  /** Draws a line whose start is at x (points, top-down page coordinates) on `baseline`. */
  line(line: ComposedLine, x: number, baseline: number): void {
    const doc = this.doc;
    const placed = line.placed;
    if (placed.length === 0) return;
    const pageHeight = doc.page.height;
    const out: string[] = [];
    let i = 0;
    while (i < placed.length) {
      const a = placed[i].atom;
      if (a.kind === 'space' || a.glyphs.length === 0) {
        i++;
        continue;
      }
      const face = a.face;
      const size = a.size;
      const { font: f, slots } = this.font(face);
      if (doc.page.fonts[f.id] == null) doc.page.fonts[f.id] = f.ref();
      const startX = x + line.offset + placed[i].drawX;
      let tj = '';
      let pen = startX;
      for (; i < placed.length; i++) {
        const p = placed[i];
        if (p.atom.kind === 'space' || p.atom.glyphs.length === 0) continue;
        if (p.atom.face !== face || p.atom.size !== size) break;
        let gx = x + line.offset + p.drawX;
        for (const g of p.atom.glyphs) {
          const s = this.slot(f, slots, g);
          const adjust = Math.round(((pen - gx) * 1000) / size * 100) / 100;
          tj += adjust !== 0 ? (tj ? ` ${adjust} ${s.hex}` : `${adjust} ${s.hex}`) : tj ? ` ${s.hex}` : s.hex;
          pen = gx + s.width * size;
          gx += g.advance * size;
        }
      }
      const y = pageHeight - baseline;
      out.push(`BT /${f.id} ${num(size)} Tf 1 0 0 1 ${num(startX)} ${num(y)} Tm [${tj}] TJ ET`);
    }
    if (out.length) {
      // pdfkit's pages are flipped to top-down; text matrices want PDF's own axes.
      doc.save();
      doc.transform(1, 0, 0, -1, 0, pageHeight);
      doc.addContent(this.fill);
      for (const s of out) doc.addContent(s);
      doc.restore();
    }
  }
}

function num(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
