import { fail } from '../../diagnostics.ts';
import type { PrintSettings } from '../../config/print.ts';
import type { PageLayout } from '../pdf/page-layout.ts';
import { drawMarks, printSheet, setPageBoxes } from './sheet.ts';
import { MM, type Theme } from '../../typeset/theme.ts';

/**
 * The print page: the trim from book.yaml, the theme's mirrored margins in
 * mm. The measure stays a whole number of ems and the page a whole number of
 * lines (clreq); what is left over widens both side margins alike (the
 * gutter stays wider by the theme's difference) and the foot margin.
 */
export function printLayout(base: Theme, settings: PrintSettings): PageLayout {
  const m = base.print;
  const width = settings.trim[0] * MM;
  const height = settings.trim[1] * MM;
  const size = base.body.size;
  const measure = Math.floor((width - (m.marginInner + m.marginOuter) * MM) / size + 1e-6);
  const lines = Math.floor((height - (m.marginTop + m.marginBottom) * MM) / base.pitch + 1e-6);
  if (measure < 10 || lines < 8) {
    fail('print:trim-too-small', `a ${settings.trim[0]}×${settings.trim[1]} mm trim leaves ${measure} characters × ${lines} lines inside the theme's print margins; at least 10 × 8 are needed`);
  }
  const spare = (width - measure * size - (m.marginInner + m.marginOuter) * MM) / 2;
  const inner = m.marginInner * MM + spare;
  const outer = m.marginOuter * MM + spare;
  const theme: Theme = {
    ...base,
    page: { ...base.page, marginTop: m.marginTop * MM, marginInner: inner, marginOuter: outer },
    body: { ...base.body, measure, lines },
    pageWidth: width,
    pageHeight: height,
    measureLength: measure * size,
  };
  const sheet = printSheet(width, height, settings.bleed, m.markLength);
  return {
    kind: 'print',
    theme,
    sheet,
    // A recto's binding edge is on its left.
    textLeft: (page) => sheet.trimX + (page % 2 === 1 ? inner : outer),
    textTop: sheet.trimY + theme.page.marginTop,
    finishPage(pdf) {
      setPageBoxes(pdf, sheet);
      drawMarks(pdf, sheet);
    },
  };
}
