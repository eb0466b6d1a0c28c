import type PDFDocument from 'pdfkit';
import type { ComposedLine } from './line-breaker.ts';
import type { PdfFace } from './pdf-fonts.ts';

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
export class GlyphWriter {
  private readonly embedded = new Map<PdfFace, EmbeddedFont>();
  /** `<00a3>` per glyph id: written a million times for a long book, formatted once. */
  private readonly hex: string[] = [];

  private hexOf(cid: number): string {
    return (this.hex[cid] ??= `<${cid.toString(16).padStart(4, '0')}>`);
  }
  /**
   * The fill operator each line sets. Black is DeviceGray 0, never pdfkit's
   * RGB default: a print file carries no RGB (a cover may set CMYK `k`).
   */
  fill = '0 g';

  constructor(private readonly doc: Doc) {}

  private font(face: PdfFace): EmbeddedFont {
    let f = this.embedded.get(face);
    if (!f) {
      // The same fontkit object the composer measured with, so glyph ids agree.
      this.doc.font(face.font as unknown as string);
      f = this.doc._font;
      this.embedded.set(face, f);
    }
    return f;
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
      const f = this.font(face);
      if (doc.page.fonts[f.id] == null) doc.page.fonts[f.id] = f.ref();
      const startX = x + line.offset + placed[i].drawX;
      const tj: string[] = [];
      let pen = startX;
      for (; i < placed.length; i++) {
        const p = placed[i];
        if (p.atom.kind === 'space' || p.atom.glyphs.length === 0) continue;
        if (p.atom.face !== face || p.atom.size !== size) break;
        let gx = x + line.offset + p.drawX;
        for (const g of p.atom.glyphs) {
          const cid = f.subset.includeGlyph(g.id);
          f.widths[cid] ??= g.nominal * 1000;
          f.unicode[cid] ??= g.codePoints;
          const adjust = Math.round(((pen - gx) * 1000) / size * 100) / 100;
          if (adjust !== 0) tj.push(String(adjust));
          tj.push(this.hexOf(cid));
          pen = gx + (f.widths[cid] * size) / 1000;
          gx += g.advance * size;
        }
      }
      const y = pageHeight - baseline;
      out.push(`BT /${f.id} ${num(size)} Tf 1 0 0 1 ${num(startX)} ${num(y)} Tm [${tj.join(' ')}] TJ ET`);
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
