import type { AppendixOptions } from '../config/appendices.ts';
import { Diagnostics } from '../diagnostics.ts';
import type { Block, Book, Chapter, Inline } from '../model/book.ts';
import { deepFreeze } from '../model/freeze.ts';
import { castList } from './people.ts';
import { normaliseChapter } from './punctuation.ts';
import type { Transform, TransformContext } from './transform.ts';

/**
 * The back matter made from the chapter metadata: 人物谱 (each person with the
 * chapters they appear in) and 大事年表 (each chapter's 时间 and 技术事件).
 * A source transform: it runs once on the Simplified book, after punctuation,
 * and appends ordinary chapters of list blocks, so the edition transforms
 * convert them like any text and every renderer sets them without knowing
 * they were generated.
 */
export const appendicesTransform: Transform = {
  name: 'appendices',
  book(book: Book, ctx: TransformContext) {
    const options = ctx.appendices;
    if (!options) return;
    // Idempotent: appendices an earlier run made are replaced, not repeated.
    const story = book.chapters.filter((ch) => !isAppendix(ch));
    // Where a diagnostic about appendix text points: the whole manuscript, since the text comes from every chapter.
    const file = ctx.manuscriptDir ?? story[0]?.file ?? '';
    book.chapters = [...story, ...appendices(story, options, file)];
  },
};

/**
 * The last appendices made, with what they were made from. Between the
 * builds of a watch session an edit rarely touches the metadata: the same
 * frozen appendices come back, and the stages that keep work per frozen
 * chapter (font scans, XHTML) reuse theirs.
 */
let lastMade: { from: string; appendices: Chapter[] } | undefined;

function appendices(story: Chapter[], options: AppendixOptions, file: string): Chapter[] {
  const from = JSON.stringify([options, file, story.map((ch) => [ch.id, ch.label, ch.title, ch.meta])]);
  if (lastMade?.from === from) return lastMade.appendices;
  const drafts: Draft[] = [];
  const cast = options.people ? people(story, options) : undefined;
  if (cast) drafts.push(cast);
  const events = options.timeline ? timeline(story) : undefined;
  if (events) drafts.push(events);
  const made: Chapter[] = drafts.map((d, i) => ({ ...d, id: `a${String(i + 1).padStart(2, '0')}`, label: `附录${NUMERALS[i]}`, file, appendix: true }));
  // Metadata is not story text, so the punctuation pass never saw it: give the
  // appendices the same typography ((1950-1956) → （1950-1956）, "" → “”). What it
  // would note is not reported: `check` is about the story text, and these lines are in no file.
  for (const ch of made) normaliseChapter(ch, new Diagnostics());
  lastMade = { from, appendices: made.map(deepFreeze) };
  return lastMade.appendices;
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const isAppendix = (ch: Chapter) => ch.appendix === true;

type Draft = Omit<Chapter, 'id' | 'label' | 'file'>;

function people(chapters: Chapter[], options: AppendixOptions): Draft | undefined {
  const cast = castList(chapters, options.honorifics);
  if (cast.length === 0) return undefined;
  const items = cast.map((p): Block[] => {
    const titles = p.titles.length ? `（${p.titles.join('、')}）` : '';
    return [paragraph(strong(p.name), text(`${titles}：${p.chapters.map(reference).join('、')}`))];
  });
  return draft('人物谱', items);
}

function timeline(chapters: Chapter[]): Draft | undefined {
  const items = chapters.flatMap((ch): Block[][] => {
    const meta = ch.meta;
    if (!meta || (!meta.time && !meta.event)) return [];
    const when = meta.time ? paragraph(strong(meta.time), text(`\u3000${reference(ch)}`)) : paragraph(strong(reference(ch)));
    return [[when, ...(meta.event ? [paragraph(text(meta.event))] : [])]];
  });
  if (items.length === 0) return undefined;
  return draft('大事年表', items);
}

/** How an appendix names a chapter: its label (第七章), or its title when it has none. */
const reference = (ch: Chapter) => ch.label ?? ch.title;

// Line 0: appendix text stands on no line of any file (a diagnostic names the manuscript folder alone).
const draft = (title: string, items: Block[][]): Draft => ({
  title,
  headingLine: 0,
  blocks: [{ kind: 'list', ordered: false, start: 1, items, line: 0 }],
  footnotes: [],
});
const text = (s: string): Inline => ({ kind: 'text', text: s, line: 0 });
const strong = (s: string): Inline => ({ kind: 'strong', children: [text(s)] });
const paragraph = (...content: Inline[]): Block => ({ kind: 'paragraph', content, line: 0 });
