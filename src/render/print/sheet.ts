import type PDFDocument from 'pdfkit';
import { MM } from '../../typeset/theme.ts';

/**
 * Where the trimmed page sits on the sheet a printer receives: the media is
 * the trim plus the bleed plus room for crop marks on every side. All lengths
 * in points; x and y are top-down, as pdfkit draws.
 */
export interface Sheet {
  mediaWidth: number;
  mediaHeight: number;
  /** The trim's top-left corner on the media. */
  trimX: number;
  trimY: number;
  trimWidth: number;
  trimHeight: number;
  bleed: number;
  /** Crop marks, and where they start and end outside the trim; 0 on a screen page. */
  markOffset: number;
  markLength: number;
}

/** A screen page: media = trim, no bleed, no marks. */
export function screenSheet(width: number, height: number): Sheet {
  return { mediaWidth: width, mediaHeight: height, trimX: 0, trimY: 0, trimWidth: width, trimHeight: height, bleed: 0, markOffset: 0, markLength: 0 };
}

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

type Page = { dictionary: { data: Record<string, unknown> } };

/** TrimBox and BleedBox (PDF 1.3+); pdfkit writes only the MediaBox. The sheet is symmetric, so PDF's upward y needs no flip. */
export function setPageBoxes(doc: InstanceType<typeof PDFDocument>, sheet: Sheet): void {
  if (sheet.markLength === 0) return;
  const data = (doc as unknown as { page: Page }).page.dictionary.data;
  const r = (n: number) => Math.round(n * 1000) / 1000;
  const { trimX: x, trimY: y, trimWidth: w, trimHeight: h, bleed: b } = sheet;
  data.MediaBox = [0, 0, r(sheet.mediaWidth), r(sheet.mediaHeight)];
  data.BleedBox = [r(x - b), r(y - b), r(x + w + b), r(y + h + b)];
  data.TrimBox = [r(x), r(y), r(x + w), r(y + h)];
}

/**
 * Crop marks at the trim's corners and, for a cover, fold marks where the
 * spine meets the boards (`folds`: x on the trim). Hairlines in black only,
 * the one ink every plate of a monochrome job has.
 */
export function drawMarks(doc: InstanceType<typeof PDFDocument>, sheet: Sheet, folds: number[] = []): void {
  if (sheet.markLength === 0) return;
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
