import type { BookConfig } from '../config/load.ts';
import type { Format } from '../config/editions.ts';
import type { Diagnostics } from '../diagnostics.ts';

/** The bleed offset printers ask for where a background runs to the trim. */
const PRINTERS_BLEED_MM = 3;

/**
 * What a print edition will not do as the author may expect, said before it
 * is built: a bleed smaller than printers ask for, and an own cover image,
 * which the print cover does not use.
 */
export function notePrintChoices(config: BookConfig, formats: Format[], diagnostics: Diagnostics): void {
  if (!formats.includes('print') || !config.print) return;
  const where = { file: config.file ?? config.dir };
  if (config.print.printer === 'offset' && config.print.bleed < PRINTERS_BLEED_MM) {
    // The cover's background runs to the trim: a cut a little off the line shows white paper.
    diagnostics.warn(
      'print:bleed',
      `print.bleed is ${config.print.bleed} mm: printers ask for ${PRINTERS_BLEED_MM} mm where a cover's background runs to the edge, as this one's does; a trim a little off the line would show the paper's white`,
      config.bleedAt ?? where,
    );
  }
  if (config.cover) {
    diagnostics.info(
      'print:cover-drawn',
      `the print cover is drawn (back, spine and front at the printer's size, in CMYK); ${config.cover.value} is the EPUB's and the screen PDF's cover. For a print cover of your own, make it from the printer's template`,
      config.cover.at,
    );
  }
}
