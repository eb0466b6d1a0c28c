import type { PdfDocument } from './pdfkit-adapter.ts';
import type { OutlineEntry } from './pdf-document-types.ts';

/** The PDF outline: items nest by level under the last item of the level above, each pointing at its heading. */
export class OutlineBuilder {
  private readonly stack: Array<{ level: number; item: OutlineEntry }> = [];

  constructor(private readonly pdf: PdfDocument) {}

  /** An entry for a heading at `top` (top-down) on the current page. */
  add(level: number, title: string, top: number): void {
    while (this.stack.length && this.stack[this.stack.length - 1].level >= level) this.stack.pop();
    const parent = this.stack.length ? this.stack[this.stack.length - 1].item : this.pdf.outline;
    const item = parent.addItem(title, { expanded: level === 1 });
    this.pdf.pointAtCurrentPage(item, top);
    this.stack.push({ level, item });
  }
}
