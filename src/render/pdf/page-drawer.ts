import { KEPT_LINK } from '../../model/link-target.ts';
import { inlineAtoms, type PunctuationStyle } from '../../typeset/atoms.ts';
import { isPause } from '../../typeset/kinsoku.ts';
import { HORIZONTAL, type Axis } from '../../typeset/axis.ts';
import { EM_BOX_BOTTOM, EM_BOX_MIDDLE, EM_BOX_TOP, EMPHASIS_DOT_DROP, EMPHASIS_DOT_RADIUS } from '../../typeset/em-box.ts';
import type { LayoutFace, LayoutFontSet } from '../../typeset/layout-face.ts';
import { composeParagraph, type ComposedLine } from '../../typeset/line-breaker.ts';
import type { LaidPage } from '../../typeset/flow.ts';
import type { PageContent, StructElem } from '../../typeset/structure.ts';
import type { GlyphLedger } from './cid-fonts.ts';
import { columnRuns } from './column-writer.ts';
import { ContentBytes, glyphRuns, num } from './glyph-writer.ts';
import { MarkedContent } from './marked-content.ts';
import type { PageLayout } from './page-layout.ts';

/**
 * What the document must do on a drawn page besides showing its content:
 * annotations, destinations, outline entries and images, which pdfkit
 * writes. Coordinates are pdfkit's: top-down from the media's top left.
 * On a tagged page a link carries its Link element and what it says, and an
 * image its Figure and the MCID kept for it.
 */
export type PageMark =
  | { op: 'goTo'; x: number; y: number; width: number; height: number; dest: string; elem?: StructElem; label?: string }
  | { op: 'uri'; x: number; y: number; width: number; height: number; url: string; elem?: StructElem; label?: string }
  | { op: 'image'; asset: string; x: number; y: number; width: number; height: number; elem?: StructElem; mcid?: number }
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
  /** The faces the content uses, for the page's /Font resources… */
  faces: LayoutFace[];
  /** … and those it sets upright in columns, with their Identity-V fonts. */
  columnFaces: LayoutFace[];
  marks: PageMark[];
  /** Ids whose page number the table of contents wants. */
  anchors: string[];
  /** The text block's left edge the page was drawn with (mirrored margins in print). */
  left: number;
  /** On a tagged page: the element each MCID belongs to. */
  tags?: PageContent;
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
  /** The text block's extent across its lines (its height, for horizontal lines). */
  blockExtent: number;
  /** Line pitch: destinations point one line above what they name. */
  pitch: number;
  /** Print files carry no links. */
  links: boolean;
  /** Screen files are tagged: every drawn thing is marked content of an element, or an artifact. */
  tagged: boolean;
  /** Length of the lines, across which furniture is placed. */
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
 * so chapters can be drawn apart and in any order. The page's logical
 * positions become page coordinates through the axis.
 */
export class PageDrawer {
  private readonly out = new ContentBytes();

  constructor(
    private readonly geometry: PageGeometry,
    private readonly axis: Axis,
    private readonly ledger: GlyphLedger,
  ) {}

