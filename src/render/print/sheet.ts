import type { Sheet } from '../pdf/page-layout.ts';
import type { PdfDocument } from '../pdf/pdfkit-adapter.ts';
import { MM } from '../../typeset/theme.ts';

/** A print sheet: its bleed at the binding edge or not, and whether it carries marks. */
export interface PrintSheet extends Sheet {
  /** False for KDP and IngramSpark: the gutter is cut flush, so the page bleeds on three sides. */
  gutterBleed: boolean;
  /** Bound on the right (a vertical book, read right to left): a recto's binding edge is its right edge. */
  boundRight: boolean;
}

/**
 * A print sheet. With marks, they start at the bleed's edge, and never nearer
 * the trim than 3 mm, so a cutter that drifts into the bleed does not cut
 * them; without, the media is the bleed box. Without gutter bleed the media
 * is one bleed wider than the trim, and the trim sits against the binding
 * edge (see trimLeft).
 */
export function printSheet(trimWidth: number, trimHeight: number, bleedMm: number, markLengthMm: number, gutterBleed = true, boundRight = false): PrintSheet {
  const bleed = bleedMm * MM;
  const markLength = markLengthMm * MM;
  const markOffset = markLength ? Math.max(bleed, 3 * MM) : 0;
  const slug = markLength ? markOffset + markLength + 2 * MM : bleed;
  const mediaWidth = gutterBleed ? trimWidth + 2 * slug : trimWidth + bleed;
  return { mediaWidth, mediaHeight: trimHeight + 2 * slug, trimX: slug, trimY: slug, trimWidth, trimHeight, bleed, markOffset, markLength, gutterBleed, boundRight };
}

/** Whether a physical page's binding edge is its left edge: a recto's (odd) in a left-bound book, a verso's in a right-bound one. */
export function boundLeft(sheet: PrintSheet, page: number): boolean {
  return (page % 2 === 1) !== sheet.boundRight;
}

/** The trim's left edge on a physical page: against the media's edge on the binding side when the gutter does not bleed. */
export function trimLeft(sheet: PrintSheet, page: number): number {
  if (sheet.gutterBleed) return sheet.trimX;
  return boundLeft(sheet, page) ? 0 : sheet.bleed;
}

/** TrimBox and BleedBox of the current page. The sheet is symmetric top to bottom, so PDF's upward y needs no flip. */
export function setPageBoxes(pdf: PdfDocument, sheet: PrintSheet, page = 1): void {
  const { trimY: y, trimWidth: w, trimHeight: h, bleed: b } = sheet;
  const x = trimLeft(sheet, page);
  const left = sheet.gutterBleed || !boundLeft(sheet, page) ? b : 0;
  const right = sheet.gutterBleed || boundLeft(sheet, page) ? b : 0;
  pdf.setPageBoxes({ bleed: [x - left, y - b, x + w + right, y + h + b], trim: [x, y, x + w, y + h] });
}

/**
 * Crop marks at the trim's corners and, for a cover, fold marks where the
 * spine meets the boards (`folds`: x on the trim), in the registration
 * colour (/Separation /All), so that every plate carries them and the
 * plates can be registered by them.
 */
export function drawMarks(pdf: PdfDocument, sheet: Sheet, folds: number[] = []): void {
  if (!sheet.markLength) return;
  const doc = pdf.doc;
  const { trimX: x0, trimY: y0, markOffset: o, markLength: l } = sheet;
  const x1 = x0 + sheet.trimWidth;
  const y1 = y0 + sheet.trimHeight;
  doc.save();
  doc.addContent(`/${pdf.useRegistrationColour()} CS 1 SCN`);
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
