import { VERTICAL, type Axis } from '../../typeset/axis.ts';
import { columnTheme, type Theme } from '../../typeset/theme.ts';
import type { PdfDocument } from './pdfkit-adapter.ts';

/**
 * Where the trimmed page sits on the sheet an output's pages are: the media
 * is the trim, plus for print the bleed and room for crop marks on every
 * side. All lengths in points; x and y are top-down, as pdfkit draws.
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

/**
 * How one output lays out its pages: the screen PDF (a centred text block on
 * a plain page) or the print PDF (render/print/print-layout.ts: a trim with
 * bleed and marks, mirrored margins, chapters on rectos). renderBook takes
 * one of these, and the print edition's own pages, and nothing else differs.
 */
export interface PageLayout {
  kind: 'screen' | 'print';
  /** The direction lines run; horizontal when absent. Columns (直排) read right to left, the book bound on the right. */
  axis?: Axis;
  /** The theme with the page and text block this layout uses. */
  theme: Theme;
  sheet: Sheet;
  /** Left edge of the text block on the media, for a physical page counted from 1 (odd = recto). */
  textLeft(page: number): number;
  /** Top of the text block on the media. */
  textTop: number;
  /** What every page carries besides its content, once pdfkit has the page: a print sheet's boxes and crop marks. */
  finishPage(pdf: PdfDocument, page: number): void; // page: physical, from 1 (odd = recto)
}

/** A screen page: media = trim, no bleed, no marks. */
export function screenSheet(width: number, height: number): Sheet {
  return { mediaWidth: width, mediaHeight: height, trimX: 0, trimY: 0, trimWidth: width, trimHeight: height, bleed: 0, markOffset: 0, markLength: 0 };
}

export function screenLayout(theme: Theme): PageLayout {
  const left = (theme.pageWidth - theme.measureLength) / 2;
  return { kind: 'screen', theme, sheet: screenSheet(theme.pageWidth, theme.pageHeight), textLeft: () => left, textTop: theme.page.marginTop, finishPage: () => undefined };
}

/** A screen page of columns (直排): the horizontal page's text block, holding whole columns of whole ems, centred in it. */
export function columnScreenLayout(theme: Theme): PageLayout {
  const columns = columnTheme(theme);
  const width = columns.pitch * columns.body.lines;
  const left = (theme.pageWidth - width) / 2;
  const top = theme.page.marginTop + (theme.pitch * theme.body.lines - columns.measureLength) / 2;
  return { kind: 'screen', axis: VERTICAL, theme: columns, sheet: screenSheet(theme.pageWidth, theme.pageHeight), textLeft: () => left, textTop: top, finishPage: () => undefined };
}
