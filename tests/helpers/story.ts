import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isHan } from '../../src/text/chars.ts';

/** Counts Han characters with multiplicity, for the no-character-lost checks. */
function hanMultiset(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const ch of text) if (isHan(ch)) m.set(ch, (m.get(ch) ?? 0) + 1);
  return m;
}

/** Story text of a manuscript folder: every chapter file with its metadata comment removed. */
export function storyText(dir: string): string {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.md'))
    .map((n) => readFileSync(join(dir, n), 'utf8').replace(/<!--[\s\S]*?-->/gu, ''))
    .join('\n');
}

/**
 * The story text a printed page shows: an image's description (the alt of
 * `![alt](src "caption")`) is for screen readers, and only its caption is printed.
 */
export function printedStoryText(dir: string): string {
  return storyText(dir).replace(/!\[[^\]]*\]\(([^)\s]+)\s+"([^"]*)"\)/gu, '$2');
}

/** Han characters of `expected` missing from `actual`, counted with multiplicity. */
export function missingHan(expected: string, actual: string): Array<[string, number]> {
  const want = hanMultiset(expected);
  const have = hanMultiset(actual);
  const missing: Array<[string, number]> = [];
  for (const [ch, n] of want) if ((have.get(ch) ?? 0) < n) missing.push([ch, n - (have.get(ch) ?? 0)]);
  return missing;
}

/**
 * Han characters `actual` holds more often than `expected`, with the surplus:
 * what `missingHan` cannot see, a renderer that writes a paragraph twice.
 * Assert it only where the output is the story text and nothing else. On the
 * sample book and the lone-chapter fixture, the EPUB chapter documents
 * (c001.xhtml …) hold exactly their chapter's Han characters, in every edition
 * (measured: no surplus); the PDFs do not, and rightly: running heads repeat
 * the book's and chapter's titles, and the title page, contents and appendices
 * add theirs (528 surplus characters on the sample book, 207 on the fixture).
 */
export function extraHan(expected: string, actual: string): Array<[string, number]> {
  return missingHan(actual, expected);
}

/** The metadata comment's field values, as the manuscript writes them. */
export function metadataValues(dir: string): string[] {
  const values: string[] = [];
  for (const n of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
    const comment = /<!--([\s\S]*?)-->/u.exec(readFileSync(join(dir, n), 'utf8'))?.[1] ?? '';
    for (const m of comment.matchAll(/^\s*-\s*[^：:\n]+[：:]\s*(.+)$/gmu)) values.push(m[1].trim());
  }
  return values;
}
