import { relative } from 'node:path';
import { acceptedFileName, regionOf, SHOWN, type EditionReview, type ReviewRow } from '../../review/collect.ts';
import { printedContext } from '../../review/printed-context.ts';
import type { BlockSink } from '../../output/atomic-write.ts';
import { encodeEscaped, encodeInteger, encodeString, ESCAPED_BYTES, FILE_BLOCK, NUMBER_BYTES, Utf8Bytes } from './utf8-bytes.ts';
import { escapeXml } from '../../text/escape-xml.ts';

function decided(by: ReviewRow['decidedBy'], review: EditionReview): string {
  return by === 'character' ? 'OpenCC character' : by === 'phrase' ? 'OpenCC phrase' : by === 'glossary' ? 'glossary' : `OpenCC ${regionOf(review.edition)} word`;
}

/**
 * One decision: its first row, how many rows it decides, and its second and
 * third (SHOWN is 3), whose places are shown with the first. Kept in fields,
 * not a list: a book has tens of thousands of groups, and a list per group
 * (grown on its second row) was most of the memory the page took to make.
 */
interface Group {
  first: ReviewRow;
  /** The first row's, kept here: every row compares them, and the first row lies anywhere in the rows' megabytes. */
  decidedBy: ReviewRow['decidedBy'];
  chosen: string;
  /** The phrase or word as the page names it, and its reading: the folded rows list thousands, read from here rather than from their rows. */
  word: string;
  reads: string;
  count: number;
  second?: ReviewRow;
  third?: ReviewRow;
  /** Another decision of the same phrase or word (another form, or another kind of decider): rare. */
  next?: Group;
}

/** The rows whose places a group shows, at most SHOWN. */
function shownRows(g: Group): ReviewRow[] {
  const rows = [g.first];
  if (g.second) rows.push(g.second);
  if (g.third) rows.push(g.third);
  return rows.slice(0, SHOWN);
}

/** A character's rows (or the regional words'), grouped by decision in book order. */
interface Section {
  source: string;
  count: number;
  /** Rows decided by the character alone. */
  risk: number;
  /** The first row, for the character's forms. */
  first: ReviewRow;
  /** Its groups by rank (decided by the character alone, by a phrase, otherwise), each in book order: sorted by count alone, as a character read alone has thousands. */
  byRank: [Group[], Group[], Group[]];
  byPhrase: Map<string, Group>;
}

/** The rows to review or the accepted ones: each character's section in book order, and the words'. */
interface Part {
  count: number;
  characters: Map<string, Section>;
  words?: Section;
  /** The distinct Simplified words among the words' rows. */
  wordSources: Set<string>;
}

/**
 * Every row read once, into the parts the page shows. A book has tens of
 * thousands of rows and a few thousand places are shown: the groups keep a
 * count and their first rows, never a list of all of them.
 */
function partsOf(rows: readonly ReviewRow[]): { pending: Part; accepted: Part } {
  const pending: Part = { count: 0, characters: new Map(), wordSources: new Set() };
  const accepted: Part = { count: 0, characters: new Map(), wordSources: new Set() };
  for (const r of rows) {
    const part = r.accepted ? accepted : pending;
    part.count++;
    let section: Section | undefined;
    if (r.decidedBy === 'vocabulary') {
      section = part.words ??= newSection(r);
      part.wordSources.add(r.source);
    } else {
      section = part.characters.get(r.source);
      if (section === undefined) part.characters.set(r.source, (section = newSection(r)));
    }
    addToSection(section, r);
  }
  return { pending, accepted };
}

function newSection(first: ReviewRow): Section {
  return { source: first.source, count: 0, risk: 0, first, byRank: [[], [], []], byPhrase: new Map() };
}

/**
 * One group per decision: by phrase or word, then by what decided and the
 * form chosen (a handful each). A function of its own, so that the engine
 * optimises this step, which every row passes, apart from the rest.
 */
