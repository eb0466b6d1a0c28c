import type PDFDocument from 'pdfkit';
import { cidHex, type CidFonts, type GlyphLedger } from './cid-fonts.ts';
import type { ComposedLine } from './line-breaker.ts';
import type { PdfFace } from './pdf-fonts.ts';

/**
 * Writes composed lines as glyph runs: one BT … TJ … ET per run of one face
 * and size, positions as TJ adjustments. pdfkit's own text() cannot justify
 * Chinese and would lay the line out again. Coordinates are PDF's own: y up
 * from the foot of a page `pageHeight` tall.
 */
export function glyphRuns(line: ComposedLine, x: number, baseline: number, pageHeight: number, ledger: GlyphLedger, out: string[], faces: Set<PdfFace>): void {
  const placed = line.placed;
  let i = 0;
  while (i < placed.length) {
    const a = placed[i].atom;
    if (a.kind === 'space' || a.glyphs.length === 0) {
      i++;
      continue;
    }
    const face = a.face;
    const size = a.size;
    faces.add(face);
    const used = ledger.of(face);
    const startX = x + line.offset + placed[i].drawX;
    let tj = '';
    let pen = startX;
    for (; i < placed.length; i++) {
      const p = placed[i];
      if (p.atom.kind === 'space' || p.atom.glyphs.length === 0) continue;
      if (p.atom.face !== face || p.atom.size !== size) break;
      let gx = x + line.offset + p.drawX;
      for (const g of p.atom.glyphs) {
        const width = ledger.use(used, g);
        const hex = cidHex(g.id);
        const adjust = Math.round(((pen - gx) * 1000) / size * 100) / 100;
        tj += adjust !== 0 ? (tj ? ` ${adjust} ${hex}` : `${adjust} ${hex}`) : tj ? ` ${hex}` : hex;
        pen = gx + width * size;
        gx += g.advance * size;
      }
    }
    out.push(`BT /${face.resourceName} ${num(size)} Tf 1 0 0 1 ${num(startX)} ${num(pageHeight - baseline)} Tm [${tj}] TJ ET`);
  }
}

type Doc = InstanceType<typeof PDFDocument> & {
  page: { height: number };
  addContent(s: string): void;
};

/** Composed lines drawn straight into a pdfkit page, in its top-down coordinates: the cover, running heads, folios. */
export class GlyphWriter {
  /**
   * The fill operator each line sets. Black is DeviceGray 0, never pdfkit's
   * RGB default: a print file carries no RGB (a cover may set CMYK `k`).
   */
  fill = '0 g';

  constructor(
    private readonly doc: Doc,
    private readonly fonts: CidFonts,
  ) {}

  /** Draws a line whose start is at x (points, top-down page coordinates) on `baseline`. */
  line(line: ComposedLine, x: number, baseline: number): void {
    const doc = this.doc;
    const pageHeight = doc.page.height;
    const out: string[] = [];
    const faces = new Set<PdfFace>();
    glyphRuns(line, x, baseline, pageHeight, this.fonts.ledger, out, faces);
    if (out.length === 0) return;
    for (const face of faces) this.fonts.useOnPage(face);
    // pdfkit's pages are flipped to top-down; text matrices want PDF's own axes.
    doc.save();
    doc.transform(1, 0, 0, -1, 0, pageHeight);
    doc.addContent(this.fill);
    for (const s of out) doc.addContent(s);
    doc.restore();
  }
}

export function num(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
