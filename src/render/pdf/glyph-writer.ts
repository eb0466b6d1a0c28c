import type PDFDocument from 'pdfkit';
import type { CidFonts, GlyphLedger } from './cid-fonts.ts';
import type { ComposedLine } from './line-breaker.ts';
import type { PdfFace } from './pdf-fonts.ts';

/**
 * A content stream being written, as bytes. A long book writes a million
 * glyphs: each goes in as six bytes and, when it moves, its adjustment,
 * with no string made for it. Everything written is ASCII.
 */
export class ContentBytes {
  private buf = new Uint8Array(1 << 15);
  private length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
  }

  text(s: string): void {
    this.room(s.length);
    const buf = this.buf;
    let at = this.length;
    for (let i = 0; i < s.length; i++) buf[at++] = s.charCodeAt(i);
    this.length = at;
  }

  /** A glyph as a two-byte CID in hex: `<04e2>`. */
  glyph(gid: number): void {
    this.room(6);
    const buf = this.buf;
    const at = this.length;
    buf[at] = 0x3c;
    buf[at + 1] = HEX_DIGITS[(gid >> 12) & 15];
    buf[at + 2] = HEX_DIGITS[(gid >> 8) & 15];
    buf[at + 3] = HEX_DIGITS[(gid >> 4) & 15];
    buf[at + 4] = HEX_DIGITS[gid & 15];
    buf[at + 5] = 0x3e;
    this.length = at + 6;
  }

  /** What has been written, in a buffer of its own; the writer starts again empty. */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

const HEX_DIGITS = new Uint8Array([...'0123456789abcdef'].map((c) => c.charCodeAt(0)));

/**
 * Writes composed lines as glyph runs: one BT … TJ … ET per run of one face
 * and size, each on a line of its own, positions as TJ adjustments. pdfkit's
 * own text() cannot justify Chinese and would lay the line out again.
 * Coordinates are PDF's own: y up from the foot of a page `pageHeight` tall.
 */
export function glyphRuns(line: ComposedLine, x: number, baseline: number, pageHeight: number, ledger: GlyphLedger, out: ContentBytes, faces: Set<PdfFace>): void {
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
    out.text(`\nBT /${face.resourceName} ${num(size)} Tf 1 0 0 1 ${num(startX)} ${num(pageHeight - baseline)} Tm [`);
    let first = true;
    let pen = startX;
    // A justified line moves most of its glyphs by one same amount: its text is made once.
    let lastAdjust = 0;
    let lastText = '';
    for (; i < placed.length; i++) {
      const p = placed[i];
      if (p.atom.kind === 'space' || p.atom.glyphs.length === 0) continue;
      if (p.atom.face !== face || p.atom.size !== size) break;
      let gx = x + line.offset + p.drawX;
      for (const g of p.atom.glyphs) {
        const width = ledger.use(used, g);
        const adjust = Math.round(((pen - gx) * 1000) / size * 100) / 100;
        if (adjust !== 0) {
          if (adjust !== lastAdjust) {
            lastAdjust = adjust;
            lastText = String(adjust);
          }
          out.text(first ? `${lastText} ` : ` ${lastText} `);
        } else if (!first) out.text(' ');
        out.glyph(g.id);
        first = false;
        pen = gx + width * size;
        gx += g.advance * size;
      }
    }
    out.text('] TJ ET');
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
  private readonly out = new ContentBytes();

  constructor(
    private readonly doc: Doc,
    private readonly fonts: CidFonts,
  ) {}

  /** Draws a line whose start is at x (points, top-down page coordinates) on `baseline`. */
  line(line: ComposedLine, x: number, baseline: number): void {
    const doc = this.doc;
    const pageHeight = doc.page.height;
    const faces = new Set<PdfFace>();
    glyphRuns(line, x, baseline, pageHeight, this.fonts.ledger, this.out, faces);
    const runs = Buffer.from(this.out.take()).toString('latin1');
    if (runs === '') return;
    for (const face of faces) this.fonts.useOnPage(face);
    // pdfkit's pages are flipped to top-down; text matrices want PDF's own axes.
    doc.save();
    doc.transform(1, 0, 0, -1, 0, pageHeight);
    doc.addContent(this.fill);
    // Each run starts on a line of its own, as addContent would put it.
    doc.addContent(runs.slice(1));
    doc.restore();
  }
}

export function num(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