function addToSection(section: Section, r: ReviewRow): void {
  section.count++;
  if (r.decidedBy === 'character') section.risk++;
  const phrase = r.phrase || r.word;
  const head = section.byPhrase.get(phrase);
  for (let g = head; g !== undefined; g = g.next) {
    if (g.decidedBy === r.decidedBy && g.chosen === r.chosen) {
      g.count++;
      if (g.count === 2) g.second = r;
      else if (g.count === 3) g.third = r;
      return;
    }
  }
  const g: Group = {
    first: r,
    decidedBy: r.decidedBy,
    chosen: r.chosen,
    word: phrase || r.source,
    reads: r.phrase ? r.phraseOut : r.wordOut || r.chosen,
    count: 1,
    second: undefined,
    third: undefined,
    next: head,
  };
  section.byPhrase.set(phrase, g);
  section.byRank[rank(r)].push(g);
}

/**
 * The review for the author: each character, then each phrase that decided
 * it, read once with its count, a few contexts and the glossary lines that
 * would change it. Phrases already accepted are listed apart, at the end.
 * One self-contained page; the filter is CSS alone. Written row by row into
 * the file's bytes: the page runs to megabytes, which joined section by
 * section and then encoded would be copied three times over.
 */
export function writeReviewHtml(review: EditionReview, title: string, sink: BlockSink): void {
  const out = new Utf8Bytes(FILE_BLOCK, sink);
  writePage(out, review, title);
  out.flush();
}

/** The page as bytes, as writeReviewHtml writes it. */
export function reviewHtmlBytes(review: EditionReview, title: string): Uint8Array {
  const out = new Utf8Bytes(FILE_BLOCK);
  writePage(out, review, title);
  return out.bytes();
}

/** The page as a string (tests read it so). */
export function reviewHtml(review: EditionReview, title: string): string {
  return new TextDecoder().decode(reviewHtmlBytes(review, title));
}

