import { isElem, type PageContent, type StructElem } from '../../typeset/structure.ts';
import { ContentBytes } from './glyph-writer.ts';
import { pdfHexText } from './marked-content.ts';
import type { PdfDocument } from './pdfkit-adapter.ts';
import type { PdfObject } from './pdf-document-types.ts';

/**
 * Writes the structure tree (ISO 32000-1 §14.7) of a tagged PDF: the
 * elements the layout made in reading order, their marked content on the
 * pages as they were drawn, and their annotations. Pages are placed as
 * pdfkit writes them, in file order; the elements are written at the end.
 * Why not pdfkit's own structure API: see PdfDocument.structTreeRoot.
 */
export class StructTree {
  /** ParentTree keys: each tagged page's, then each annotation's. */
  private nextKey = 0;
  private readonly entries: Array<[number, StructElem[] | StructElem]> = [];
  private readonly pageRefs = new Map<PageContent, PdfObject>();

  constructor(
    private readonly pdf: PdfDocument,
    readonly root: StructElem,
  ) {}

  /** The current page holds `content`: its /StructParents, before pdfkit ends the page. */
  placePage(content: PageContent): void {
    const page = this.pdf.currentPage;
    this.pageRefs.set(content, page);
    if (!content.mcids.length) return;
    const key = this.nextKey++;
    page.data.StructParents = key;
    this.entries.push([key, content.mcids]);
  }

  /** A key for an annotation about to be made (its /StructParent). */
  annotKey(): number {
    return this.nextKey++;
  }

  /** The annotation made last on the current page belongs to `elem` (an OBJR kid; PDF/UA 7.18.5). */
  placeAnnot(elem: StructElem, key: number, content: PageContent): void {
    elem.kids.push({ page: content, annot: this.pdf.lastAnnotation });
    this.entries.push([key, elem]);
  }

  /**
   * Writes every element with content, the ParentTree and the IDTree, and
   * hangs them on the StructTreeRoot. The dictionaries are made here as
   * text, once, in reading order, and go into object streams (a long book
   * has tens of thousands, all alike), which are deflated on the worker
   * meanwhile; the function returned writes them.
   */
  serialise(): () => Promise<void> {
    const treeRoot = this.pdf.structTreeRoot;
    // The elements with content, in reading order; each is numbered by its place.
    const order: StructElem[] = [];
    const visit = (e: StructElem): boolean => {
      const at = order.length;
      order.push(e);
      let drawn = false;
      for (const k of e.kids) if (!isElem(k) || visit(k)) drawn = true;
      // An empty element (a chapter heading with no text) is left out, and so is all below it.
      if (!drawn) order.length = at;
      return drawn;
    };
    visit(this.root);
    const noted = order.some((e) => e.id !== undefined);
    // Each element's number, then the ParentTree's and, with notes, the IDTree's.
    const first = this.pdf.reserveObjects(order.length + (noted ? 2 : 1));
    // An element left out keeps number 0.
    for (let i = 0; i < order.length; i++) order[i].number = first + i;
    const pageRefs = new Map<PageContent, string>();
    for (const [content, page] of this.pageRefs) pageRefs.set(content, String(page));
    const rootRef = String(treeRoot);
    // Written straight as bytes (all ASCII: text strings in hex), with no string made per reference or MCID.
    const out = new ContentBytes();
    const ref = (n: number) => {
      out.int(n);
      out.text(' 0 R');
    };
    const starts: number[] = [];
    const ids: Array<[string, number]> = [];
    for (const e of order) {
      starts.push(out.size);
      out.text('<</S /');
      out.text(e.type);
      out.text(' /P ');
      if (e.parent) ref(e.parent.number);
      else out.text(rootRef);
      // The page of the element's first content: its MCIDs there are plain numbers, the others say their page.
      let pg: PageContent | undefined;
      let count = 0;
      for (const k of e.kids) {
        if (isElem(k)) {
          if (k.number !== 0) count++;
          continue;
        }
        count++;
        if (pg) continue;
        pg = k.page;
        out.text(' /Pg ');
        out.text(pageRefs.get(pg)!);
      }
      out.text(count === 1 ? ' /K ' : ' /K [');
      let written = 0;
      for (const k of e.kids) {
        if (isElem(k)) {
          if (k.number === 0) continue;
          if (written++ > 0) out.text(' ');
          ref(k.number);
          continue;
        }
        if (written++ > 0) out.text(' ');
        if ('annot' in k) {
          out.text(`<</Type /OBJR /Obj ${String(k.annot)} /Pg `);
          out.text(pageRefs.get(k.page)!);
          out.text('>>');
        } else if (k.page === pg) out.int(k.mcid);
        else {
          out.text('<</Type /MCR /Pg ');
          out.text(pageRefs.get(k.page)!);
          out.text(' /MCID ');
          out.int(k.mcid);
          out.text('>>');
        }
      }
      if (count !== 1) out.text(']');
      if (e.alt !== undefined) out.text(` /Alt ${pdfHexText(e.alt)}`);
      if (e.actualText !== undefined) out.text(` /ActualText ${pdfHexText(e.actualText)}`);
      if (e.scope) out.text(` /A <</O /Table /Scope /${e.scope}>>`);
      if (e.id !== undefined) {
        out.text(` /ID ${pdfHexText(e.id)}`);
        ids.push([e.id, e.number]);
      }
      out.text('>>\n');
    }
    // A flat number tree, with no /Limits in its root (ISO 32000-1 §7.9.7 allows them only below it).
    const parentTree = first + order.length;
    starts.push(out.size);
    out.text('<</Nums [');
    let entry = 0;
    for (const [key, v] of this.entries.sort((a, b) => a[0] - b[0])) {
      if (entry++ > 0) out.text(' ');
      out.int(key);
      out.text(' ');
      if (!Array.isArray(v)) ref(v.number);
      else {
        out.text('[');
        for (let i = 0; i < v.length; i++) {
          if (i > 0) out.text(' ');
          ref(v[i].number);
        }
        out.text(']');
      }
    }
    out.text(']>>\n');
    Object.assign(treeRoot.data, { K: order.length ? this.pdf.referenceTo(first) : undefined, ParentTree: this.pdf.referenceTo(parentTree), ParentTreeNextKey: this.nextKey });
    if (noted) {
      ids.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      starts.push(out.size);
      out.text(`<</Names [${ids.map(([id, n]) => `${pdfHexText(id)} ${n} 0 R`).join(' ')}]>>\n`);
      treeRoot.data.IDTree = this.pdf.referenceTo(parentTree + 1);
    }
    starts.push(out.size);
    return this.pdf.objectStreams(first, out.take(), starts);
  }
}
