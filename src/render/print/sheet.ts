import type { Sheet } from '../pdf/page-layout.ts';
import type { PdfDocument } from '../pdf/pdfkit-adapter.ts';
import { MM } from '../../typeset/theme.ts';

/**
 * A print sheet. Marks start at the bleed's edge, and never nearer the trim
 * than 3 mm, so a cutter that drifts into the bleed does not cut them.
 */
export function printSheet(trimWidth: number, trimHeight: number, bleedMm: number, markLengthMm: number): Sheet {
  const bleed = bleedMm * MM;
  const markOffset = Math.max(bleed, 3 * MM);
  const markLength = markLengthMm * MM;
  const slug = markOffset + markLength + 2 * MM;
  return { mediaWidth: trimWidth + 2 * slug, mediaHeight: trimHeight + 2 * slug, trimX: slug, trimY: slug, trimWidth, trimHeight, bleed, markOffset, markLength };
}

/** TrimBox and BleedBox of the current page. The sheet is symmetric, so PDF's upward y needs no flip. */
export function setPageBoxes(pdf: PdfDocument, sheet: Sheet): void {
  const { trimX: x, trimY: y, trimWidth: w, trimHeight: h, bleed: b } = sheet;
  pdf.setPageBoxes({ bleed: [x - b, y - b, x + w + b, y + h + b], trim: [x, y, x + w, y + h] });
}

/**
 * Crop marks at the trim's corners and, for a cover, fold marks where the
 * spine meets the boards (`folds`: x on the trim). Hairlines in black only,
 * the one ink every plate of a monochrome job has.
 */
export function drawMarks(pdf: PdfDocument, sheet: Sheet, folds: number[] = []): void {
  const doc = pdf.doc;
  const { trimX: x0, trimY: y0, markOffset: o, markLength: l } = sheet;
  const x1 = x0 + sheet.trimWidth;
  const y1 = y0 + sheet.trimHeight;
  doc.save();
  doc.addContent('0 G');
  doc.lineWidth(0.25);
  for (const x of [x0, x1]) {
    for (const [from, to] of [[y0 - o, y0 - o - l], [y1 + o, y1 + o + l]]) doc.moveTo(x, from).lineTo(x, to);
  }
  for (const y of [y0, y1]) {
    for (const [from, to] of [[x0 - o, x0 - o - l], [x1 + o, x1 + o + l]]) doc.moveTo(from, y).lineTo(to, y);
  }
  for (const f of folds) {
    const x = x0 + f;
    doc.moveTo(x, y0 - o).lineTo(x, y0 - o - l);
    doc.moveTo(x, y1 + o).lineTo(x, y1 + o + l);
  }
  doc.stroke();
  doc.restore();
}
