import { fail } from '../../diagnostics.ts';
import type { PrintSettings } from '../../config/print.ts';
import type { PageLayout } from '../pdf/page-layout.ts';
import type { PrinterSpec } from './printers.ts';
import { boundLeft, drawMarks, printSheet, setPageBoxes, trimLeft } from './sheet.ts';
import { VERTICAL } from '../../typeset/axis.ts';
import { columnTheme, MM, type Theme } from '../../typeset/theme.ts';

/** How far a face's glyph boxes reach above the baseline and below it, in ems (CJK faces run past the em box): what the safety margin is kept from. */
const ASCENT = 1.2;
const DESCENT = 0.35;

/**
 * The print page: the trim from book.yaml, the theme's mirrored margins in
 * mm, widened where the printer asks for more (its safety margin, which
 * running heads and folios keep too, and its minimum gutter for `pages`).
 * The measure stays a whole number of ems and the page a whole number of
 * lines (clreq); what is left over widens both side margins alike (the
 * gutter stays wider by the theme's difference) and the foot margin.
 */
export function printLayout(base: Theme, settings: PrintSettings, spec: PrinterSpec, pages = 0, vertical = false): PageLayout {
  const m = base.print;
  const width = settings.trim[0] * MM;
  const height = settings.trim[1] * MM;
  const size = base.body.size;
  const furniture = base.furniture.size;
  const marginInner = Math.max(m.marginInner, spec.safety, spec.minInner(pages));
  const marginOuter = Math.max(m.marginOuter, spec.safety);
  // The running head stands 1.2 lines above the block, the folio 1.5 below it (page-drawer.ts).
  const marginTop = Math.max(m.marginTop, spec.safety + (1.2 * base.pitch + ASCENT * furniture) / MM);
  const marginBottom = Math.max(m.marginBottom, spec.safety + (1.5 * base.pitch + DESCENT * furniture) / MM);
  const measure = Math.floor((width - (marginInner + marginOuter) * MM) / size + 1e-6);
  const lines = Math.floor((height - (marginTop + marginBottom) * MM) / base.pitch + 1e-6);
  if (measure < 10 || lines < 8) {
    fail('print:trim-too-small', `a ${settings.trim[0]}×${settings.trim[1]} mm trim leaves ${measure} characters × ${lines} lines inside the print margins; at least 10 × 8 are needed`);
  }
  const spare = (width - measure * size - (marginInner + marginOuter) * MM) / 2;
  const inner = marginInner * MM + spare;
  const outer = marginOuter * MM + spare;
  const theme: Theme = {
    ...base,
    page: { ...base.page, marginTop: marginTop * MM, marginInner: inner, marginOuter: outer },
    body: { ...base.body, measure, lines },
    pageWidth: width,
    pageHeight: height,
    measureLength: measure * size,
  };
  // A vertical book is bound on the right: its margins mirror the other way.
  const sheet = printSheet(width, height, settings.bleed, spec.marks ? m.markLength : 0, spec.gutterBleed, vertical);
  // Columns (直排) fill the same text block: whole ems down, whole columns across, centred in it.
  const set = vertical ? columnTheme(theme) : theme;
  const across = vertical ? set.pitch * set.body.lines : set.measureLength;
  const shiftX = (theme.measureLength - across) / 2;
  const shiftY = vertical ? (theme.pitch * theme.body.lines - set.measureLength) / 2 : 0;
  return {
    kind: 'print',
    axis: vertical ? VERTICAL : undefined,
    theme: set,
    sheet,
    textLeft: (page) => trimLeft(sheet, page) + (boundLeft(sheet, page) ? inner : outer) + shiftX,
    textTop: sheet.trimY + theme.page.marginTop + shiftY,
    finishPage(pdf, page) {
      setPageBoxes(pdf, sheet, page);
      drawMarks(pdf, sheet);
    },
  };
}