function writePage(out: Utf8Bytes, review: EditionReview, title: string): void {
  const { pending, accepted } = partsOf(review.rows);
  const e = escapeXml;
  const characterSources = new Set([...pending.characters.keys(), ...accepted.characters.keys()]);
  const sections = [...pending.characters.values(), ...accepted.characters.values()];
  const wordCount = (pending.words?.count ?? 0) + (accepted.words?.count ?? 0);
  const wordSources = new Set([...pending.wordSources, ...accepted.wordSources]);
  const summary = [
    `${review.rows.length - wordCount} occurrences of ${characterSources.size} characters with more than one Traditional form`,
    ...(wordCount ? [`${wordCount} occurrences of ${wordSources.size} words ${regionOf(review.edition)} writes otherwise`] : []),
    `${pending.count} not yet accepted`,
    `${sections.reduce((n, c) => n + c.risk, 0)} decided by the character alone`,
  ].join(' · ');
  const where = placeNamer(review.manuscriptDir);
  out.string(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
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
/* On a phone a table scrolls across inside the page rather than widen it. */
@media (max-width: 48em) { table { display: block; overflow-x: auto; } tbody { display: table; min-width: 46em; } }
</style>
</head>
<body>
<h1>${e(title)} — Simplified → Traditional review, <span lang="${e(review.edition)}">${e(review.edition)}</span></h1>
<p>${e(summary)}.</p>
<p>Each row is one decision OpenCC made, with its count and a few places. To change one, copy a glossary line into <code>${e(review.glossaryFile)}</code>; to mark it checked, add <code>phrase&#9;reading</code> to <code>${e(acceptedFileName(review.edition))}</code>.</p>
<div class="filters"><label><input type="checkbox" id="only-character"> only decided by OpenCC character (the least certain)</label> &nbsp; <label><input type="checkbox" id="hide-accepted"> hide accepted</label></div>
<h2 id="pending">To review (${pending.count})</h2>
`);
  writePart(out, pending, review, where);
  out.string(`
<h2 id="accepted">Accepted (${accepted.count})</h2>
`);
  if (accepted.count) writePart(out, accepted, review, where);
  else out.string(`<p>None yet: ${e(acceptedFileName(review.edition))} lists none of these phrases.</p>`);
  out.string(`
</body>
</html>
`);
}

/** Where a row stands, as the page names it; each file's relative path worked out once. */
type PlaceNamer = (r: ReviewRow) => string;

function placeNamer(manuscriptDir: string): PlaceNamer {
  const paths = new Map<string, string>();
  return (r) => {
    if (!r.file) return '(made by the pipeline)';
    let path = paths.get(r.file);
    if (path === undefined) paths.set(r.file, (path = relative(manuscriptDir, r.file)));
    return `${path}:${r.line}${r.column ? `:${r.column}` : ''}`;
  };
}

/** The characters, then the words the edition's region writes otherwise. */
function writePart(out: Utf8Bytes, part: Part, review: EditionReview, where: PlaceNamer): void {
  writeCharacters(out, part, review, where);
  if (!part.words) return;
  out.string('\n');
  writeWords(out, part.words, review, where);
}

/**
 * The words, most frequent first, each in full: unlike a character's
 * phrases, every one is a change of vocabulary the author may not want
 * (接口道 read as 介面道), and a book has a few hundred at most.
 */
function writeWords(out: Utf8Bytes, section: Section, review: EditionReview, where: PlaceNamer): void {
  const e = escapeXml;
  const ordered = section.byRank.flat().sort((a, b) => b.count - a.count || (a.first.source < b.first.source ? -1 : a.first.source > b.first.source ? 1 : 0));
  out.string(`<section class="char words">
<h3>Words ${e(regionOf(review.edition))} writes otherwise <span class="more">(${section.count})</span></h3>
<table>
<tr><th>word</th><th>reads</th><th>count</th><th>decided by</th><th>where</th><th>glossary line</th></tr>
`);
  ordered.forEach((g, k) => out.string(k ? `\n${group(g, review, where)}` : group(g, review, where)));
  out.string('\n</table>\n</section>');
}

/** Characters in order of risk: most decided by the character alone first, then most frequent. */
function writeCharacters(out: Utf8Bytes, part: Part, review: EditionReview, where: PlaceNamer): void {
  const order = [...part.characters.values()].sort((a, b) => b.risk - a.risk || b.count - a.count || (a.source < b.source ? -1 : 1));
  order.forEach((section, k) => {
    if (k) out.string('\n');
    writeCharacter(out, section, review, where);
  });
}

function writeCharacter(out: Utf8Bytes, section: Section, review: EditionReview, where: PlaceNamer): void {
  const e = escapeXml;
  const forms = section.first.alternatives.map((f) => e(f)).join(' / ');
  out.string(`<section class="char">
<h3><span class="zh" lang="zh-Hans">${e(section.source)}</span> → <span class="forms zh" lang="${e(review.edition)}">${forms}</span> <span class="more">(${section.count})</span></h3>
<table>
<tr><th>phrase</th><th>reads</th><th>count</th><th>decided by</th><th>where</th><th>glossary line</th></tr>
`);
  // The most frequent decisions of each kind in full; the rest in one row per kind, each named once with its count.
  let rows = 0;
  for (const groups of section.byRank) {
    const ordered = byCountDescending(groups);
    for (let g = 0; g < Math.min(ordered.length, IN_FULL); g++) out.string(rows++ ? `\n${group(ordered[g], review, where)}` : group(ordered[g], review, where));
    if (ordered.length > IN_FULL) {
      out.string('\n');
      writeRest(out, ordered, IN_FULL, ordered.length, review);
    }
  }
  out.string('\n</table>\n</section>');
}

/**
 * The groups most frequent first, equal counts in book order, as a stable
 * sort by count leaves them: put in a bucket per count, the buckets read
 * from the largest. A character read alone has thousands of groups and a few
 * hundred distinct counts; compared pair by pair, sorting them took about a
 * tenth of the page's time.
 */
function byCountDescending(groups: readonly Group[]): Group[] {
  const buckets = new Map<number, Group[]>();
  for (const g of groups) {
    const bucket = buckets.get(g.count);
    if (bucket === undefined) buckets.set(g.count, [g]);
    else bucket.push(g);
  }
  const ordered: Group[] = [];
  for (const count of [...buckets.keys()].sort((a, b) => b - a)) for (const g of buckets.get(count)!) ordered.push(g);
  return ordered;
}

/** Decisions of one character and kind shown in full, with contexts and glossary lines. */
const IN_FULL = 10;

/**
 * The less frequent decisions of a character and kind, groups [from, to):
 * each phrase or word with its reading and count, the places in the .tsv.
 * Written item by item: a character read alone has thousands of words.
 */
function writeRest(out: Utf8Bytes, groups: readonly Group[], from: number, to: number, review: EditionReview): void {
  const e = escapeXml;
  const first = groups[from].first;
  let count = 0;
  for (let k = from; k < to; k++) count += groups[k].count;
  const open = ` <span lang="${e(review.edition)}">`;
  out.string(`<tr class="group ${first.decidedBy}"><td colspan="2" class="more">${to - from} more ${first.decidedBy === 'character' ? 'words' : 'phrases'}</td><td>${count}</td><td class="decided">${decided(first.decidedBy, review)}</td><td colspan="2"><details><summary class="more">each with its reading and count; their places are in the .tsv</summary><div class="zh" lang="zh-Hans">`);
  for (let k = from; k < to; k++) {
    const g = groups[k];
    const { word, reads } = g;
    // Each item encoded in place (escaped as it goes): a character read alone has thousands.
    const b = out.reserve((word.length + reads.length) * ESCAPED_BYTES + open.length * 3 + NUMBER_BYTES + 16);
    let at = out.at;
    if (k > from) at = encodeString(b, at, BETWEEN);
    at = encodeEscaped(b, at, word);
    at = encodeString(b, at, open);
    at = encodeEscaped(b, at, reads);
    at = encodeString(b, at, CLOSE);
    if (g.count > 1) {
      at = encodeString(b, at, TIMES);
      at = encodeInteger(b, at, g.count);
    }
    out.at = at;
  }
  out.string('</div></details></td></tr>');
}

const BETWEEN = ' · ';
const CLOSE = '</span>';
const TIMES = ' ×';

const rank = (r: ReviewRow) => (r.decidedBy === 'character' ? 0 : r.decidedBy === 'phrase' ? 1 : 2);

function group(g: Group, review: EditionReview, where: PlaceNamer): string {
  const e = escapeXml;
  const first = g.first;
  const lang = review.edition;
  const { word: phrase, reads } = g;
  const places = shownRows(g).map((r) => {
    const ctx = printedContext(r);
    return `<div><span class="zh" lang="${e(lang)}">${e(ctx.before)}<mark>${e(r.chosen)}</mark>${e(ctx.after)}</span> <span class="where">${e(where(r))}</span></div>`;
  });
  const more = g.count > SHOWN ? `<div class="more">and ${g.count - SHOWN} more (all in the .tsv)</div>` : '';
  const later = first.later.length ? `<div class="more">then ${e(first.later.join(', '))}</div>` : '';
  const was = first.acceptedAs !== undefined ? `<div class="was">accepted as ${e(first.acceptedAs)}, now reads ${e(reads)}</div>` : '';
  return `<tr class="group ${first.decidedBy}"><td class="zh" lang="zh-Hans">${e(phrase)}</td><td class="zh" lang="${e(lang)}">${e(reads)}${was}</td><td>${g.count}</td><td class="decided">${decided(first.decidedBy, review)}${later}</td><td>${places.join('')}${more}</td><td>${glossaryLines(first)}</td></tr>`;
}


/**
 * For a rewritten word, one more line: the word with the Han characters
 * beside it, read plain (collect.ts works it out). OpenCC matches a Taiwan
 * word with no regard to the words around it (收集成功 → 收整合功: 集成
 * inside 收集|成功); this line keeps the plain reading at this place and
 * leaves the word's other uses alone.
 */
function aroundLine(r: ReviewRow): string {
  if (!r.around) return '';
  return `<div class="more">here only: <code class="zh">${escapeXml(`${r.around.word}\t${r.around.reads}`)}</code></div>`;
}

/** One line per form the character could take in the word, the current one first; none without a word. */
function glossaryLines(r: ReviewRow): string {
  const e = escapeXml;
  if (!r.word || r.decidedBy === 'glossary') return r.decidedBy === 'glossary' ? '<span class="more">in the glossary</span>' : '<span class="more">no word around it</span>';
  // A word reads as one of its forms whole: the regional one, or the plain Traditional.
  if (r.decidedBy === 'vocabulary') return r.alternatives.map((f) => `<div${f === r.chosen ? ' class="current"' : ''}><code class="zh">${e(`${r.word}\t${f}`)}</code></div>`).join('') + aroundLine(r);
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
