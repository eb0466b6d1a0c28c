import type { PrintSettings } from '../../config/print.ts';
import type { Book } from '../../model/book.ts';
import { navTree } from '../markup/nav.ts';
import { uiStrings } from '../../text/ui-strings.ts';
import { inlineAtoms } from '../../typeset/atoms.ts';
import { baselineIn, type BlockLayout, type LayoutContext } from '../../typeset/block-layout.ts';
import type { DrawOp, FlowBox } from '../../typeset/paginate.ts';
import { composeParagraph } from '../../typeset/line-breaker.ts';
import { copyrightLines } from '../print/copyright-lines.ts';
import type { Theme } from '../../typeset/theme.ts';

/** The pages before the first chapter, each as flow boxes that fill one page. */

export interface TocEntry {
  id: string;
  title: string;
  level: number;
}

/** Chapters and their sections, from the same navigation tree as the EPUB's. */
export function tocEntries(book: Book): TocEntry[] {
  return navTree(book, (ch, anchor) => anchor ?? ch.id).flatMap((ch) => [
    { id: ch.id, title: ch.title, level: 1 },
    ...ch.children.map((sec) => ({ id: sec.id, title: sec.title, level: 2 })),
  ]);
}

function centredLine(layout: BlockLayout, theme: Theme, text: string, scale: number, role: 'heading' | 'body'): FlowBox[] {
  const size = theme.body.size * scale;
  return layout.textBoxes([{ kind: 'text', text, line: 0 }], { role, size, inset: 0, firstIndent: 0, restIndent: 0, align: 'center', pitch: Math.max(theme.pitch, size * 1.6) });
}

const gap = (height: number): FlowBox => ({ height, ops: [] });
const kept = (boxes: FlowBox[]) => boxes.map((b) => ({ ...b, keepWithNext: true }));

export function titlePageBoxes(layout: BlockLayout, book: Book, theme: Theme): FlowBox[] {
  return kept([
    gap(theme.pitch * 6),
    ...centredLine(layout, theme, book.meta.title, 2.2, 'heading'),
    ...(book.meta.subtitle ? centredLine(layout, theme, book.meta.subtitle, 1.2, 'body') : []),
    gap(theme.pitch * 3),
    ...centredLine(layout, theme, book.meta.author, 1.2, 'body'),
    ...(book.meta.publisher ? [gap(theme.pitch * 6), ...centredLine(layout, theme, book.meta.publisher, 1, 'body')] : []),
  ]);
}

/** The half-title (扉页前的书名页): the title alone, a third of the way down. */
export function halfTitleBoxes(layout: BlockLayout, book: Book, theme: Theme): FlowBox[] {
  return kept([gap(Math.floor(theme.body.lines / 3) * theme.pitch), ...centredLine(layout, theme, book.meta.title, 1.6, 'heading')]);
}

/** The copyright page (版权页): the imprint lines under a rule, set at the foot of the page. */
export function copyrightBoxes(ctx: LayoutContext, print: PrintSettings): FlowBox[] {
  const { theme, fonts, style, book } = ctx;
  const size = theme.body.size * theme.note.scale;
  const pitch = theme.pitch;
  const lines = copyrightLines(book.edition, book.meta, print).map(([label, value]) => {
    const atoms = inlineAtoms([{ kind: 'text', text: `${label}\u3000${value}`, line: 0 }], { fonts, role: 'body', size, style });
    const [line] = composeParagraph({ atoms, measure: theme.measureWidth, firstIndent: 0, restIndent: 0, align: 'left', em: size });
    return { height: pitch, ops: [{ op: 'text', line, x: 0, baseline: baselineIn(pitch, size) }] as DrawOp[] };
  });
  const rule: FlowBox = { height: pitch, ops: [{ op: 'rule', x1: 0, y1: pitch / 2, x2: theme.measureWidth, y2: pitch / 2, width: 0.5 }] };
  const used = (lines.length + 1) * pitch;
  return kept([gap(theme.body.lines * pitch - used), rule, ...lines]);
}

export function tocBoxes(ctx: LayoutContext, entries: TocEntry[], pageOf: Map<string, number>): FlowBox[] {
  const { theme, fonts, style } = ctx;
  const size = theme.body.size;
  const numberWidth = size * 3;
  const heading = composeParagraph({
    atoms: inlineAtoms([{ kind: 'text', text: uiStrings(ctx.book.edition).contents, line: 0 }], { fonts, role: 'heading', size: size * 1.4, style }),
    measure: theme.measureWidth,
    firstIndent: 0,
    restIndent: 0,
    align: 'center',
    em: size * 1.4,
  });
  const boxes: FlowBox[] = [
    { height: theme.pitch * 3, ops: heading.map((l) => ({ op: 'text', line: l, x: 0, baseline: theme.pitch * 1.5 + size * 0.5 }) as DrawOp), keepWithNext: true },
  ];
  for (const e of entries) {
    const indent = e.level === 1 ? 0 : 2 * size;
    const atoms = inlineAtoms([{ kind: 'text', text: e.title, line: 0 }], { fonts, role: e.level === 1 ? 'bold' : 'body', size, style });
    const lines = composeParagraph({ atoms, measure: theme.measureWidth - numberWidth, firstIndent: indent, restIndent: indent + size, align: 'left', em: size });
    const page = pageOf.get(e.id);
    const num = composeParagraph({
      atoms: inlineAtoms([{ kind: 'text', text: page === undefined ? '000' : String(page), line: 0 }], { fonts, role: 'body', size, style }),
      measure: numberWidth,
      firstIndent: 0,
      restIndent: 0,
      align: 'left',
      em: size,
    })[0];
    lines.forEach((l, k) => {
      const ops: DrawOp[] = [{ op: 'text', line: l, x: 0, baseline: baselineIn(theme.pitch, size) }];
      if (k === lines.length - 1) {
        ops.push({ op: 'text', line: num, x: theme.measureWidth - num.width, baseline: baselineIn(theme.pitch, size) });
        // Dotted leader between the title and its page number.
        const from = l.offset + l.width + size * 0.5;
        const to = theme.measureWidth - num.width - size * 0.5;
        const y = baselineIn(theme.pitch, size) - size * 0.1;
        if (to > from) ops.push({ op: 'rule', x1: from, y1: y, x2: to, y2: y, width: 0.8, dotted: true });
      }
      ops.push({ op: 'link', x: 0, y: 0, width: theme.measureWidth, height: theme.pitch, dest: e.id });
      boxes.push({ height: theme.pitch, ops });
    });
  }
  return boxes;
}
