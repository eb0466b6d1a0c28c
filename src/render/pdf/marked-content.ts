import { structElem, type PageContent, type StructElem } from '../../typeset/structure.ts';
import type { Atom } from '../../typeset/atoms.ts';
import type { ContentBytes } from './glyph-writer.ts';

/** What an artifact is: pagination (running head, folio) or layout (rules, dots, ornaments). */
export type ArtifactKind = 'header' | 'footer' | 'layout';

const ARTIFACT_OPEN: Record<ArtifactKind, string> = {
  header: '\n/Artifact <</Type /Pagination /Subtype /Header>> BDC',
  footer: '\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC',
  layout: '\n/Artifact BMC',
};

/**
 * The marked content of one page being drawn (ISO 32000-1 §14.6): every
 * painted thing in a sequence of its structure element, with the page's
 * next MCID, or in an artifact. A sequence stays open while what is drawn
 * belongs to the same element, so a paragraph's lines on a page are one
 * sequence; an artifact never sits inside one (PDF/UA 7.1-1).
 */
export class MarkedContent {
  readonly page: PageContent = { mcids: [] };
  private open: StructElem | ArtifactKind | null = null;
  /** A paragraph's inline elements met so far, so that a link broken over lines stays one Link. */
  private readonly links = new WeakMap<StructElem, Map<string, StructElem>>();

  constructor(private readonly out: ContentBytes) {}

  /** Opens a sequence of `e`, unless one is open. */
  elem(e: StructElem): void {
    if (this.open === e) return;
    this.close();
    const mcid = this.reserve(e);
    // A placeholder's BDC carries its text too: pdftotext and MuPDF read it there, pdf.js from the element.
    this.out.text(`\n/${e.type} <</MCID ${mcid}${e.actualText === undefined ? '' : ` /ActualText ${pdfHexText(e.actualText)}`}>> BDC`);
    this.open = e;
  }

  artifact(kind: ArtifactKind): void {
    if (this.open === kind) return;
    this.close();
    this.out.text(ARTIFACT_OPEN[kind]);
    this.open = kind;
  }

  close(): void {
    if (this.open === null) return;
    this.out.text(' EMC');
    this.open = null;
  }

  /** The page's next MCID, for `e`: content drawn in this stream, or later in pdfkit's (an image). */
  reserve(e: StructElem): number {
    const mcid = this.page.mcids.length;
    this.page.mcids.push(e);
    e.kids.push({ page: this.page, mcid });
    return mcid;
  }

  /**
   * The element an atom of a line tagged `tag` is drawn in: the line's own,
   * or a Link (inside a Reference for a footnote call), or for a placeholder
   * and an atom that copies out only so (AtomStyle.ownText) a Span of its
   * own whose ActualText is the author's text.
   */
  inline(tag: StructElem, atom: Atom): StructElem {
    const link = atom.style.link;
    const parent = link === undefined ? tag : this.link(tag, link, atom.style.reference === true);
    return atom.style.missing || atom.style.ownText ? structElem('Span', parent, { actualText: atom.text }) : parent;
  }

  /** The Link element last made for `href` in `tag`: the one a line just drawn holds. */
  linkOf(tag: StructElem, href: string): StructElem | undefined {
    return this.links.get(tag)?.get(href);
  }

  /** The Link element of `href` in `tag`: the one made last for it, while it is the paragraph's latest kid. */
  link(tag: StructElem, href: string, reference: boolean): StructElem {
    let byHref = this.links.get(tag);
    if (!byHref) this.links.set(tag, (byHref = new Map()));
    const last = byHref.get(href);
    const latest = tag.kids[tag.kids.length - 1];
    if (last && (latest === last || latest === last.parent)) return last;
    const link = structElem('Link', reference ? structElem('Reference', tag) : tag);
    byHref.set(href, link);
    return link;
  }
}

/** A PDF text string for a content stream's property list: UTF-16BE with a BOM, in hex (non-BMP as surrogate pairs). */
export function pdfHexText(s: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}
