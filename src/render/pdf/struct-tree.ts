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
   * hangs them on the StructTreeRoot. The dictionaries are written out
   * here, not through pdfkit's object writer: a long book has tens of
   * thousands, all alike, which go into object streams.
   */
  write(): void {
    const treeRoot = this.pdf.structTreeRoot;
    const refs = new Map<StructElem, string>();
    const objects = new Map<StructElem, PdfObject>();
    const order: StructElem[] = [];
    const walk = (e: StructElem) => {
      if (!hasContent(e)) return;
      const ref = this.pdf.object();
      objects.set(e, ref);
      refs.set(e, String(ref));
      order.push(e);
      for (const k of e.kids) if (isElem(k)) walk(k);
    };
    walk(this.root);
    const page = (content: PageContent) => String(this.pageRefs.get(content));
    const out: Array<{ ref: PdfObject; body: string }> = [];
    const ids: Array<[string, string]> = [];
    for (const e of order) {
      let body = `<</S /${e.type} /P ${e.parent ? refs.get(e.parent) : String(treeRoot)}`;
      const first = e.kids.find((k) => !isElem(k));
      const pg = first && !isElem(first) ? first.page : undefined;
      if (pg) body += ` /Pg ${page(pg)}`;
      const kids: string[] = [];
      for (const k of e.kids) {
        if (isElem(k)) {
          const r = refs.get(k);
          if (r) kids.push(r);
        } else if ('annot' in k) kids.push(`<</Type /OBJR /Obj ${String(k.annot)} /Pg ${page(k.page)}>>`);
        else if (k.page === pg) kids.push(String(k.mcid));
        else kids.push(`<</Type /MCR /Pg ${page(k.page)} /MCID ${k.mcid}>>`);
      }
      body += ` /K ${kids.length === 1 ? kids[0] : `[${kids.join(' ')}]`}`;
      if (e.alt !== undefined) body += ` /Alt ${pdfHexText(e.alt)}`;
      if (e.actualText !== undefined) body += ` /ActualText ${pdfHexText(e.actualText)}`;
      if (e.scope) body += ` /A <</O /Table /Scope /${e.scope}>>`;
      if (e.id !== undefined) {
        body += ` /ID ${pdfHexText(e.id)}`;
        ids.push([e.id, refs.get(e)!]);
      }
      out.push({ ref: objects.get(e)!, body: `${body}>>` });
    }
    let nums = '';
    for (const [key, v] of this.entries.sort((a, b) => a[0] - b[0])) nums += ` ${key} ${Array.isArray(v) ? `[${v.map((e) => refs.get(e)).join(' ')}]` : refs.get(v)}`;
    // A flat number tree, with no /Limits in its root (ISO 32000-1 §7.9.7 allows them only below it).
    const parentTree = this.pdf.object();
    out.push({ ref: parentTree, body: `<</Nums [${nums.slice(1)}]>>` });
    Object.assign(treeRoot.data, { K: objects.get(this.root), ParentTree: parentTree, ParentTreeNextKey: this.nextKey });
    if (ids.length) {
      ids.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const idTree = this.pdf.object();
      out.push({ ref: idTree, body: `<</Names [${ids.map(([id, r]) => `${pdfHexText(id)} ${r}`).join(' ')}]>>` });
      treeRoot.data.IDTree = idTree;
    }
    this.pdf.writeCompressed(out);
  }
}

/** Whether anything drawn belongs to the element: an empty one (a chapter heading with no text) is left out. */
function hasContent(e: StructElem): boolean {
  return e.kids.some((k) => !isElem(k) || hasContent(k));
}
