import type { Printer, PrintSettings } from '../../config/print.ts';
import type { PdfxIntent } from '../pdf/pdf-document-types.ts';

const INCH = 25.4;

/**
 * What each printer's published file specification asks of the files
 * (README: Print edition, with the documents). Lengths in mm.
 */
export interface PrinterSpec {
  printer: Printer;
  /** Offset sheets bleed on all four sides and carry crop marks; KDP and IngramSpark bleed at the head, foot and fore-edge only, unmarked. */
  gutterBleed: boolean;
  marks: boolean;
  /** KDP asks for no bookmarks in the book block; IngramSpark's book block is as KDP's. */
  outline: boolean;
  /** Live matter (running heads and folios too) keeps this far inside the trim. */
  safety: number;
  /** The narrowest gutter the printer takes for a book of `pages` pages. */
  minInner(pages: number): number;
  /** Fewer pages than this the printer does not bind. */
  minPages?: number;
  /** Spine type only from this many pages. */
  spineTextFrom?: number;
  /** Spine type keeps this far from each fold. */
  spineClearance: number;
  /** Total area coverage the cover may reach, in per cent. */
  maxInk: number;
}

/** KDP's minimum inside margin by page count (Paperback manuscript formatting guide). */
function kdpInside(pages: number): number {
  const inches = pages <= 150 ? 0.375 : pages <= 300 ? 0.5 : pages <= 500 ? 0.625 : pages <= 700 ? 0.75 : 0.875;
  return inches * INCH;
}

export function printerSpec(print: PrintSettings): PrinterSpec {
  switch (print.printer) {
    case 'kdp':
      return { printer: 'kdp', gutterBleed: false, marks: false, outline: false, safety: 0.375 * INCH, minInner: kdpInside, minPages: 24, spineTextFrom: 79, spineClearance: 0.0625 * INCH, maxInk: 240 };
    case 'ingramspark':
      // File Setup Tips: 0.5 in border clearance; 1/16 in production variance at each fold.
      return { printer: 'ingramspark', gutterBleed: false, marks: false, outline: false, safety: 0.5 * INCH, minInner: () => 0.5 * INCH, minPages: 18, spineClearance: 0.0625 * INCH, maxInk: 240 };
    case 'offset':
      // Offset printers ask for text at least 3 mm from the trim; a fold drifts about as far as a cut.
      return { printer: 'offset', gutterBleed: true, marks: true, outline: true, safety: 3, minInner: () => 0, spineClearance: 1.6, maxInk: 240 };
  }
}

/** Every print file names the press its CMYK is meant for by a condition the ICC registry characterises; the profile is not embedded. */
export function pdfxIntent(print: PrintSettings): PdfxIntent {
  return { condition: print.outputCondition, registry: 'http://www.color.org' };
}
