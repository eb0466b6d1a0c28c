import type { Diagnostics } from '../diagnostics.ts';
import type { Chapter, Inline } from '../model/book.ts';
import { chapterUnits } from '../model/walk.ts';
import { isHan, isLatinOrDigit, isWide } from '../text/chars.ts';
import { BOUNDARY, UnitText } from './rewriter.ts';
import type { Transform, TransformContext } from './transform.ts';

/**
 * Chinese punctuation normalisation (manuscript-format.md "Quirks"): straight
 * quotes paired into “” ‘’, ASCII and doubled ellipses into ……, -- into ——,
 * a hyphen between years into the one-em dash (1912—1954), half-width
 * , ; : ? ! and ( ) beside Han into their full-width forms.
 * Text only: code spans are boundaries, URLs live in link targets, and a rule
 * that would land inside a Latin word does not fire.
 */
export const punctuationTransform: Transform = {
  name: 'punctuation',
  chapter(chapter: Chapter, ctx: TransformContext) {
    normaliseChapter(chapter, ctx.diagnostics);
  },
};

const FULL_WIDTH: Record<string, string> = { ',': '，', ';': '；', ':': '：', '?': '？', '!': '！' };
const QUOTE_CHARS = new Set(['"', "'", '“', '”', '‘', '’']);

interface Change {
  rule: string;
  line: number;
  from: string;
  to: string;
}

/**
 * What each rule looks for. Most paragraphs of a novel hold none of it, and
 * the code-point arrays the rules work on cost more than the whole test.
 */