  /**
   * Draws a page with its text block's left edge at `left`, and its
   * furniture; glyphs first met here get ToUnicode rank `rank`.
   */
  draw(page: LaidPage, left: number, rank: number, furniture?: Furniture): DrawnPage {
    const { mediaHeight: H, top, pitch, blockExtent } = this.geometry;
    const at = (inline: number, block: number) => {
      const p = this.axis.pagePoint(inline, block, blockExtent);
      return { x: left + p.x, y: top + p.y };
    };
    /** A logical area on the page: its corners through the axis. */
    const rect = (inline: number, block: number, inlineSize: number, blockSize: number) => {
      const a = at(inline, block);
      const b = at(inline + inlineSize, block + blockSize);
      return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(b.x - a.x), height: Math.abs(b.y - a.y) };
    };
    this.ledger.rank = rank;
    const out = this.out;
    out.text('q 0 g 0 G');
    const faces = new Set<LayoutFace>();
    const columnFaces = new Set<LayoutFace>();
    const vertical = this.axis.writingMode === 'vertical-rl';
    const marks: PageMark[] = [];
    const anchors: string[] = [];
    const mc = this.geometry.tagged ? new MarkedContent(out) : undefined;
    for (const op of page.ops) {
      switch (op.op) {
        case 'text': {
          const tag = op.tag;
          if (vertical) {
            this.column(op.line, at(op.inline, centreLine(op.line, op.baseline)), out, faces, columnFaces, marks, mc, tag);
            break;
          }
          const p = at(op.inline, op.baseline);
          if (mc && tag) glyphRuns(op.line, p.x, p.y, H, this.ledger, out, faces, (atom) => mc.elem(mc.inline(tag, atom)));
          else {
            mc?.artifact('layout');
            glyphRuns(op.line, p.x, p.y, H, this.ledger, out, faces);
          }
          this.decorations(op.line, p.x, p.y, out, marks, mc, tag);
          break;
        }
        case 'rule': {
          mc?.artifact('layout');
          // In PDF's own axes, y up from the media's foot.
          const from = this.axis.pagePoint(op.from.inline, op.from.block, blockExtent);
          const to = this.axis.pagePoint(op.to.inline, op.to.block, blockExtent);
          const dash = op.dotted ? ` 1 J [0.01 ${num(op.weight * 3)}] 0 d` : '';
          out.text(`\nq ${num(op.weight)} w ${num(left + from.x)} ${num(H - top - from.y)} m ${num(left + to.x)} ${num(H - top - to.y)} l${dash} S Q`);
          break;
        }
        case 'link':
          if (this.geometry.links) marks.push({ op: 'goTo', ...rect(op.inline, op.block, op.inlineSize, op.blockSize), dest: op.dest, elem: mc && op.tag, label: op.label });
          break;
        case 'image':
          // Drawn later into pdfkit's stream, with an MCID that must not clash with this stream's.
          marks.push({ op: 'image', asset: op.asset.name, ...rect(op.inline, op.block, op.inlineSize, op.blockSize), elem: mc && op.tag, mcid: mc && op.tag ? mc.reserve(op.tag) : undefined });
          break;
        case 'dest':
          marks.push({ op: 'dest', name: op.name, y: at(0, op.block).y - pitch });
          break;
        case 'outline':
          marks.push({ op: 'outline', level: op.level, title: op.title, y: at(0, op.block).y - pitch });
          break;
        case 'anchor':
          anchors.push(op.id);
          break;
      }
    }
    if (furniture) {
      mc?.artifact('footer');
      this.furniture(furniture.folio, left, top + this.geometry.footBaseline, furniture.place, out, faces);
      if (furniture.head) mc?.artifact('header');
      if (furniture.head) this.furniture(furniture.head, left, top + this.geometry.headBaseline, furniture.place, out, faces);
    }
    mc?.close();
    out.text('\nQ');
    return { content: out.take(), faces: [...faces], columnFaces: [...columnFaces], marks, anchors, left, tags: mc?.page };
  }

  /**
   * A line set as a column, its centre line and start at `p` (top-down page
   * coordinates), with emphasis dots right of the column and link areas
   * over its characters.
   */
  private column(line: ComposedLine, p: { x: number; y: number }, out: ContentBytes, faces: Set<LayoutFace>, columnFaces: Set<LayoutFace>, marks: PageMark[], mc?: MarkedContent, tag?: StructElem): void {
    const H = this.geometry.mediaHeight;
    if (mc && tag) columnRuns(line, p.x, p.y, H, this.ledger, out, faces, columnFaces, (atom) => mc.elem(mc.inline(tag, atom)));
    else {
      mc?.artifact('layout');
      columnRuns(line, p.x, p.y, H, this.ledger, out, faces, columnFaces);
    }
    let last: LinkMark | undefined;
    for (let i = 0; i < line.atoms.length; i++) {
      const a = line.atoms[i];
      if (!a.style.emphasis && !a.style.link) continue;
      const y0 = p.y + line.offset + line.starts[i];
      const advance = line.advances[i];
      if (a.style.emphasis && a.kind !== 'space' && a.kind !== 'punct') {
        mc?.artifact('layout');
        // Right of the column, as far from the em box as under a horizontal line (the EPUB's `under right`).
        const dx = a.size * (0.5 + EM_BOX_BOTTOM_GAP);
        out.text(`\n${disc(p.x + dx, H - (y0 + advance / 2), a.size * EMPHASIS_DOT_RADIUS)}`);
      }
      const link = a.style.link;
      if (link && a.kind !== 'space' && this.geometry.links) {
        const w = a.size;
        last = linkArea(marks, last, link, { x: p.x - w / 2, y: y0, width: w, height: advance }, a.text, 'down', mc, tag);
      }
    }
  }

  private furniture(text: string, left: number, baseline: number, place: Furniture['place'], out: ContentBytes, faces: Set<LayoutFace>): void {
    const line = this.geometry.setLine(text, place === 'center' ? 'center' : 'left');
    if (!line) return;
    const x = left + (place === 'right' ? this.geometry.measure - line.inlineSize - line.offset : 0);
    glyphRuns(line, x, baseline, this.geometry.mediaHeight, this.ledger, out, faces);
  }

  /**
   * Emphasis dots under characters, and link areas over linked text. On a
   * tagged page a link's characters on a line are one area, as each area
   * is an annotation with its own place in the structure.
   */
  private decorations(line: ComposedLine, x: number, baseline: number, out: ContentBytes, marks: PageMark[], mc?: MarkedContent, tag?: StructElem): void {
    const H = this.geometry.mediaHeight;
    let last: LinkMark | undefined;
    for (let i = 0; i < line.atoms.length; i++) {
      const a = line.atoms[i];
      if (!a.style.emphasis && !a.style.link) continue;
      const x0 = x + line.offset + line.starts[i];
      const advance = line.advances[i];
      if (a.style.emphasis && a.kind !== 'space' && a.kind !== 'punct') {
        mc?.artifact('layout');
        out.text(`\n${disc(x0 + advance / 2, H - (baseline + a.size * EMPHASIS_DOT_DROP), a.size * EMPHASIS_DOT_RADIUS)}`);
      }
      const link = a.style.link;
      if (link && a.kind !== 'space' && this.geometry.links) {
        const h = a.size;
        last = linkArea(marks, last, link, { x: x0, y: baseline - h * EM_BOX_TOP, width: advance, height: h }, a.text, 'across', mc, tag);
      }
    }
  }
}

