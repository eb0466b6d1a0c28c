import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { EditionTag } from '../config/editions.ts';
import { BuildError, type Diagnostics } from '../diagnostics.ts';
import { codePointName, CONTROL_CHAR } from '../text/chars.ts';
import { isOutside } from '../load/outside.ts';
import { BROKEN_LINK, isBrokenLink } from '../files/broken-link.ts';
import { decodeUtf8 } from '../files/decode-utf8.ts';
import { punctuationAmongHan } from './punctuation.ts';

export interface GlossaryEntry {
  source: string;
  target: string;
  line: number;
}

/**
 * An edition's own renderings of names and terms (glossary.<edition>.tsv in
 * the manuscript folder). Sources are written as the manuscript writes them
 * (Simplified); targets are final and are not converted again.
 */
export class Glossary {
  private readonly bySource: Map<string, GlossaryEntry>;
  /** Entries that matched somewhere, so unused ones (often a typo in the source) can be reported. */
  readonly used = new Set<GlossaryEntry>();

  /**
   * `readAs`: how the text a source is matched against writes it, where that
   * differs from the source as typed (the book's punctuation is normalised
   * before the glossary applies). Both forms match; a form another entry
   * names as its own source stays that entry's.
   */
  constructor(
    readonly file: string,
    readonly entries: readonly GlossaryEntry[],
    readAs?: (source: string) => string,
  ) {
    this.bySource = new Map(entries.map((e) => [e.source, e]));
    if (readAs) {
      for (const e of entries) {
        const read = readAs(e.source);
        if (!this.bySource.has(read)) this.bySource.set(read, e);
      }
    }
  }

  /**
   * A regular-expression alternation of every source, longest first: at each
   * position the engine takes the first alternative that matches, so this is
   * leftmost-longest matching, run in native code.
   */
  pattern(): string {
    return [...this.bySource.keys()]
      .sort((a, b) => b.length - a.length)
      .map((s) => s.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&'))
      .join('|');
  }

  /** The target for a matched source, noting the entry as used. */
  targetOf(source: string): string {
    const entry = this.bySource.get(source)!;
    this.used.add(entry);
    return entry.target;
  }
}

export function glossaryFileName(edition: EditionTag): string {
  return `glossary.${edition}.tsv`;
}

/** Reads the edition's glossary from the manuscript folder; none there is no glossary. */
export function loadGlossary(dir: string, edition: EditionTag, diagnostics: Diagnostics): Glossary | undefined {
  // A source is typed as the manuscript types it (AI...), and met in the book as normalised (AI……).
  return loadPairFile(dir, glossaryFileName(edition), 'glossary', diagnostics, punctuationAmongHan);
}

/**
 * A `source<TAB>target` file of the manuscript folder in the glossary's rules
 * (the glossary, the review's accepted phrases), its problems reported under
 * `rule:`; none there, or no entries, is undefined.
 */
export function loadPairFile(dir: string, name: string, rule: string, diagnostics: Diagnostics, readAs?: (source: string) => string): Glossary | undefined {
  const file = join(dir, name);
  if (isBrokenLink(file)) {
    diagnostics.error(`${rule}:unreadable`, `${name} ${BROKEN_LINK}`, { file });
    return undefined;
  }
  if (!existsSync(file)) return undefined;
  // A symlink may point anywhere; the file belongs to the manuscript like its chapters.
  if (isOutside(realpathSync(dir), realpathSync(file))) {
    diagnostics.error(`${rule}:outside-folder`, `${name} lies outside the manuscript folder`, { file });
    return undefined;
  }
  let text: string;
  try {
    // As a chapter is read: a file saved as GB18030 or Big5 is named so, with the command that converts it, at its first bad line.
    text = decodeUtf8(readFileSync(file), file, name, `${rule}:unreadable`);
  } catch (e) {
    if (e instanceof BuildError) for (const d of e.diagnostics) diagnostics.add(d);
    else diagnostics.error(`${rule}:unreadable`, `${name} cannot be read`, { file });
    return undefined;
  }
  const entries = parseGlossary(text, file, diagnostics, rule);
  return entries.length ? new Glossary(file, entries, readAs) : undefined;
}

/**
 * `source<TAB>target` per line. `#` at the start of a line or after a blank
 * starts a comment (so `C#` is a term, `夏農 # why` is a target and a note);
 * blank lines are skipped. A malformed line is an error at its line and is
 * left out.
 */
export function parseGlossary(text: string, file: string, diagnostics: Diagnostics, rule = 'glossary'): GlossaryEntry[] {
  const entries: GlossaryEntry[] = [];
  const seen = new Map<string, number>();
  text
    .replace(/^\uFEFF/u, '')
    .split(/\r?\n/u)
    .forEach((raw, i) => {
      const line = i + 1;
      const body = raw.replace(/(^|\s)#.*$/u, '');
      if (body.trim() === '') return;
      const bad = (message: string) => diagnostics.error(`${rule}:malformed`, message, { file, line });
      const fields = body.split('\t');
      if (fields.length !== 2) {
        // An editor that turns tabs into spaces, or an input method's full-width space, leaves a space where the tab was.
        const spaced = fields.length < 2 && /^\s*\S+[ \u3000]+\S+\s*$/u.test(body);
        bad(
          fields.length >= 2
            ? 'expected one tab between source and target, found several'
            : spaced
              ? 'expected source<TAB>target, found a space between them where the tab belongs (an editor may have turned the tab into spaces)'
              : 'expected source<TAB>target, found no tab',
        );
        return;
      }
      const [source, target] = fields.map((f) => f.trim());
      if (source === '' || target === '') {
        bad(`the ${source === '' ? 'source' : 'target'} is empty`);
        return;
      }
      if (/[\uE000-\uF8FF]/u.test(source + target)) {
        bad('private-use characters are reserved for the converter');
        return;
      }
      // A target is written into the book as it stands, so it must be text XML can hold.
      const control = CONTROL_CHAR.exec(source + target)?.[0];
      if (control) {
        bad(`control character ${codePointName(control)} in an entry`);
        return;
      }
      const first = seen.get(source);
      if (first !== undefined) {
        diagnostics.error(`${rule}:duplicate`, `'${source}' is already defined at line ${first}`, { file, line });
        return;
      }
      seen.set(source, line);
      entries.push({ source, target, line });
    });
  return entries;
}
