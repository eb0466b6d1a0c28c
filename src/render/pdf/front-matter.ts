import type { Book } from '../../model/book.ts';
import { navTree, type NavEntry } from '../markup/nav.ts';
import { uiStrings } from '../../config/ui-strings.ts';
import { inlineAtoms, type Atom } from '../../typeset/atoms.ts';
import type { BlockLayout, LayoutContext } from '../../typeset/block-layout.ts';
import { baselineIn } from '../../typeset/em-box.ts';
import type { DrawOp, FlowBox, LaidPage } from '../../typeset/flow.ts';
import { paginate } from '../../typeset/paginate.ts';
import { composeParagraph } from '../../typeset/line-breaker.ts';
import { structElem, type StructElem } from '../../typeset/structure.ts';
import type { Theme } from '../../typeset/theme.ts';
import { startOfColumn } from '../../typeset/text-style.ts';

/** The pages before the first chapter that every PDF has: the title page (flow boxes that fill one page) and the contents (paginated). */

export interface TocEntry {
  id: string;
  title: string;
  level: number;
  /** A chapter's label and the space after it (`第一回　`), which the title's further lines hang under. */
  lead?: string;
}

/** Chapters and their sections, from the same navigation tree as the EPUB's. */
export function tocEntries(book: Book): TocEntry[] {
  const leads = new Map(book.chapters.filter((ch) => ch.label && ch.title).map((ch) => [ch.id, `${ch.label}\u3000`]));
  const flatten = (e: NavEntry, level: number): TocEntry[] => {
    const lead = level === 1 ? leads.get(e.id) : undefined;
    return [{ id: e.id, title: e.title, level, lead: lead && e.title.startsWith(lead) ? lead : undefined }, ...e.children.flatMap((c) => flatten(c, level + 1))];
  };
  return navTree(book, (ch, anchor) => anchor ?? ch.id).flatMap((ch) => flatten(ch, 1));
}

export function centredLine(layout: BlockLayout, theme: Theme, text: string, scale: number, role: 'heading' | 'body', tag?: StructElem): FlowBox[] {
  const size = theme.body.size * scale;
  return layout.textBoxes([{ kind: 'text', text, line: 0 }], { role, size, inset: 0, firstIndent: 0, restIndent: 0, align: 'center', pitch: Math.max(theme.pitch, size * 1.6) }, tag);
}

export const gap = (blockSize: number): FlowBox => ({ blockSize, ops: [] });
export const kept = (boxes: FlowBox[]) => boxes.map((b) => ({ ...b, keepWithNext: true }));

/**
 * The title page; its lines are paragraphs of `sect`. The title is no
 * heading: the chapters' H1s are the document's top level.
 */
export function titlePageBoxes(layout: BlockLayout, book: Book, theme: Theme, sect?: StructElem): FlowBox[] {
  const p = () => (sect ? structElem('P', sect) : undefined);
  // Gaps in lines of a 25-line page, shrunk on a page with fewer (17 columns across a vertical page), so the publisher stays on it.
  const lines = (n: number) => theme.pitch * Math.min(n, Math.floor((n * theme.body.lines) / 25));
  return kept([
    gap(lines(6)),
    ...centredLine(layout, theme, book.meta.title, 2.2, 'heading', p()),
    ...(book.meta.subtitle ? centredLine(layout, theme, book.meta.subtitle, 1.2, 'body', p()) : []),
    gap(lines(3)),
    ...centredLine(layout, theme, book.meta.author, 1.2, 'body', p()),
    ...(book.meta.publisher ? [gap(lines(6)), ...centredLine(layout, theme, book.meta.publisher, 1, 'body', p())] : []),
  ]);
}

/**
 * The contents, paginated. Tagged under `sect` as a TOC: its heading the Caption, each
 * entry a TOCI holding one Link (title and page number, and the area that
 * links them); the leader dots are an artifact.
 *
 * Set at the body's pitch, unless that leaves the last page a few lines
 * (the sample book's 附录二 alone on page iv): then the entries close up,
 * by at most 15%, until that page is not needed. An entry's lines stay
 * together, and a chapter stays with its first section.
 */