type LinkMark = Extract<PageMark, { op: 'goTo' | 'uri' }>;

/**
 * A link's area over one character, added to `marks`, or merged into `last`
 * when it goes on with the same link along the line (`across` a horizontal
 * line, `down` a column): on a tagged page each area is an annotation with
 * its own place in the structure, so a link's characters on one line are
 * one area. Returns the area the next character may extend.
 */
function linkArea(marks: PageMark[], last: LinkMark | undefined, link: string, area: { x: number; y: number; width: number; height: number }, text: string, along: 'across' | 'down', mc?: MarkedContent, tag?: StructElem): LinkMark | undefined {
  const sameLink = last && last.elem && (last.op === 'goTo' ? `#${last.dest}` : last.url) === link;
  if (mc && last && sameLink && (along === 'down' ? last.width === area.width : last.height === area.height)) {
    if (along === 'down') last.height = area.y + area.height - last.y;
    else last.width = area.x + area.width - last.x;
    last.label += text;
    return last;
  }
  const elem = mc && tag ? mc.linkOf(tag, link) : undefined;
  const label = elem ? text : undefined;
  let mark: LinkMark;
  if (link.startsWith('#')) mark = { op: 'goTo', ...area, dest: link.slice(1), elem, label };
  else if (KEPT_LINK.test(link)) mark = { op: 'uri', ...area, url: link, elem, label };
  else return last;
  marks.push(mark);
  return mark;
}

/**
 * The page drawer for a layout: furniture set in the body face at the
 * theme's size, each distinct folio or head composed once.
 *
 * Furniture stays horizontal in vertical text (直排): the folio is an Arabic
 * number, read as it is at the foot of the page, and a head of a chapter
 * title set across the head margin needs no second composer in the margin
 * (trade paperbacks in Taiwan set both either way). They span the text
 * block's width, above its top and below its columns' foot.
 */
export function pageDrawer(layout: PageLayout, fonts: LayoutFontSet, axis: Axis, style: PunctuationStyle, ledger: GlyphLedger): PageDrawer {
  const { theme, sheet } = layout;
  const size = theme.furniture.size;
  const lines = new Map<string, ComposedLine | undefined>();
  const blockExtent = theme.pitch * theme.body.lines;
  const vertical = axis.writingMode === 'vertical-rl';
  const across = vertical ? blockExtent : theme.measureLength;
  const down = vertical ? theme.measureLength : blockExtent;
  return new PageDrawer(
    {
      mediaHeight: sheet.mediaHeight,
      top: layout.textTop,
      blockExtent,
      pitch: theme.pitch,
      links: layout.kind !== 'print',
      tagged: layout.kind !== 'print',
      measure: across,
      headBaseline: -theme.pitch * 1.2,
      footBaseline: down + theme.pitch * 1.5,
      setLine(text, align) {
        const key = `${align}:${text}`;
        if (!lines.has(key)) {
          const compose = (t: string) => composeParagraph({ atoms: inlineAtoms([{ kind: 'text', text: t, line: 0 }], { fonts, axis: HORIZONTAL, role: 'body', size, style }), measure: across, firstIndent: 0, restIndent: 0, align, em: size });
          lines.set(key, oneLine(text, compose));
        }
        return lines.get(key);
      },
    },
    axis,
    ledger,
  );
}

/** How far below the em box's bottom edge the emphasis dots under a line are centred, in ems. */
const EM_BOX_BOTTOM_GAP = EMPHASIS_DOT_DROP + EM_BOX_BOTTOM;

/**
 * Where a column's centre line lies across the lines, given the baseline a
 * horizontal line there would have (baselineIn: the em box centred in the
 * pitch): the em box's middle, at the size of the line's largest type.
 */
function centreLine(line: ComposedLine, baseline: number): number {
  let size = 0;
  for (const a of line.atoms) if (a.size > size) size = a.size;
  return baseline - size * EM_BOX_MIDDLE;
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

/**
 * Furniture is one line. A running head longer than the measure (a long
 * 回目 as a chapter's title) is cut at the last character after which
 * …… still fits, so that the reader sees it is cut; it is never wrapped,
 * nor cut silently mid-word.
 */
function oneLine(text: string, compose: (text: string) => ComposedLine[]): ComposedLine | undefined {
  const whole = compose(text);
  if (whole.length <= 1) return whole[0];
  const chars = [...text];
  for (let n = chars.length - 1; n > 0; n--) {
    // A pause mark before the cut gives way to the ellipsis.
    let end = n;
    while (end > 0 && isPause(chars[end - 1])) end--;
    const cut = compose(`${chars.slice(0, end).join('')}……`);
    if (cut.length === 1) return cut[0];
  }
  return whole[0];
}
