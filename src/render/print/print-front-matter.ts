import type { Layout } from '../../config/editions.ts';
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
import { copyrightLines } from '../copyright-lines.ts';

/** The pages a printed book has before its title page's verso and its contents. */

/** The half-title (扉页前的书名页): the title alone, a third of the way down. */
export function halfTitleBoxes(layout: BlockLayout, book: Book, theme: Theme): FlowBox[] {
  return kept([gap(Math.floor(theme.body.lines / 3) * theme.pitch), ...centredLine(layout, theme, book.meta.title, 1.6, 'heading')]);
}

/** The copyright page (版权页): the imprint lines under a rule, set at the foot of the page. */
export function copyrightBoxes(ctx: LayoutContext, print: PrintSettings, layout: Layout | undefined): FlowBox[] {
  const { theme, fonts, axis, style, book } = ctx;
  const size = theme.body.size * theme.note.scale;
  const pitch = theme.pitch;
  const imprint = copyrightLines(book.edition, { ...book.meta, isbn: isbnsFor(book.meta.isbn, layout) }, print).map(([label, value]) => `${label}\u3000${value}`);
  // The rights statement closes the imprint, on a line of its own.
  const lines = [...imprint, ...(book.meta.rights ? [book.meta.rights] : [])].map((text): FlowBox => {
    const atoms = inlineAtoms([{ kind: 'text', text, line: 0 }], { fonts, axis, role: 'body', size, style });
    const [line] = composeParagraph({ atoms, measure: theme.measureLength, firstIndent: 0, restIndent: 0, align: 'left', em: size });
    return { blockSize: pitch, ops: [{ op: 'text', line, inline: 0, baseline: baselineIn(pitch, size) }] };
  });
  const rule: DrawOp = { op: 'rule', from: { inline: 0, block: pitch / 2 }, to: { inline: theme.measureLength, block: pitch / 2 }, weight: 0.5 };
  const used = (lines.length + 1) * pitch;
  return kept([gap(theme.body.lines * pitch - used), { blockSize: pitch, ops: [rule] }, ...lines]);
}