const TRIGGER = {
  ellipsis: /[.…]|。。。/u,
  dash: /--/u,
  range: /\d[-\u2013]\d/u,
  quote: /["'“”‘’]/u,
  fullWidth: /[,;:?!]/u,
  parenthesis: /\(/u,
  any: /[.…"'“”‘’,;:?!(]|。。。|--|\d[-\u2013]\d/u,
};
const HAN = /\p{Script=Han}/u;
const NO_QUOTES: QuoteBalance = { unclosed: false, strayClose: false };

export function normaliseChapter(chapter: Chapter, diagnostics: Diagnostics): void {
  // The title is a string of the model, not a unit: the same rules, on its own (图灵,问道... → 图灵，问道……).
  if (chapter.title) chapter.title = normaliseTitle(chapter, diagnostics);
  let openQuote: { line: number } | null = null;
  for (const unit of chapterUnits(chapter)) {
    const plain = UnitText.plain(unit.parts);
    if (plain.length === 0) continue;
    let balance = NO_QUOTES;
    let first: string | undefined;
    if (TRIGGER.any.test(plain)) {
      const text = new UnitText(unit.parts);
      const changes: Change[] = [];
      balance = normaliseUnit(text, plain, changes);
      if (changes.length > 0) text.apply();
      report(changes, chapter, diagnostics);
      first = text.chars.find((c) => c.trim() !== '');
    } else first = /\S/u.exec(plain)?.[0];

    // clreq: a quotation over several paragraphs opens each one and closes only the last.
    if (openQuote && first !== '“') {
      diagnostics.warn('punct:unbalanced-quotes', 'quotation opened here is never closed', { file: chapter.file, line: openQuote.line });
    }
    openQuote = null;
    if (balance.unclosed) openQuote = { line: balance.unclosedLine ?? unit.line };
    if (balance.strayClose) {
      diagnostics.warn('punct:unbalanced-quotes', 'closing quote without an opening one', { file: chapter.file, line: balance.strayCloseLine ?? unit.line });
    }
  }
  if (openQuote) {
    diagnostics.warn('punct:unbalanced-quotes', 'quotation opened here is never closed', { file: chapter.file, line: openQuote.line });
  }
}

/** The chapter's title after the rules, its changes reported at the heading's line, its quotes checked on their own. */
function normaliseTitle(chapter: Chapter, diagnostics: Diagnostics): string {
  const node: Inline = { kind: 'text', text: chapter.title, line: chapter.headingLine };
  const parts = [[node]];
  const plain = UnitText.plain(parts);
  if (!TRIGGER.any.test(plain)) return chapter.title;
  const text = new UnitText(parts);
  const changes: Change[] = [];
  const balance = normaliseUnit(text, plain, changes);
  if (changes.length > 0) text.apply();
  report(changes, chapter, diagnostics);
  if (balance.unclosed || balance.strayClose) {
    diagnostics.warn('punct:unbalanced-quotes', balance.unclosed ? 'quotation opened in the title is never closed' : 'closing quote without an opening one in the title', { file: chapter.file, line: chapter.headingLine });
  }
  return node.kind === 'text' ? node.text : chapter.title;
}

/** The rules over one unit's text, in their order; what the quotes leave open, for the chapter's check. */
function normaliseUnit(text: UnitText, plain: string, changes: Change[]): QuoteBalance {
  let balance = NO_QUOTES;
  const hasHan = HAN.test(plain);
  if (hasHan && TRIGGER.ellipsis.test(plain)) ellipses(text, changes);
  if (hasHan && TRIGGER.dash.test(plain)) dashes(text, changes);
  if (hasHan && TRIGGER.range.test(plain)) yearRanges(text, changes);
  if (TRIGGER.quote.test(plain)) balance = quotes(text, changes);
  if (hasHan && TRIGGER.fullWidth.test(plain)) fullWidth(text, changes);
  if (hasHan && TRIGGER.parenthesis.test(plain)) parentheses(text, changes);
  return balance;
}

/** A Han character on each side, so that the rules that need a Han neighbour or a Han unit see one. */
const AMONG = '中';

/**
 * A string as this normalisation reads it standing among Han text. For what
 * an author types as the manuscript does but the pipeline matches after the
 * normalisation has run: a glossary source `AI...` finds `AI……` in the book.
 */
export function punctuationAmongHan(s: string): string {
  if (!TRIGGER.any.test(s)) return s;
  const node: Inline = { kind: 'text', text: `${AMONG}${s}${AMONG}`, line: 0 };
  const text = new UnitText([[node]]);
  const changes: Change[] = [];
  normaliseUnit(text, node.text, changes);
  if (changes.length === 0) return s;
  text.apply();
  // The rules change punctuation and the spaces beside it, never a Han character.
  return node.text.slice(AMONG.length, node.text.length - AMONG.length);
}

function report(changes: Change[], chapter: Chapter, diagnostics: Diagnostics): void {
  // One line per rule and source line: "3 × " → “”" reads better than three identical lines.
  const grouped = new Map<string, { c: Change; n: number; samples: Set<string> }>();
  for (const c of changes) {
    const key = `${c.line}\u0000${c.rule}`;
    const g = grouped.get(key) ?? { c, n: 0, samples: new Set<string>() };
    g.n++;
    g.samples.add(`${c.from} → ${c.to}`);
    grouped.set(key, g);
  }
  for (const { c, n, samples } of grouped.values()) {
    diagnostics.info(c.rule, `${n > 1 ? `${n} × ` : ''}${[...samples].join(', ')}`, { file: chapter.file, line: c.line });
  }
}

const near = (text: UnitText, i: number) => text.chars[i] ?? '';
const isContext = (ch: string) => isWide(ch) || QUOTE_CHARS.has(ch);

/** `......`, `...`, `。。。` and a lone `…` become the two-em `……`. */
function ellipses(text: UnitText, changes: Change[]): void {
  text.pass((i, out) => {
    const c = text.chars[i];
    if (c !== '.' && c !== '。' && c !== '…') return undefined;
    let j = i;
    while (text.chars[j] === c) j++;
    const run = j - i;
    const prev = out[out.length - 1] ?? '';
    const next = near(text, j);
    let ok = false;
    if (c === '.') ok = run >= 3 && !(isLatinOrDigit(prev) && isLatinOrDigit(next));
    else if (c === '。') ok = run >= 3;
    else ok = run === 1 || run === 3;
    if (!ok) return { take: run, put: text.chars.slice(i, j) };
    const from = text.chars.slice(i, j).join('');
    if (from === '……') return undefined;
    changes.push({ rule: 'punct:ellipsis', line: text.lineAt(i) ?? 0, from, to: '……' });
    return { take: run, put: ['…', '…'] };
  });
}

/** `--` beside a CJK character becomes the two-em dash `——`. */
function dashes(text: UnitText, changes: Change[]): void {
  text.pass((i, out) => {
    if (text.chars[i] !== '-' || text.chars[i + 1] !== '-' || text.chars[i + 2] === '-') return undefined;
    const prev = out[out.length - 1] ?? '';
    if (prev === '-') return undefined;
    const next = near(text, i + 2);
    // `--help` is a command-line flag, not a dash.
    if (/\p{Script=Latin}/u.test(next)) return undefined;
    if (!isContext(prev) && !isContext(next)) return undefined;
    changes.push({ rule: 'punct:dash', line: text.lineAt(i) ?? 0, from: '--', to: '——' });
    return { take: 2, put: ['—', '—'] };
  });
}

/**
 * A hyphen or en dash between two years in Chinese text (图灵(1912-1954),
 * 1950-1956年) becomes the one-em dash, as GB/T 15834—2011 §4.13.3.2 writes
 * a span of time: 沈括（1031—1095）. Only where it cannot be anything else:
 * years of three or four digits, no leading zero, the second the later, with
 * Han, a bracket or the text's edge on both sides. A date (2024-01-05), a
 * model number (GPT-3, RTX 4090-Ti), a phone number or a page range among
 * Latin keeps its hyphen.
 */
function yearRanges(text: UnitText, changes: Change[]): void {
  text.pass((i, out) => {
    const c = text.chars[i];
    if (c !== '-' && c !== '\u2013') return undefined;
    const before = digitsBefore(out);
    if (!before) return undefined;
    let j = i + 1;
    while (j < text.chars.length && isAsciiDigit(text.chars[j])) j++;
    const after = text.chars.slice(i + 1, j).join('');
    if (!isYear(before.digits) || !isYear(after) || Number(after) <= Number(before.digits)) return undefined;
    if (!rangeEdge(before.prev) || !rangeEdge(near(text, j))) return undefined;
    changes.push({ rule: 'punct:range', line: text.lineAt(i) ?? 0, from: `${before.digits}${c}${after}`, to: `${before.digits}—${after}` });
    return { take: 1, put: ['—'] };
  });
}

const isAsciiDigit = (ch: string) => ch.length === 1 && ch >= '0' && ch <= '9';
const isYear = (digits: string) => /^[1-9]\d{2,3}$/u.test(digits);
/** What may stand beside a year range: Han or full-width text, a bracket, or nothing (the unit's edge). */
const rangeEdge = (ch: string) => ch === '' || ch === '(' || ch === ')' || isWide(ch);

/** The run of ASCII digits the output ends with, and the character before it. */
function digitsBefore(out: readonly string[]): { digits: string; prev: string } | undefined {
  let k = out.length;
  while (k > 0 && isAsciiDigit(out[k - 1])) k--;
  if (k === out.length) return undefined;
  return { digits: out.slice(k).join(''), prev: out[k - 1] ?? '' };
}

interface QuoteBalance {
  unclosed: boolean;
  unclosedLine?: number;
  strayClose: boolean;
  strayCloseLine?: number;
}

/**
 * Straight quotes pair by nesting within the unit: a " opens unless a " is
 * the innermost open quotation, which it closes; a ' likewise (an
 * apostrophe inside a Latin word, don't, is not a quote). Where the
 * innermost is the other kind with this kind open outside it (`"…'…"`), the
 * mark either opens a third level (`"他说：'她问"谁"'"`) or closes the outer
 * one over an inner that was never closed: what follows it decides, as a
 * reader decides, a closing mark being followed by punctuation, a space or
 * the end. Curly quotes already typed count towards the nesting but are kept.
 */
function quotes(text: UnitText, changes: Change[]): QuoteBalance {
  // Open quotations, innermost last: '"' or "'".
  const open: string[] = [];
  let doubleLine: number | undefined;
  let stray: number | undefined;
  const close = (kind: string): boolean => {
    const at = open.lastIndexOf(kind);
    if (at < 0) return false;
    open.length = at;
    return true;
  };
  const opens = (kind: string, i: number): boolean => {
    if (!open.includes(kind)) return true;
    if (open[open.length - 1] === kind) return false;
    return !closesHere(near(text, i + 1));
  };
  text.pass((i, out) => {
    const c = text.chars[i];
    const line = text.lineAt(i) ?? 0;
    if (c === '“') {
      open.push('"');
      doubleLine = line;
    } else if (c === '”') {
      if (!close('"')) stray ??= line;
    } else if (c === '‘') open.push("'");
    else if (c === '’') close("'");
    if (c === '"') {
      const opening = opens('"', i);
      if (opening) {
        open.push('"');
        doubleLine = line;
      } else close('"');
      const to = opening ? '“' : '”';
      changes.push({ rule: 'punct:quotes', line, from: '"', to });
      return { take: 1, put: [to] };
    }
    if (c === "'") {
      const prev = out[out.length - 1] ?? '';
      const next = near(text, i + 1);
      if (/\p{L}/u.test(prev) && !isHan(prev) && /\p{L}/u.test(next) && !isHan(next)) return undefined;
      const opening = opens("'", i);
      if (opening) open.push("'");
      else close("'");
      const to = opening ? '‘' : '’';
      changes.push({ rule: 'punct:quotes', line, from: "'", to });
      return { take: 1, put: [to] };
    }
    return undefined;
  });
  const unclosed = open.includes('"');
  return { unclosed, unclosedLine: unclosed ? doubleLine : undefined, strayClose: stray !== undefined, strayCloseLine: stray };
}

/** Whether a quote mark followed by `next` closes a quotation: punctuation, a space, a quote or the unit's end come after a closing mark, text after an opening one. */
function closesHere(next: string): boolean {
  return next === '' || /[\s"'“”‘’。，、；：！？…—）》」』,.;:!?)]/u.test(next);
}

/** Half-width , ; : ? ! with a CJK neighbour are typing slips for ，；：？！. */
function fullWidth(text: UnitText, changes: Change[]): void {
  text.pass((i, out) => {
    const c = text.chars[i];
    const to = FULL_WIDTH[c];
    if (!to) return undefined;
    const prev = out[out.length - 1] ?? '';
    let k = i + 1;
    while (text.chars[k] === ' ') k++;
    const next = near(text, k);
    if (c === ':' && /\d/u.test(prev) && /\d/u.test(next)) return undefined;
    if (!isContext(prev) && !isContext(next)) return undefined;
    // A space typed after the slip goes with it: full-width marks carry their own space.
    const take = isWide(next) || next === '' ? k - i : 1;
    changes.push({ rule: 'punct:full-width', line: text.lineAt(i) ?? 0, from: c, to });
    return { take, put: [to] };
  });
}

/** `(…)` with Han inside or just before becomes `（…）`, and the spaces between it and Han go. */
function parentheses(text: UnitText, changes: Change[]): void {
  const pairs = new Map<number, number>();
  const stack: number[] = [];
  text.chars.forEach((c, i) => {
    if (c === '(') stack.push(i);
    else if (c === ')' && stack.length) pairs.set(stack.pop()!, i);
  });
  const convert = new Set<number>();
  for (const [open, close] of pairs) {
    const before = prevNonSpace(text, open);
    const after = nextNonSpace(text, close);
    const inner = text.chars.slice(open + 1, close);
    // A URL someone typed as text keeps its ASCII brackets.
    if (/^[a-z][a-z0-9+.-]*:/iu.test(inner.join(''))) continue;
    // Han inside, or Han just before: 年 (2021-2022). Latin before means a Latin gloss: GPT-3 (Generative …).
    if (inner.some(isHan) || isWide(before.ch)) {
      convert.add(open);
      convert.add(close);
      // Spaces between a Han character and the bracket are dropped with it.
      if (isWide(before.ch)) for (let k = before.at + 1; k < open; k++) convert.add(-k - 1);
      if (isWide(after.ch)) for (let k = close + 1; k < after.at; k++) convert.add(-k - 1);
    }
  }
  if (convert.size === 0) return;
  text.pass((i) => {
    if (convert.has(-i - 1)) return { take: 1, put: [] };
    if (!convert.has(i)) return undefined;
    const to = text.chars[i] === '(' ? '（' : '）';
    changes.push({ rule: 'punct:full-width', line: text.lineAt(i) ?? 0, from: text.chars[i], to });
    return { take: 1, put: [to] };
  });
}

function prevNonSpace(text: UnitText, i: number): { ch: string; at: number } {
  let k = i - 1;
  while (k >= 0 && text.chars[k] === ' ') k--;
  return { ch: k >= 0 && text.chars[k] !== BOUNDARY ? text.chars[k] : '', at: k };
}
function nextNonSpace(text: UnitText, i: number): { ch: string; at: number } {
  let k = i + 1;
  while (k < text.chars.length && text.chars[k] === ' ') k++;
  return { ch: k < text.chars.length && text.chars[k] !== BOUNDARY ? text.chars[k] : '', at: k };
}
