import type { Diagnostics } from '../diagnostics.ts';
import type { Chapter } from '../model/book.ts';
import { chapterUnits, inlineText } from '../model/walk.ts';

/** Pairs checked here; “” are the punctuation transform's (it pairs them as it converts). */
const PAIRS: Array<[string, string]> = [
  ['「', '」'],
  ['『', '』'],
  ['（', '）'],
  ['《', '》'],
  ['【', '】'],
];
const CLOSER_OF = new Map(PAIRS);
/** Most paragraphs have none: tested first, before walking the text character by character. */
const ANY_BRACKET = new RegExp(`[${PAIRS.flat().join('')}]`, 'u');
const OPENER_OF = new Map(PAIRS.map(([o, c]) => [c, o]));

/**
 * Unbalanced brackets and corner quotes in a chapter, per paragraph. A quotation may run
 * over several paragraphs (clreq): an unclosed 「 is fine when the next
 * paragraph opens with 「 again.
 */
export function lintBrackets(chapter: Chapter, diagnostics: Diagnostics): void {
  let carried: { open: string; line: number } | null = null;
  for (const unit of chapterUnits(chapter)) {
    const text = unit.parts.map(inlineText).join('\n');
    if (!text.trim()) continue;
    if (carried && !text.trimStart().startsWith(carried.open)) {
      diagnostics.warn('punct:unbalanced-brackets', `${carried.open} opened here is never closed`, { file: chapter.file, line: carried.line });
    }
    carried = null;
    if (!ANY_BRACKET.test(text)) continue;
    const stack: string[] = [];
    for (const ch of text) {
      if (CLOSER_OF.has(ch)) stack.push(ch);
      else if (OPENER_OF.has(ch)) {
        if (stack[stack.length - 1] === OPENER_OF.get(ch)) stack.pop();
        else diagnostics.warn('punct:unbalanced-brackets', `${ch} closes nothing (no ${OPENER_OF.get(ch)} before it)`, { file: chapter.file, line: unit.line });
      }
    }
    if (stack.length === 1 && (stack[0] === '「' || stack[0] === '『') && unit.kind === 'paragraph') carried = { open: stack[0], line: unit.line };
    else for (const open of stack) diagnostics.warn('punct:unbalanced-brackets', `${open} opened here is never closed`, { file: chapter.file, line: unit.line });
  }
  if (carried) diagnostics.warn('punct:unbalanced-brackets', `${carried.open} opened here is never closed`, { file: chapter.file, line: carried.line });
}
