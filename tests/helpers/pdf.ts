import { readFileSync } from 'node:fs';
import * as mupdf from 'mupdf';

export interface PdfChar {
  c: string;
  /** Left, right, top, bottom of the character's box (points, top-down). */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  font: string;
  size: number;
}

export interface PdfLine {
  page: number;
  chars: PdfChar[];
  text: string;
  x0: number;
  x1: number;
  baseline: number;
}

/**
 * Reads a PDF with MuPDF, an independent reader: every line of every page
 * with its characters and their boxes, in reading order. `options` are
 * MuPDF's structured-text options besides preserve-whitespace (e.g.
 * ignore-actualtext, to read the glyphs drawn rather than the text they stand for).
 */
export function readPdf(path: string, options = ''): { doc: mupdf.Document; lines: PdfLine[]; pageCount: number } {
  const doc = mupdf.Document.openDocument(readFileSync(path), 'application/pdf');
  const lines: PdfLine[] = [];
  const pageCount = doc.countPages();
  for (let p = 0; p < pageCount; p++) {
    const page = doc.loadPage(p);
    const st = page.toStructuredText(['preserve-whitespace', options].filter(Boolean).join(','));
    const json = JSON.parse(st.asJSON()) as { blocks: Array<{ type: string; lines?: Array<{ x: number; y: number; font: { name: string; size: number }; text: string; bbox: { x: number; y: number; w: number; h: number } }> }> };
    void json;
    // MuPDF may cut one visual line into several: its pieces are regrouped by baseline and put
    // in order by where each begins. Characters keep MuPDF's order within a piece, so that the
    // second character of one glyph (a two-em dash standing for ——) stays beside the first.
    // A superscript (a footnote call: smaller, raised less than half an em) stays in its line.
    let pieces: PdfChar[][] = [];
    let lastY = Number.NaN;
    let lastSize = 0;
    const flush = () => {
      const current = pieces.filter((piece) => piece.length).sort((a, b) => a[0].x0 - b[0].x0).flat();
      if (current.length) lines.push({ page: p, chars: current, text: current.map((c) => c.c).join(''), x0: current[0].x0, x1: current[current.length - 1].x1, baseline: lastY });
      pieces = [];
    };
    st.walk({
      beginLine() {
        pieces.push([]);
      },
      onChar(c: string, origin: mupdf.Point, font: mupdf.Font, size: number, quad: mupdf.Quad) {
        const y = Math.round(origin[1] * 10) / 10;
        const superscript = size < 0.8 * lastSize && lastY - y > 0 && lastY - y < 0.5 * lastSize;
        if (!superscript) {
          if (!Number.isNaN(lastY) && Math.abs(y - lastY) > 0.5) {
            flush();
            pieces.push([]);
          }
          lastY = y;
          lastSize = size;
        }
        pieces[pieces.length - 1].push({ c, x0: quad[0], x1: quad[2], y0: quad[1], y1: quad[5], font: font.getName(), size });
      },
    });
    flush();
  }
  return { doc, lines, pageCount };
}

/**
 * The glyphs MuPDF draws whose font maps them to no text (ToUnicode;
 * PDF/UA 7.21.7-1): MuPDF gives such a glyph U+FFFD. Also any .notdef
 * (glyph 0) drawn (7.21.8-1). Each as `font:glyph`, once.
 */
export function glyphsWithoutText(path: string): string[] {
  const doc = mupdf.Document.openDocument(readFileSync(path), 'application/pdf');
  const bad = new Set<string>();
  for (let p = 0; p < doc.countPages(); p++) {
    const device = new mupdf.Device({
      fillText(text: mupdf.Text) {
        text.walk({
          showGlyph(font: mupdf.Font, _trm: mupdf.Matrix, glyph: number, unicode: number) {
            // The second and later characters of one glyph's text come as glyph -1.
            if (glyph === 0 || unicode === 0xfffd || unicode <= 0) bad.add(`${font.getName()}:${glyph}`);
          },
        });
      },
    });
    doc.loadPage(p).run(device, mupdf.Matrix.identity);
    device.close();
  }
  return [...bad];
}
