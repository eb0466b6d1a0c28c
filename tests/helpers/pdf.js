import { readFileSync } from 'node:fs';
import * as mupdf from 'mupdf';
/**
 * Reads a PDF with MuPDF, an independent reader: every line of every page
 * with its characters and their boxes, in reading order.
 */
export function readPdf(path) {
    const doc = mupdf.Document.openDocument(readFileSync(path), 'application/pdf');
    const lines = [];
    const pageCount = doc.countPages();
    for (let p = 0; p < pageCount; p++) {
        const page = doc.loadPage(p);
        const st = page.toStructuredText('preserve-whitespace');
        const json = JSON.parse(st.asJSON());
        void json;
        // MuPDF may cut one visual line into several: its pieces are regrouped by baseline and put
        // in order by where each begins. Characters keep MuPDF's order within a piece, so that the
        // second character of one glyph (a two-em dash standing for ——) stays beside the first.
        let pieces = [];
        let lastY = Number.NaN;
        const flush = () => {
            const current = pieces.filter((piece) => piece.length).sort((a, b) => a[0].x0 - b[0].x0).flat();
            if (current.length)
                lines.push({ page: p, chars: current, text: current.map((c) => c.c).join(''), x0: current[0].x0, x1: current[current.length - 1].x1, baseline: lastY });
            pieces = [];
        };
        st.walk({
            beginLine() {
                pieces.push([]);
            },
            onChar(c, origin, font, size, quad) {
                const y = Math.round(origin[1] * 10) / 10;
                if (!Number.isNaN(lastY) && Math.abs(y - lastY) > 0.5) {
                    flush();
                    pieces.push([]);
                }
                lastY = y;
                pieces[pieces.length - 1].push({ c, x0: quad[0], x1: quad[2], y0: quad[1], y1: quad[5], font: font.getName(), size });
            },
        });
        flush();
    }
    return { doc, lines, pageCount };
}
