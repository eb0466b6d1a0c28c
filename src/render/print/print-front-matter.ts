import type { Layout } from '../../config/editions.ts';
import { fail } from '../../diagnostics.ts';
import type { PrintSettings } from '../../config/print.ts';
import { isbnsFor } from '../../config/publication.ts';
import type { Book } from '../../model/book.ts';
import { inlineAtoms } from '../../typeset/atoms.ts';
import type { BlockLayout, LayoutContext } from '../../typeset/block-layout.ts';
import { baselineIn } from '../../typeset/em-box.ts';
import { composeParagraph } from '../../typeset/line-breaker.ts';
import type { DrawOp, FlowBox } from '../../typeset/flow.ts';
import type { Theme } from '../../typeset/theme.ts';
import { centredLine, gap, kept } from '../pdf/front-matter.ts';
import { copyrightLines, type PrintedBlock } from '../copyright-lines.ts';

/** The pages a printed book has before its title page's verso and its contents. */

/** The half-title (扉页前的书名页): the title alone, a third of the way down. */
export function halfTitleBoxes(layout: BlockLayout, book: Book, theme: Theme): FlowBox[] {
  return kept([gap(Math.floor(theme.body.lines / 3) * theme.pitch), ...centredLine(layout, theme, book.meta.title, 1.6, 'heading')]);
}

/**
 * The copyright page (版权页): the imprint lines under a rule, set at the
 * foot of the page. A value longer than the measure (a long subtitle, the
 * rights statement) carries on to more lines, a value's under itself past
 * its label, as a list item's under its marker: nothing is cut off. On a
 * page too short for them at the body's pitch (a small trim), the lines
 * close up, to 1.25 of their size at the closest; past that the build stops
 * and says so, rather than leave lines off the page.
 */
export function copyrightBoxes(ctx: LayoutContext, print: PrintSettings, layout: Layout | undefined, block?: PrintedBlock): FlowBox[] {
  const { theme, fonts, axis, style, book } = ctx;
  const size = theme.body.size * theme.note.scale;
  const set = (text: string, hang: number) => {
    const atoms = inlineAtoms([{ kind: 'text', text, line: 0 }], { fonts, axis, role: 'body', size, style });
    return composeParagraph({ atoms, measure: theme.measureLength, firstIndent: 0, restIndent: hang, align: 'left', em: size });
  };
  // A label (书　名, 副书名) is three full-width characters, and an ideographic space follows it.
  const imprint = copyrightLines(book.edition, { ...book.meta, isbn: isbnsFor(book.meta.isbn, layout) }, print, 'print', block).flatMap(([label, value]) => set(`${label}\u3000${value}`, ([...label].length + 1) * size));
  // The rights statement closes the imprint, on lines of its own.
  const composed = [...imprint, ...(book.meta.rights ? set(book.meta.rights, 0) : [])];
  const extent = theme.body.lines * theme.pitch;
  // The rule takes a line too.
  const count = composed.length + 1;
  const pitch = Math.min(theme.pitch, Math.max(size * 1.25, extent / count));
  if (count * pitch > extent + 1e-6) {
    fail(
      'print:copyright-long',
      `the copyright page needs ${count} lines and a ${print.trim[0]}×${print.trim[1]} mm page holds ${Math.floor(extent / pitch + 1e-6)}: give print.trim a larger size, or shorten the rights statement or the subtitle`,
      { file: book.meta.textFile, line: book.meta.textLines?.rights },
    );
  }
  const lines = composed.map((line): FlowBox => ({ blockSize: pitch, ops: [{ op: 'text', line, inline: 0, baseline: baselineIn(pitch, size) }] }));
  const rule: DrawOp = { op: 'rule', from: { inline: 0, block: pitch / 2 }, to: { inline: theme.measureLength, block: pitch / 2 }, weight: 0.5 };
  return kept([gap(Math.max(0, extent - count * pitch)), { blockSize: pitch, ops: [rule] }, ...lines]);
}
