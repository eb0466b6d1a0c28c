import { KEPT_LINK } from '../../model/link-target.ts';
import type { GlyphLedger } from './cid-fonts.ts';
import type { LaidPage } from '../../typeset/paginate.ts';
import { ContentBytes, glyphRuns, num } from './glyph-writer.ts';
import type { ComposedLine } from '../../typeset/line-breaker.ts';
import type { PdfFace } from '../../typeset/layout-face.ts';

/**
 * What the document must do on a drawn page besides showing its content:
 * annotations, destinations, outline entries and images, which pdfkit
 * writes. Coordinates are pdfkit's: top-down from the media's top left.
 */
export type PageMark =
  | { op: 'goTo'; x: number; y: number; width: number; height: number; dest: string }
  | { op: 'uri'; x: number; y: number; width: number; height: number; url: string }
  | { op: 'image'; asset: string; x: number; y: number; width: number; height: number }
  | { op: 'dest'; name: string; y: number }
  | { op: 'outline'; level: number; title: string; y: number };

/**
 * A page drawn to a finished content stream, with what the document must
 * add when the page takes its place: the body is drawn before the front
 * matter that precedes it in the file.
 */
export interface DrawnPage {
  /** Content stream operators in PDF's own axes, wrapped in q … Q: the page's first stream. */
  content: Uint8Array;
  /** The faces the content uses, for the page's /Font resources. */
  faces: PdfFace[];
  marks: PageMark[];
  /** Ids whose page number the table of contents wants. */
  anchors: string[];
  /** The text block's left edge the page was drawn with (mirrored margins in print). */
  left: number;
}

/** A page's folio and running head: the text, and where on the line it goes. */
export interface Furniture {
  folio: string;
  head?: string;
  place: 'left' | 'center' | 'right';
}

export interface PageGeometry {
  /** Media height: the flip between pdfkit's axes and PDF's. */
  mediaHeight: number;
  /** Top of the text block on the media. */
  top: number;
  /** Line pitch: destinations point one line above what they name. */
  pitch: number;
  /** Print files carry no links. */
  links: boolean;
  /** Width of the text block, across which furniture is placed. */
  measure: number;
  /** Baselines of the running head and the folio, from the text block's top. */
  headBaseline: number;
  footBaseline: number;
  /** Sets furniture text in a line of its own. */
  setLine(text: string, align: 'left' | 'center'): ComposedLine | undefined;
}

/**
 * Draws laid-out pages to content streams. Everything it writes is fixed by
 * the page itself (glyphs by their ids in the whole font, see cid-fonts.ts),
 * so chapters can be drawn apart and in any order.
 */
export class PageDrawer {
  private readonly out = new ContentBytes();

  constructor(
    private readonly geometry: PageGeometry,
    private readonly ledger: GlyphLedger,
  ) {}

  /**
   * Draws a page with its text block's left edge at `left`, and its
   * furniture; glyphs first met here get ToUnicode rank `rank`.
   */
  draw(page: LaidPage, left: number, rank: number, furniture?: Furniture): DrawnPage {
    const { mediaHeight: H, top, pitch } = this.geometry;
    this.ledger.rank = rank;
    const out = this.out;
    out.text('q 0 g 0 G');
    const faces = new Set<PdfFace>();
    const marks: PageMark[] = [];
    const anchors: string[] = [];
    for (const op of page.ops) {
      switch (op.op) {
        case 'text':
          glyphRuns(op.line, left + op.x, top + op.baseline, H, this.ledger, out, faces);
          this.decorations(op.line, left + op.x, top + op.baseline, out, marks);
          break;
        case 'rule': {
          const dash = op.dotted ? ` 1 J [0.01 ${num(op.width * 3)}] 0 d` : '';
          out.text(`\nq ${num(op.width)} w ${num(left + op.x1)} ${num(H - top - op.y1)} m ${num(left + op.x2)} ${num(H - top - op.y2)} l${dash} S Q`);
          break;
        }
        case 'link':
          if (this.geometry.links) marks.push({ op: 'goTo', x: left + op.x, y: top + op.y, width: op.width, height: op.height, dest: op.dest });
          break;
        case 'image':
          marks.push({ op: 'image', asset: op.asset.name, x: left + op.x, y: top + op.y, width: op.width, height: op.height });
          break;
        case 'dest':
          marks.push({ op: 'dest', name: op.name, y: top + op.y - pitch });
          break;
        case 'outline':
          marks.push({ op: 'outline', level: op.level, title: op.title, y: top + op.y - pitch });
          break;
        case 'anchor':
          anchors.push(op.id);
          break;
      }
    }
    if (furniture) {
      this.furniture(furniture.folio, left, top + this.geometry.footBaseline, furniture.place, out, faces);
      if (furniture.head) this.furniture(furniture.head, left, top + this.geometry.headBaseline, furniture.place, out, faces);
    }
    out.text('\nQ');
    return { content: out.take(), faces: [...faces], marks, anchors, left };
  }

  private furniture(text: string, left: number, baseline: number, place: Furniture['place'], out: ContentBytes, faces: Set<PdfFace>): void {
    const line = this.geometry.setLine(text, place === 'center' ? 'center' : 'left');
    if (!line) return;
    const x = left + (place === 'right' ? this.geometry.measure - line.width - line.offset : 0);
    glyphRuns(line, x, baseline, this.geometry.mediaHeight, this.ledger, out, faces);
  }

  /** Emphasis dots under characters and link areas over linked text. */
  private decorations(line: ComposedLine, x: number, baseline: number, out: ContentBytes, marks: PageMark[]): void {
    const H = this.geometry.mediaHeight;
    for (let i = 0; i < line.atoms.length; i++) {
      const a = line.atoms[i];
      if (!a.style.emphasis && !a.style.link) continue;
      const x0 = x + line.offset + line.x[i];
      const advance = line.advance[i];
      if (a.style.emphasis && a.kind !== 'space' && a.kind !== 'punct') out.text(`\n${disc(x0 + advance / 2, H - (baseline + a.size * 0.3), a.size * 0.07)}`);
      if (a.style.link && a.kind !== 'space' && this.geometry.links) {
        const h = a.size;
        if (a.style.link.startsWith('#')) marks.push({ op: 'goTo', x: x0, y: baseline - h * 0.88, width: advance, height: h, dest: a.style.link.slice(1) });
        else if (KEPT_LINK.test(a.style.link)) marks.push({ op: 'uri', x: x0, y: baseline - h * 0.88, width: advance, height: h, url: a.style.link });
      }
    }
  }
}

/** A filled circle as four Bézier quarters, as pdfkit draws one. */
function disc(cx: number, cy: number, r: number): string {
  const k = r * 0.5522847498;
  const p = (x: number, y: number) => `${num(x)} ${num(y)}`;
  return [
    `${p(cx - r, cy)} m`,
    `${p(cx - r, cy + k)} ${p(cx - k, cy + r)} ${p(cx, cy + r)} c`,
    `${p(cx + k, cy + r)} ${p(cx + r, cy + k)} ${p(cx + r, cy)} c`,
    `${p(cx + r, cy - k)} ${p(cx + k, cy - r)} ${p(cx, cy - r)} c`,
    `${p(cx - k, cy - r)} ${p(cx - r, cy - k)} ${p(cx - r, cy)} c h f`,
  ].join(' ');
}
