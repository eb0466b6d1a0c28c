import { relative } from 'node:path';
import { acceptedFileName, CONTEXT, SHOWN, type EditionReview, type ReviewRow, type ReviewSink } from '../../review/collect.ts';
import { glossaryFileName } from '../../transforms/glossary.ts';
/** Most strings here are Chinese text with nothing to escape: tested first, replaced only when needed. */
const SPECIAL = /[&<>"]/u;
function escapeXml(s: string): string {
  return SPECIAL.test(s) ? s.replace(/[&<>"]/gu, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;')) : s;
}


const DECIDED: Record<ReviewRow['decidedBy'], string> = {
  character: 'OpenCC character',
  phrase: 'OpenCC phrase',
  glossary: 'glossary',
};

/** What a group shows of its first row: the decision, read once. */
interface Head {
  source: string;
  chosen: string;
  alternatives: readonly string[];
  decidedBy: ReviewRow['decidedBy'];
  phrase: string;
  phraseOut: string;
  word: string;
  wordOut: string;
  wordOffset: number;
  later: readonly string[];
  acceptedAs?: string;
}

/** One decision: its first row, how many rows it stands for, and its first few places (Places' slots). */
interface Group {
  head: Head;
  count: number;
  places: number[];
}

/** A character's groups in the order their first rows came, and its counts. */
interface CharGroups {
  source: string;
  alternatives: readonly string[];
  count: number;
  /** Rows decided by the character alone: the risk the page sorts by. */
  byCharacter: number;
  groups: Group[];
  byPhrase: Map<string, Group[]>;
}

/**
 * Groups the rows as they are collected, keeping of each only what the page
 * shows: the first row of each decision and its first few places.
 */
export class HtmlSink implements ReviewSink {
  private readonly pending = new Map<string, CharGroups>();
  private readonly accepted = new Map<string, CharGroups>();
  private readonly sources = new Set<string>();
  private count = 0;
  private pendingCount = 0;
  private byCharacter = 0;
  private readonly places = new Places();

  constructor(
    private readonly edition: string,
    private readonly manuscriptDir: string,
  ) {}

  add(r: ReviewRow): void {
    this.count++;
    if (!r.accepted) this.pendingCount++;
    if (r.decidedBy === 'character') this.byCharacter++;
    this.sources.add(r.source);
    const chars = r.accepted ? this.accepted : this.pending;
    let c = chars.get(r.source);
    if (!c) chars.set(r.source, (c = { source: r.source, alternatives: r.alternatives, count: 0, byCharacter: 0, groups: [], byPhrase: new Map() }));
    c.count++;
    if (r.decidedBy === 'character') c.byCharacter++;
    const g = groupOf(c, r);
    g.count++;
    if (g.places.length < SHOWN) g.places.push(this.places.add(r));
  }

  html(review: EditionReview, title: string): string {
    const place = (slot: number, chosen: string) => this.places.html(slot, chosen, this.edition, this.manuscriptDir);
    return page(review, title, this.count, this.sources.size, this.pendingCount, this.byCharacter, this.pending, this.accepted, place);
  }
}

type PlaceHtml = (slot: number, chosen: string) => string;

/**
 * The first few places of each decision, as numbers: most decisions are
 * folded into a row that shows none, so a place is rendered only if shown.
 * Each text's reading is kept once, for the contexts.
 */
class Places {
  private readings: Array<(from: number, to: number) => string> = [];
  private files: string[] = [];
  private readonly fileIds = new Map<string, number>();
  /** Per slot: text, code-point index in it, file, line, column. */
  private data = new Int32Array(5 * 1024);
  private slots = 0;

  add(r: ReviewRow): number {
    if (this.readings.at(-1) !== r.reading) this.readings.push(r.reading);
    let file = this.fileIds.get(r.file);
    if (file === undefined) this.fileIds.set(r.file, (file = this.files.push(r.file) - 1));
    if (5 * (this.slots + 1) > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const d = this.data;
    const at = 5 * this.slots;
    d[at] = this.readings.length - 1;
    d[at + 1] = r.index;
    d[at + 2] = file;
    d[at + 3] = r.line;
    d[at + 4] = r.column;
    return this.slots++;
  }

  /** A place: the row's context as the edition reads it (what the book carries around the character), and where it stands. */
  html(slot: number, chosen: string, edition: string, manuscriptDir: string): string {
    const e = escapeXml;
    const d = this.data;
    const at = 5 * slot;
    const reading = this.readings[d[at]];
    const index = d[at + 1];
    const file = this.files[d[at + 2]];
    const [line, column] = [d[at + 3], d[at + 4]];
    const ctx = { before: reading(Math.max(0, index - CONTEXT), index), after: reading(index + 1, index + 1 + CONTEXT) };
    const where = file ? `${relative(manuscriptDir, file)}:${line}${column ? `:${column}` : ''}` : '(made by the pipeline)';
    return `<div><span class="zh" lang="${e(edition)}">${e(ctx.before)}<mark>${e(chosen)}</mark>${e(ctx.after)}</span> <span class="where">${e(where)}</span></div>`;
  }
}

/**
 * One group per decision: by phrase or word, then by what decided and the
 * form chosen (a handful each). A function of its own, so that the engine
 * optimises this lookup, which every row passes, apart from the rest.
 */
function groupOf(c: CharGroups, r: ReviewRow): Group {
  const phrase = r.phrase || r.word;
  let list = c.byPhrase.get(phrase);
  if (!list) c.byPhrase.set(phrase, (list = []));
  for (const x of list) if (x.head.decidedBy === r.decidedBy && x.head.chosen === r.chosen) return x;
  const { source, chosen, alternatives, decidedBy, phrase: p, phraseOut, word, wordOut, wordOffset, later, acceptedAs } = r;
  const g: Group = { head: { source, chosen, alternatives, decidedBy, phrase: p, phraseOut, word, wordOut, wordOffset, later, acceptedAs }, count: 0, places: [] };
  list.push(g);
  c.groups.push(g);
  return g;
}

/**
 * The review for the author: each character, then each phrase that decided
 * it, read once with its count, a few contexts and the glossary lines that
 * would change it. Phrases already accepted are listed apart, at the end.
 * One self-contained page; the filter is CSS alone. For a review collected
 * without sinks.
 */
export function reviewHtml(review: EditionReview, title: string): string {
  if (!review.rows) throw new TypeError('the review was collected into sinks: its rows are not kept');
  const sink = new HtmlSink(review.edition, review.manuscriptDir);
  for (const r of review.rows) sink.add(r);
  return sink.html(review, title);
}

function page(review: EditionReview, title: string, count: number, sources: number, pendingCount: number, byCharacter: number, pending: Map<string, CharGroups>, accepted: Map<string, CharGroups>, place: PlaceHtml): string {
  const e = escapeXml;
  const acceptedCount = count - pendingCount;
  const summary = [
    `${count} occurrences of ${sources} characters with more than one Traditional form`,
    `${pendingCount} not yet accepted`,
    `${byCharacter} decided by the character alone`,
  ].join(' · ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${e(`${title} — ${review.edition} review`)}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 1.5em auto; max-width: 62em; padding: 0 1em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 2px solid #888; }
h3 { font-size: 1.1em; margin: 1.4em 0 .3em; } h3 .forms { font-weight: normal; color: #555; }
.zh { font-family: "Noto Sans TC", "Noto Sans CJK TC", sans-serif; }
table { border-collapse: collapse; width: 100%; margin-bottom: .5em; }
td, th { border-top: 1px solid #ddd; padding: .25em .5em; vertical-align: top; text-align: left; }
th { font-weight: 600; background: #f3f3f3; }
mark { background: #ffe08a; padding: 0 .1em; }
.character mark { background: #ffb3a7; }
.where { color: #666; font-size: .85em; white-space: nowrap; }
.more { color: #666; font-size: .85em; }
code { background: #f3f3f3; padding: 0 .3em; user-select: all; white-space: pre; }
.current { font-weight: 600; }
.decided { white-space: nowrap; font-size: .9em; }
.was { color: #a33; font-size: .85em; }
.filters { background: #f7f7f7; padding: .5em 1em; position: sticky; top: 0; border-bottom: 1px solid #ccc; }
body:has(#only-character:checked) tr.group:not(.character) { display: none; }
body:has(#only-character:checked) section.char:not(:has(tr.character)) { display: none; }
body:has(#hide-accepted:checked) #accepted { display: none; }
</style>
</head>
<body>
<h1>${e(title)} — Simplified → Traditional review, <span lang="${e(review.edition)}">${e(review.edition)}</span></h1>
<p>${e(summary)}.</p>
<p>Each row is one decision OpenCC made, with its count and a few places. To change one, copy a glossary line into <code>${e(glossaryFileName(review.edition))}</code>; to mark it checked, add <code>phrase&#9;reading</code> to <code>${e(acceptedFileName(review.edition))}</code>.</p>
<div class="filters"><label><input type="checkbox" id="only-character"> only decided by OpenCC character (the least certain)</label> &nbsp; <label><input type="checkbox" id="hide-accepted"> hide accepted</label></div>
<h2 id="pending">To review (${pendingCount})</h2>
${characters(pending, review, place)}
<h2 id="accepted">Accepted (${acceptedCount})</h2>
${acceptedCount ? characters(accepted, review, place) : `<p>None yet: ${e(acceptedFileName(review.edition))} lists none of these phrases.</p>`}
</body>
</html>
`;
}

/** Characters in order of risk: most decided by the character alone first, then most frequent. */
function characters(chars: Map<string, CharGroups>, review: EditionReview, place: PlaceHtml): string {
  const order = [...chars.values()].sort((a, b) => b.byCharacter - a.byCharacter || b.count - a.count || (a.source < b.source ? -1 : 1));
  return order.map((c) => character(c, review, place)).join('\n');
}

function character(c: CharGroups, review: EditionReview, place: PlaceHtml): string {
  const e = escapeXml;
  const ordered = [...c.groups].sort((a, b) => rank(a) - rank(b) || b.count - a.count);
  // The most frequent decisions of each kind in full; the rest in one row per kind, each named once with its count.
  const shownRows: string[] = [];
  for (let k = 0; k < ordered.length; ) {
    let end = k;
    while (end < ordered.length && rank(ordered[end]) === rank(ordered[k])) end++;
    for (let g = k; g < Math.min(end, k + IN_FULL); g++) shownRows.push(group(ordered[g], review, place));
    if (end - k > IN_FULL) shownRows.push(rest(ordered.slice(k + IN_FULL, end), review));
    k = end;
  }
  const forms = c.alternatives.map((f) => e(f)).join(' / ');
  return `<section class="char">
<h3><span class="zh" lang="zh-Hans">${e(c.source)}</span> → <span class="forms zh" lang="${e(review.edition)}">${forms}</span> <span class="more">(${c.count})</span></h3>
<table>
<tr><th>phrase</th><th>reads</th><th>count</th><th>decided by</th><th>where</th><th>glossary line</th></tr>
${shownRows.join('\n')}
</table>
</section>`;
}

/** Decisions of one character and kind shown in full, with contexts and glossary lines. */
const IN_FULL = 10;

/** The less frequent decisions of a character and kind: each phrase or word with its reading and count, the places in the .tsv. */
function rest(groups: Group[], review: EditionReview): string {
  const e = escapeXml;
  const first = groups[0].head;
  const count = groups.reduce((n, g) => n + g.count, 0);
  const lang = e(review.edition);
  const items = groups.map((g) => {
    const r = g.head;
    const phrase = r.phrase || r.word || r.source;
    const reads = r.phrase ? r.phraseOut : r.wordOut || r.chosen;
    return `${e(phrase)} <span lang="${lang}">${e(reads)}</span>${g.count > 1 ? ` ×${g.count}` : ''}`;
  });
  return `<tr class="group ${first.decidedBy}"><td colspan="2" class="more">${groups.length} more ${first.decidedBy === 'character' ? 'words' : 'phrases'}</td><td>${count}</td><td class="decided">${DECIDED[first.decidedBy]}</td><td colspan="2"><details><summary class="more">each with its reading and count; their places are in the .tsv</summary><div class="zh" lang="zh-Hans">${items.join(' · ')}</div></details></td></tr>`;
}

const rank = (g: Group) => (g.head.decidedBy === 'character' ? 0 : g.head.decidedBy === 'phrase' ? 1 : 2);

function group(g: Group, review: EditionReview, place: PlaceHtml): string {
  const e = escapeXml;
  const first = g.head;
  const lang = review.edition;
  const phrase = first.phrase || first.word || first.source;
  const reads = first.phrase ? first.phraseOut : first.wordOut || first.chosen;
  const more = g.count > SHOWN ? `<div class="more">and ${g.count - SHOWN} more (all in the .tsv)</div>` : '';
  const later = first.later.length ? `<div class="more">then ${e(first.later.join(', '))}</div>` : '';
  const was = first.acceptedAs !== undefined ? `<div class="was">accepted as ${e(first.acceptedAs)}, now reads ${e(reads)}</div>` : '';
  return `<tr class="group ${first.decidedBy}"><td class="zh" lang="zh-Hans">${e(phrase)}</td><td class="zh" lang="${e(lang)}">${e(reads)}${was}</td><td>${g.count}</td><td class="decided">${DECIDED[first.decidedBy]}${later}</td><td>${g.places.map((slot) => place(slot, first.chosen)).join('')}${more}</td><td>${glossaryLines(first)}</td></tr>`;
}

/** One line per form the character could take in the word, the current one first; none without a word. */
function glossaryLines(r: Head): string {
  const e = escapeXml;
  if (!r.word || r.decidedBy === 'glossary') return r.decidedBy === 'glossary' ? '<span class="more">in the glossary</span>' : '<span class="more">no word around it</span>';
  const reads = Array.from(r.wordOut);
  const aligned = reads.length === Array.from(r.word).length;
  const current = r.chosen;
  const forms = [current, ...r.alternatives.filter((f) => f !== current)];
  return forms
    .map((f) => {
      const target = aligned ? reads.map((c, k) => (k === r.wordOffset ? f : c)).join('') : r.wordOut;
      return `<div${f === current ? ' class="current"' : ''}><code class="zh">${e(`${r.word}\t${target}`)}</code></div>`;
    })
    .filter((line, k, all) => all.indexOf(line) === k)
    .join('');
}
