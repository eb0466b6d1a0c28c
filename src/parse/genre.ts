import type { Block } from '../model/book.ts';
import { inlineText } from '../model/walk.ts';

/**
 * The chapter novel's own forms (manuscript-format.md), recognised in a
 * chapter's blocks once markdown-it has parsed them: the opening poem and the
 * recap are blockquotes under sections so titled, verse elsewhere is a
 * blockquote of hard-broken lines, the closing formula (欲知后事如何，且听下回
 * 分解) is the last story paragraph, and the author's note runs from its
 * heading to the chapter's end.
 */

/** Section titles whose next blockquote is verse, and the one that is a recap. */
const POEM_SECTION = /诗|詞|词|偈|歌|赋|賦/u;
const RECAP_SECTION = /^回顾前情|^回顧前情|^前情提要|^上回/u;
const NOTE_SECTION = /^作者注|^作者的话|^作者按|^后记$/u;
const CLOSING_FORMULA = /^欲知[后後]事如何[\s\S]{0,24}下回分[解觧]/u;

export interface QuoteContext {
  /** The title of the section heading the blockquote follows directly, if it does. */
  sectionTitle?: string;
  /** The blockquote's blocks. */
  inner: Block[];
  /** Whether every line of its paragraphs ends in a hard break (asked only when it matters). */
  everyLineHardBroken(): boolean;
}

/** What a blockquote is in a chapter novel: verse, the recap of the last chapter, or a quotation. */
export function quoteKind(q: QuoteContext): 'poem' | 'recap' | 'quote' {
  if (q.sectionTitle !== undefined && POEM_SECTION.test(q.sectionTitle)) return 'poem';
  if (q.sectionTitle !== undefined && RECAP_SECTION.test(q.sectionTitle)) return 'recap';
  // Verse outside an opening poem: every line ends in a hard break.
  if (q.inner.length > 0 && q.inner.every((b) => b.kind === 'paragraph') && q.everyLineHardBroken()) return 'poem';
  return 'quote';
}

/** The traditional closing formula is the last story paragraph before the author's note. */
export function markClosingFormula(blocks: Block[]): Block[] {
  const note = blocks.findIndex((b) => b.kind === 'heading' && b.role === 'section' && NOTE_SECTION.test(inlineText(b.content)));
  for (let k = (note < 0 ? blocks.length : note) - 1; k >= 0; k--) {
    const b = blocks[k];
    if (b.kind === 'partBreak') continue;
    if (b.kind === 'paragraph') {
      const text = inlineText(b.content).trim();
      if (CLOSING_FORMULA.test(text) && text.length <= 40) blocks[k] = { kind: 'closing', content: b.content, line: b.line };
    }
    break;
  }
  return blocks;
}

/**
 * Marks the sections every chapter repeats (the opening poem, the recap, the
 * author's note): forty chapters' 【开篇诗词】 would bury the story's own
 * sections in the contents. A poem-titled section counts only when verse
 * follows it, so a story section called 【剑歌】 stays.
 */
export function markRoutineSections(blocks: Block[]): Block[] {
  blocks.forEach((b, k) => {
    if (b.kind !== 'heading' || b.role !== 'section') return;
    const title = inlineText(b.content);
    const next = blocks.slice(k + 1).find((n) => n.kind !== 'partBreak');
    if (NOTE_SECTION.test(title) || (RECAP_SECTION.test(title) && next?.kind === 'recap') || (POEM_SECTION.test(title) && next?.kind === 'poem')) {
      blocks[k] = { ...b, routine: true };
    }
  });
  return blocks;
}

/**
 * 【作者注】 runs to the chapter's end, or to the next section heading (a
 * `##` appendix after the note is the book's, not the note's): its heading
 * stays, what follows it up to there goes into a note block. A 后记 after
 * the note is a note of its own.
 */
export function groupNote(blocks: Block[]): Block[] {
  const out: Block[] = [];
  let note: Block[] | undefined;
  const close = () => {
    if (note?.length) out.push({ kind: 'note', blocks: note, line: note[0].line });
    note = undefined;
  };
  for (const b of blocks) {
    if (b.kind === 'heading' && b.role === 'section') {
      close();
      out.push(b);
      if (NOTE_SECTION.test(inlineText(b.content))) note = [];
    } else if (note) note.push(b);
    else out.push(b);
  }
  close();
  return out;
}

