import type { BookConfig } from '../config/load.ts';
import type { Format } from '../config/editions.ts';
import { BuildError, type Diagnostics } from '../diagnostics.ts';
import { printLayout } from '../render/print/print-layout.ts';
import { printerSpec } from '../render/print/printers.ts';
import { loadTheme } from '../typeset/theme.ts';

/** The bleed offset printers ask for where a background runs to the trim. */
const PRINTERS_BLEED_MM = 3;

/**
 * What a print edition cannot do or will not do as the author may expect,
 * said before anything is built: a trim too small to set a page in (an
 * error at its line, where the renderer would find it after the EPUB was
 * written), a bleed smaller than printers ask for, and an own cover image,
 * which the print cover does not use.
 */
export function notePrintChoices(config: BookConfig, formats: Format[], diagnostics: Diagnostics): void {
  if (!formats.includes('print') || !config.print) return;
  const where = { file: config.file ?? config.dir };
  try {
    // The page the renderer will lay out, before the page count widens a printer's gutter.
    printLayout(loadTheme(), config.print, printerSpec(config.print));
  } catch (e) {
    if (!(e instanceof BuildError) || e.diagnostics.some((d) => d.rule !== 'print:trim-too-small')) throw e;
    for (const d of e.diagnostics) diagnostics.error(d.rule, d.message, config.trimAt ?? where);
  }
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
