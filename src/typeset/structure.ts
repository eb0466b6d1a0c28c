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
}

export function structElem(type: StructType, parent?: StructElem, props?: Partial<Pick<StructElem, 'alt' | 'actualText' | 'id' | 'scope'>>): StructElem {
  const e: StructElem = { type, kids: [], ...props };
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
