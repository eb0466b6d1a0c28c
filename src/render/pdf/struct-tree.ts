import { isElem, type PageContent, type StructElem } from '../../typeset/structure.ts';
import { pdfHexText } from './marked-content.ts';
import type { PdfDocument, PdfObject } from './pdfkit-adapter.ts';

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
    const refs = new Map<StructElem, string>();
    order.forEach((e, i) => refs.set(e, `${first + i} 0 R`));
    const pageRefs = new Map<PageContent, string>();
    for (const [content, page] of this.pageRefs) pageRefs.set(content, String(page));
    const rootRef = String(treeRoot);
    const bodies: string[] = [];
    const ids: Array<[string, string]> = [];
    for (const e of order) {
      let body = `<</S /${e.type} /P ${e.parent ? refs.get(e.parent) : rootRef}`;
      // The page of the element's first content: its MCIDs there are plain numbers, the others say their page.
      let pg: PageContent | undefined;
      for (const k of e.kids) {
        if (isElem(k)) continue;
        pg = k.page;
        body += ` /Pg ${pageRefs.get(pg)}`;
        break;
      }
      let kids = '';
      let count = 0;
      for (const k of e.kids) {
        let kid: string | undefined;
        if (isElem(k)) kid = refs.get(k);
        else if ('annot' in k) kid = `<</Type /OBJR /Obj ${String(k.annot)} /Pg ${pageRefs.get(k.page)}>>`;
        else kid = k.page === pg ? String(k.mcid) : `<</Type /MCR /Pg ${pageRefs.get(k.page)} /MCID ${k.mcid}>>`;
        if (kid === undefined) continue;
        kids += count++ === 0 ? kid : ` ${kid}`;
      }
      body += count === 1 ? ` /K ${kids}` : ` /K [${kids}]`;
      if (e.alt !== undefined) body += ` /Alt ${pdfHexText(e.alt)}`;
      if (e.actualText !== undefined) body += ` /ActualText ${pdfHexText(e.actualText)}`;
      if (e.scope) body += ` /A <</O /Table /Scope /${e.scope}>>`;
      if (e.id !== undefined) {
        body += ` /ID ${pdfHexText(e.id)}`;
        ids.push([e.id, refs.get(e)!]);
      }
      bodies.push(`${body}>>`);
    }
    let nums = '';
    for (const [key, v] of this.entries.sort((a, b) => a[0] - b[0])) {
      if (!Array.isArray(v)) nums += ` ${key} ${refs.get(v)}`;
      else {
        nums += ` ${key} [`;
        for (let i = 0; i < v.length; i++) nums += i === 0 ? refs.get(v[i]) : ` ${refs.get(v[i])}`;
        nums += ']';
      }
    }
    // A flat number tree, with no /Limits in its root (ISO 32000-1 §7.9.7 allows them only below it).
    const parentTree = first + order.length;
    bodies.push(`<</Nums [${nums.slice(1)}]>>`);
    Object.assign(treeRoot.data, { K: order.length ? this.pdf.referenceTo(first) : undefined, ParentTree: this.pdf.referenceTo(parentTree), ParentTreeNextKey: this.nextKey });
    if (noted) {
      ids.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      bodies.push(`<</Names [${ids.map(([id, r]) => `${pdfHexText(id)} ${r}`).join(' ')}]>>`);
      treeRoot.data.IDTree = this.pdf.referenceTo(parentTree + 1);
    }
    return this.pdf.objectStreams(first, bodies);
  }
}
