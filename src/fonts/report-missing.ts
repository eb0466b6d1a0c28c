import type { EditionTag } from '../config/editions.ts';
import type { Diagnostic, Diagnostics } from '../diagnostics.ts';
import type { FontPlan, PlanLocation as Location } from './font-plan.ts';
import { capMissingGlyphs, missingGlyphMessage } from './missing-glyph.ts';
import { simplifiedOf } from './source-form.ts';

/* Where each character no font has is reported: the manuscript's place for it, from the places the font plan found. */

/** One place where a character no font has stands, and the editions it is missing in. */
interface MissingAt {
  cp: number;
  at: Location | undefined;
  editions: EditionTag[];
}

/**
 * Every character the plans found no face for, once per place it stands in
 * the manuscript (file, line and column), however many editions lack it: the
 * editions are named in the one message. The hint says the two ways out.
 */
export function reportMissingGlyphs(
  plans: FontPlan[],
  diagnostics: Diagnostics,
  allow: boolean,
  sourceLine: (file: string, line: number) => string | undefined,
  spans: readonly SourceSpan[] = [],
  settingsFile?: string,
  /** False on a parallel build's thread: the editions' reports are merged, then capped once (build-parallel.ts). */
  capped = true,
): void {
  const places = new Map<string, MissingAt>();
  let firstPlaces: Map<number, Location> | undefined;
  for (const plan of plans) {
    for (const [cp, where] of plan.missing) {
      const onLines = where.filter((at) => at.line);
      // A chapter's text on no line of it (a title taken from the file's name): the file.
      const inFile = where.find((at) => at.file && sourceLine(at.file, 1) !== undefined);
      // Else the book's metadata, which book.yaml holds (a title, an author's name), or an appendix,
      // whose text is the chapters' metadata comments: the first place the spans hold it.
      // A Traditional edition's character stands in the manuscript in its Simplified form (書 as 书):
      // looked up only where the character itself is not found, as it loads OpenCC's reverse tables.
      const source = () => simplifiedOf(cp, plan.edition);
      const elsewhere = () => {
        // An ASCII character on no line is the pipeline's (the font notice's English): book.yaml's values hold such letters too.
        if (cp < 0x80) return where[0];
        firstPlaces ??= placesIn(spans, sourceLine);
        const simplified = firstPlaces.has(cp) ? undefined : source();
        return firstPlaces.get(cp) ?? (simplified === undefined ? undefined : firstPlaces.get(simplified)) ?? where[0];
      };
      const ats = onLines.length ? columnsOf(cp, onLines, sourceLine, source) : [inFile ?? elsewhere()];
      for (const at of ats) {
        const key = JSON.stringify([cp, at?.file, at?.line, at?.column]);
        const place = places.get(key);
        if (place) {
          if (!place.editions.includes(plan.edition)) place.editions.push(plan.edition);
        } else places.set(key, { cp, at, editions: [plan.edition] });
      }
    }
  }
  const reports: Diagnostic[] = [];
  for (const { cp, at, editions } of places.values()) reports.push({ ...at, severity: allow ? 'warning' : 'error', rule: 'font:missing-glyph', message: missingGlyphMessage(cp, editions, allow) });
  for (const d of capped ? capMissingGlyphs(reports, settingsFile) : reports) diagnostics.add(d);
}

/** Lines a character on no chapter line may come from: a whole file (book.yaml, a glossary), or a metadata comment from its first line to the line that closes it. */
export interface SourceSpan {
  file: string;
  comment?: { line: number };
}

/** Each character's first place in the spans, in their order, by line and code-point column: read once, for every missing character. */
function placesIn(spans: readonly SourceSpan[], sourceLine: (file: string, line: number) => string | undefined): Map<number, Location> {
  const first = new Map<number, Location>();
  for (const { file, comment } of spans) {
    for (let line = comment?.line ?? 1; ; line++) {
      const text = sourceLine(file, line);
      if (text === undefined) break;
      // In book.yaml and a glossary, the values only: a letter of the pipeline's own text (the font
      // notice's English) was placed in book.yaml's keys, title: at 1:1.
      const [from, to] = comment ? [0, text.length] : valueOf(text, file);
      let column = 0;
      let u = 0;
      for (const c of text) {
        column++;
        const cp = c.codePointAt(0)!;
        if (u >= from && u < to && !first.has(cp)) first.set(cp, { file, line, column });
        u += c.length;
      }
      if (comment && text.includes('-->')) break;
    }
  }
  return first;
}

/** Where a line's value stands: a glossary's target, after its tab; book.yaml's, after `key: ` or `- `; a comment is none of it. */
function valueOf(text: string, file: string): [number, number] {
  const comment = /(?:^|\s)#/u.exec(text);
  const end = comment ? comment.index : text.length;
  if (file.endsWith('.tsv')) return [text.includes('\t') ? text.indexOf('\t') + 1 : end, end];
  const key = /^\s*(?:-\s+)?(?:[^\s:#'"][^:#]*:(?:\s+|$))?/u.exec(text)![0];
  return [key.length, end];
}

/** Each line the character was found on, as one location per time it stands in that line of the source. */
function columnsOf(cp: number, where: Location[], sourceLine: (file: string, line: number) => string | undefined, source: () => number | undefined): Location[] {
  const out: Location[] = [];
  const seen = new Set<string>();
  for (const at of where) {
    const key = `${at.file}:${at.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const text = at.file && at.line ? sourceLine(at.file, at.line) : undefined;
    const find = (want: number | undefined) => {
      const found: number[] = [];
      if (text === undefined || want === undefined) return found;
      let column = 0;
      for (const c of text) {
        column++;
        if (c.codePointAt(0) === want) found.push(column);
      }
      return found;
    };
    let columns = find(cp);
    if (columns.length === 0) columns = find(source());
    // A converted edition may set a character neither form of which its source line holds: the line alone then.
    if (columns.length === 0) out.push(at);
    for (const column of columns) out.push({ ...at, column });
  }
  return out;
}