export function tocPages(ctx: LayoutContext, entries: TocEntry[], pageOf: Map<string, number>, pageExtent: number, sect?: StructElem): LaidPage[] {
  const toc = sect && structElem('TOC', sect);
  const caption = toc && structElem('Caption', toc);
  const { theme, fonts, axis, style } = ctx;
  const size = theme.body.size;
  const numberLength = size * 3;
  // Where a chapter's heading stands: centred across the page, at a column's start (下字) in one.
  const place = startOfColumn({ role: 'heading', size: size * 1.4, inset: 0, firstIndent: 0, restIndent: 0, align: 'center', pitch: theme.pitch }, axis, size, 1);
  const heading = composeParagraph({
    atoms: inlineAtoms([{ kind: 'text', text: uiStrings(ctx.book.edition).contents, line: 0 }], { fonts, axis, role: 'heading', size: size * 1.4, style }),
    measure: theme.measureLength,
    firstIndent: place.firstIndent,
    restIndent: place.restIndent,
    align: place.align,
    em: size * 1.4,
  });
  const composed = entries.map((e) => {
    const indent = (e.level - 1) * 2 * size;
    const role = e.level === 1 ? 'bold' : 'body';
    const atoms = inlineAtoms([{ kind: 'text', text: e.title, line: 0 }], { fonts, axis, role, size, style });
    // A title too long for a line goes on under itself, clear of its label, as a 回目 couplet's second half stands under its first.
    const lead = e.lead ? leadLength(atoms, e.lead.length) : 0;
    const hang = lead > 0 && lead < theme.measureLength / 3 ? lead : size;
    // Balanced, at a pause where it can: greedy filling breaks wherever the line is full, inside a word (寒 / 冬).
    const lines = composeParagraph({ atoms, measure: theme.measureLength - numberLength, firstIndent: indent, restIndent: indent + hang, align: 'left', em: size, balance: true });
    const page = pageOf.get(e.id);
    const num = composeParagraph({
      atoms: inlineAtoms([{ kind: 'text', text: page === undefined ? '000' : String(page), line: 0 }], { fonts, axis, role: 'body', size, style }),
      measure: numberLength,
      firstIndent: 0,
      restIndent: 0,
      align: 'left',
      em: size,
    })[0];
    // The structure elements are made once, whichever pitch is kept.
    return { e, lines, num, link: toc && structElem('Link', structElem('TOCI', toc)) };
  });
  const boxesAt = (pitch: number): FlowBox[] => {
    const boxes: FlowBox[] = [
      { blockSize: theme.pitch * 3, ops: heading.map((l) => ({ op: 'text', line: l, inline: 0, baseline: theme.pitch * 1.5 + size * 0.5, tag: caption }) as DrawOp), keepWithNext: true },
    ];
    const baseline = baselineIn(pitch, size);
    composed.forEach(({ e, lines, num, link }, i) => {
      const keptWithNext = (composed[i + 1]?.e.level ?? 0) > e.level;
      lines.forEach((l, k) => {
        const ops: DrawOp[] = [{ op: 'text', line: l, inline: 0, baseline, tag: link }];
        if (k === lines.length - 1) {
          ops.push({ op: 'text', line: num, inline: theme.measureLength - num.inlineSize, baseline, tag: link });
          // Dotted leader between the title and its page number.
          const from = l.offset + l.inlineSize + size * 0.5;
          const to = theme.measureLength - num.inlineSize - size * 0.5;
          if (to > from) ops.push({ op: 'rule', from: { inline: from, block: baseline - size * 0.1 }, to: { inline: to, block: baseline - size * 0.1 }, weight: 0.8, dotted: true });
        }
        ops.push({ op: 'link', inline: 0, block: 0, inlineSize: theme.measureLength, blockSize: pitch, dest: e.id, tag: link, label: e.title });
        boxes.push({ blockSize: pitch, ops, keepWithNext: k < lines.length - 1 || keptWithNext });
      });
    });
    return boxes;
  };
  const pages = paginate(boxesAt(theme.pitch), pageExtent);
  const lastLines = pages[pages.length - 1].ops.filter((op) => op.op === 'link').length;
  if (pages.length === 1 || lastLines > Math.floor((pageExtent / theme.pitch) * CLOSE_UP)) return pages;
  for (let step = 1; step <= Math.round(CLOSE_UP * 100); step++) {
    const closer = paginate(boxesAt(theme.pitch * (1 - step / 100)), pageExtent);
    if (closer.length < pages.length) return closer;
  }
  return pages;
}

/** How long the atoms that set the title's first `units` UTF-16 units are; 0 when an atom straddles that point. */
function leadLength(atoms: Atom[], units: number): number {
  let n = 0;
  let length = 0;
  for (const a of atoms) {
    if (n === units) return length;
    if (n > units) return 0;
    n += a.text.length;
    length += a.advance;
  }
  return n === units ? length : 0;
}

/** A last page of the contents holding this share of a page or less is saved by closing the lines up, by at most this share. */
const CLOSE_UP = 0.15;

/** Lower-case roman numerals, for front-matter folios. */
export function roman(n: number): string {
  const table: Array<[number, string]> = [[10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let out = '';
  for (const [v, r] of table) while (n >= v) {
    out += r;
    n -= v;
  }
  return out;
}
