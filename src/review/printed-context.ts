import { LOCALE_MARK, localePunctuation } from '../transforms/locale-punctuation.ts';
import { CONTEXT, sourceLength, type ReviewRow } from './collect.ts';

/**
 * What the book carries around a row's character, as the edition reads it,
 * with the marks it prints (「」『』, a name's ‧). The reading is OpenCC's,
 * before the locale's punctuation, so the marks are turned here by the same
 * localePunctuation, counting depth from the start of the text: a context
 * alone cannot tell 「 from 『.
 */
export function printedContext(r: ReviewRow): { before: string; after: string } {
  const end = r.index + sourceLength(r);
  const from = Math.max(0, r.index - CONTEXT);
  const before = r.reading(from, r.index);
  const after = r.reading(end, end + CONTEXT);
  if (!LOCALE_MARK.test(before) && !LOCALE_MARK.test(after)) return { before, after };
  const lead = [...r.reading(0, from)];
  const own = [...before];
  const chosen = [...r.reading(r.index, end)];
  // A dot's neighbour past the context's end decides it too: one more character read.
  const marks = localePunctuation([...lead, ...own, ...chosen, ...after, ...r.reading(end + CONTEXT, end + CONTEXT + 1)]).slice(0, lead.length + own.length + chosen.length + [...after].length);
  const afterFrom = lead.length + own.length + chosen.length;
  return { before: marks.slice(lead.length, lead.length + own.length).join(''), after: marks.slice(afterFrom).join('') };
}
