import { readFileSync } from 'node:fs';
import * as mupdf from 'mupdf';

/** One glyph as MuPDF draws it: its id in the embedded font, what it copies as, and where its origin lands. */
export interface DrawnGlyph {
  page: number;
  font: string;
  gid: number;
  /** The character ToUnicode gives it; '' when none. */
  c: string;
  /** 1 for a glyph shown in vertical writing mode (Identity-V), 0 for horizontal. */
  wmode: number;
  /** The glyph's origin on the page, in points, top-down. */
  x: number;
  y: number;
  size: number;
  /** The text's x axis turned to run down the page: a glyph set sideways. */
  turned: boolean;
}

/**
 * Every glyph of every page in drawing order, read by MuPDF's own content
 * interpreter (a device that sees each text object), independently of any
 * text extraction heuristics.
 */
export function drawnGlyphs(path: string): { glyphs: DrawnGlyph[]; doc: mupdf.Document } {
  const doc = mupdf.Document.openDocument(readFileSync(path), 'application/pdf');
  const glyphs: DrawnGlyph[] = [];
  for (let p = 0; p < doc.countPages(); p++) {
    const page = doc.loadPage(p);
    const device = new mupdf.Device({
      fillText(text: mupdf.Text, ctm: mupdf.Matrix) {
        text.walk({
          showGlyph(font: mupdf.Font, trm: mupdf.Matrix, gid: number, unicode: number, wmode: number) {
            const m = mupdf.Matrix.concat(trm, ctm);
            glyphs.push({
              page: p,
              font: font.getName(),
              gid,
              c: unicode > 0 ? String.fromCodePoint(unicode) : '',
              wmode,
              x: m[4],
              y: m[5],
              size: Math.hypot(m[0], m[1]),
              // Upright, the text's x axis runs right (m[0] > 0); turned clockwise it runs down (m[1] > 0 top-down).
              turned: Math.abs(m[0]) < 1e-3 && m[1] > 0,
            });
          },
        });
      },
    });
    page.run(device, mupdf.Matrix.identity);
    device.close();
  }
  return { glyphs, doc };
}
