import type { Layout } from '../../config/editions.ts';
import { fail } from '../../diagnostics.ts';
import type { PrintSettings } from '../../config/print.ts';
import { isbnsFor } from '../../config/publication.ts';
import type { Book } from '../../model/book.ts';
import { inlineAtoms } from '../../typeset/atoms.ts';
import type { BlockLayout, LayoutContext } from '../../typeset/block-layout.ts';
import { baselineIn } from '../../typeset/em-box.ts';
import { composeParagraph, type ComposedLine } from '../../typeset/line-breaker.ts';
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
 * The copyright page (版权页): the CIP record at its head when book.yaml
 * gives the edition one (print.cip), the imprint lines under a rule at its
 * foot. A value longer than the measure (a long subtitle, the
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
  // The CIP record heads the page, each of its lines as written (a blank one too), run on from the margin.
  const cip = (print.cip[book.edition] ?? '').replace(/\s+$/u, '');
  const record = cip ? cip.split(/\r?\n/u).flatMap((line) => (line.trim() ? set(line.replace(/\s+$/u, ''), 0) : [null])) : [];
  const extent = theme.body.lines * theme.pitch;
  // The rule takes a line too.
  const count = record.length + composed.length + 1;
  const pitch = Math.min(theme.pitch, Math.max(size * 1.25, extent / count));
  if (count * pitch > extent + 1e-6) {
    fail(
      'print:copyright-long',
      `the copyright page needs ${count} lines${record.length ? ` (${record.length} of them the CIP record)` : ''} and a ${print.trim[0]}×${print.trim[1]} mm page holds ${Math.floor(extent / pitch + 1e-6)}: give print.trim a larger size, or shorten the rights statement${record.length ? ', the CIP record' : ''} or the subtitle`,
      { file: book.meta.textFile, line: book.meta.textLines?.rights },
    );
  }
  const box = (line: ComposedLine | null): FlowBox => ({ blockSize: pitch, ops: line ? [{ op: 'text', line, inline: 0, baseline: baselineIn(pitch, size) }] : [] });
  const rule: DrawOp = { op: 'rule', from: { inline: 0, block: pitch / 2 }, to: { inline: theme.measureLength, block: pitch / 2 }, weight: 0.5 };
  return kept([...record.map(box), gap(Math.max(0, extent - count * pitch)), { blockSize: pitch, ops: [rule] }, ...composed.map(box)]);
}
