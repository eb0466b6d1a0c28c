import type { Diagnostics } from '../../diagnostics.ts';
import type { Asset } from '../../model/book.ts';
import type { PrinterSpec } from './printers.ts';

/** Printers ask for 300 ppi at the printed size (KDP, and the offset printers' specifications). */
export const MIN_PPI = 300;

/**
 * What a printer's prepress check would flag, reported before the printer
 * does: images too coarse for their printed size, too few pages for the
 * binding, too much ink on the cover.
 */
export class Preflight {
  /** The coarsest placement of each image, so an image used twice is reported once. */
  private readonly coarsest = new Map<string, { ppi: number; page: number }>();

  constructor(
    private readonly spec: PrinterSpec,
    private readonly diagnostics: Diagnostics,
    /** The output's file name, for what concerns the file as a whole. */
    private readonly output: string | undefined,
  ) {}

  /** An image placed at `width` × `height` points: its effective resolution is its pixels over its printed inches. */
  placed(asset: Asset, width: number, height: number, page: number): void {
    const ppi = Math.min(asset.width / (width / 72), asset.height / (height / 72));
    const seen = this.coarsest.get(asset.name);
    if (!seen || ppi < seen.ppi) this.coarsest.set(asset.name, { ppi, page });
  }

  /** Reports the images below 300 ppi, each at its source file. */
  images(assets: Map<string, Asset>): void {
    for (const [name, { ppi, page }] of this.coarsest) {
      if (ppi >= MIN_PPI - 0.5) continue;
      const asset = assets.get(name)!;
      const file = asset.source.split('/').pop();
      this.diagnostics.warn(
        'print:image-resolution',
        `${file} prints at ${Math.round(ppi)} ppi on page ${page} (${asset.width}×${asset.height} px); printers ask for ${MIN_PPI} ppi at the printed size: supply more pixels or place it smaller`,
        { file: asset.source },
      );
    }
  }

  /** `endBlanks`: the blank pages that end the book block, to end on a verso and fill the last `signature`. */
  pages(count: number, endBlanks: number, signature: number): void {
    // Print-on-demand signatures are a leaf: ending on a verso is no news.
    if (signature > 2 && endBlanks > 0) {
      const blanks = endBlanks === 1 ? 'a blank page ends' : `${endBlanks} blank pages end`;
      this.diagnostics.info('print:signature', `${blanks} the book block, to fill its last ${signature}-page signature: ${count} pages, ${count / signature} signatures (print.signature)`, { file: this.output });
    }
    const min = this.spec.minPages;
    if (min !== undefined && count < min) {
      this.diagnostics.warn('print:min-pages', `the book block has ${count} pages; ${this.spec.printer} binds no fewer than ${min}`, { file: this.output });
    }
  }

  /** Total area coverage of each CMYK colour (percentages) the cover prints. */
  ink(colours: Array<[number, number, number, number]>, cover: string | undefined): void {
    const worst = Math.max(...colours.map((c) => c.reduce((s, v) => s + v, 0)));
    if (worst > this.spec.maxInk) {
      this.diagnostics.warn('print:ink-coverage', `the cover prints ${Math.round(worst)}% total ink; ${this.spec.printer} takes at most ${this.spec.maxInk}% (lighten the theme's cover.background or cover.ink)`, { file: cover });
    }
  }
}
