/**
 * The logical structure of what is laid out (Tagged PDF, ISO 32000-1
 * §14.8): elements made in reading order while blocks are laid out, to
 * which drawn content is attached later, in whatever order pages are drawn.
 * Only the screen PDF writes it (render/pdf/struct-tree.ts); print ignores it.
 */

/** The standard structure types used; no RoleMap, so no custom ones (PDF/UA 7.1-5). */
export type StructType =
  | 'Document'
  | 'Sect'
  | 'Div'
  | 'H1'
  | 'H2'
  | 'H3'
  | 'P'
  | 'BlockQuote'
  | 'Caption'
  | 'L'
  | 'LI'
  | 'Lbl'
  | 'LBody'
  | 'Table'
  | 'TR'
  | 'TH'
  | 'TD'
  | 'Figure'
  | 'Note'
  | 'Reference'
  | 'Link'
  | 'Span'
  | 'TOC'
  | 'TOCI';

/** The content on one drawn page: the element each MCID belongs to, by MCID. */
export interface PageContent {
  mcids: StructElem[];
}

/** A kid of an element: another element, a marked-content sequence on a page, or an annotation (OBJR). */
export type StructKid = StructElem | { page: PageContent; mcid: number } | { page: PageContent; annot: unknown };

export interface StructElem {
  type: StructType;
  kids: StructKid[];
  parent?: StructElem;
  /** Alternate description (Figure). */
  alt?: string;
  /** The text the content stands for (a placeholder glyph). */
  actualText?: string;
  /** A unique ID (Note). */
  id?: string;
  /** A header cell's scope (TH). */
  scope?: 'Column' | 'Row';
  /** Where the writer keeps the element's number in its output (a PDF object number); 0 until it is numbered. */
  number: number;
}

export function structElem(type: StructType, parent?: StructElem, props?: Partial<Pick<StructElem, 'alt' | 'actualText' | 'id' | 'scope'>>): StructElem {
  // Every element has every field, in one order: a long book's writer reads tens of thousands of them, all of one shape.
  const e: StructElem = { type, kids: [], parent: undefined, alt: props?.alt, actualText: props?.actualText, id: props?.id, scope: props?.scope, number: 0 };
  if (parent) adopt(parent, e);
  return e;
}

/** Makes `child`, made on its own (a chapter's Sect), the last kid of `parent`. */
export function adopt(parent: StructElem, child: StructElem): void {
  child.parent = parent;
  parent.kids.push(child);
}

export function isElem(k: StructKid): k is StructElem {
  return 'type' in k;
}

/**
 * Trims the kid lists of `e` and every element below it to their length,
 * once what is drawn of them is drawn. A list grown by one kid keeps room
 * for seventeen; a long book holds tens of thousands of them to its end,
 * which is some 5 MB of a 1M-character book's heap.
 */
export function settle(e: StructElem): void {
  e.kids = e.kids.slice();
  for (const k of e.kids) if (isElem(k)) settle(k);
}
