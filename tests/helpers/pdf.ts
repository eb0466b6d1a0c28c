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
 * with its characters and their boxes, in reading order.
 */
export function readPdf(path: string): { doc: mupdf.Document; lines: PdfLine[]; pageCount: number } {
  const doc = mupdf.Document.openDocument(readFileSync(path), 'application/pdf');
  const lines: PdfLine[] = [];
  const pageCount = doc.countPages();
  for (let p = 0; p < pageCount; p++) {
    const page = doc.loadPage(p);
    const st = page.toStructuredText('preserve-whitespace');
    const json = JSON.parse(st.asJSON()) as { blocks: Array<{ type: string; lines?: Array<{ x: number; y: number; font: { name: string; size: number }; text: string; bbox: { x: number; y: number; w: number; h: number } }> }> };
    void json;
    let current: PdfChar[] = [];
    let lastY = Number.NaN;
    const flush = () => {
      if (current.length) {
        current.sort((a, b) => a.x0 - b.x0);
        lines.push({ page: p, chars: current, text: current.map((c) => c.c).join(''), x0: current[0].x0, x1: current[current.length - 1].x1, baseline: lastY });
      }
      current = [];
    };
    st.walk({
      beginLine() {
        // MuPDF may cut one visual line into several; lines are regrouped by baseline below.
      },
      onChar(c: string, origin: mupdf.Point, font: mupdf.Font, size: number, quad: mupdf.Quad) {
        const y = Math.round(origin[1] * 10) / 10;
        if (!Number.isNaN(lastY) && Math.abs(y - lastY) > 0.5) flush();
        lastY = y;
        current.push({ c, x0: quad[0], x1: quad[2], y0: quad[1], y1: quad[5], font: font.getName(), size });
      },
    });
    flush();
  }
  return { doc, lines, pageCount };
}
