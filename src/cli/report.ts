import { relative } from 'node:path';
import type { BuildResult } from '../build/api.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { codePointName, CONTROL_CHAR } from '../text/chars.ts';

/** What a user reads for each severity: the lowest is a note, in each line as in the summary and the README. */
export const SEVERITY_WORD: Record<Diagnostic['severity'], string> = { error: 'error', warning: 'warning', info: 'note' };

/** `path:line[:column] severity message [rule-id]`, path relative to where the command was run. */
export function formatDiagnostic(d: Diagnostic, cwd: string): string {
  let where = '';
  if (d.file) {
    const rel = relative(cwd, d.file) || d.file;
    where = rel + (d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : '');
  }
  return shown(`${where ? `${where} ` : ''}${SEVERITY_WORD[d.severity]} ${d.message} [${d.rule}]`);
}

/**
 * Control characters and direction overrides a file name or a quoted value
 * carries, written as <U+0007>: printed as they are, an escape would act on
 * the terminal, and U+202E would turn the rest of the line around. The
 * characters a book may not carry (CONTROL_CHAR), and the carriage return,
 * which may end a chapter's line but would send the terminal back over it.
 */
const UNPRINTABLE = new RegExp(`[\\r${CONTROL_CHAR.source.slice(1)}`, 'gu');

function shown(line: string): string {
  return line.replace(UNPRINTABLE, (c) => `<${codePointName(c)}>`);
}

/**
 * Diagnostics as an author reads them, top to bottom: each file's findings
 * together, files in the order they were first reported (the reading order
 * of the chapters, which `order` may set), and by line and column inside a
 * file. Stages report in passes (quotes, then fonts), which would otherwise
 * put line 15 before line 3.
 */
export function inReadingOrder(diagnostics: Diagnostic[]): Diagnostic[] {
  const fileRank = new Map<string | undefined, number>();
  for (const d of diagnostics) if (!fileRank.has(d.file)) fileRank.set(d.file, fileRank.size);
  // Array.prototype.sort is stable: findings at one place keep the order they came in.
  return [...diagnostics].sort((a, b) => fileRank.get(a.file)! - fileRank.get(b.file)! || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** Notes of one rule in one file that `check` prints in full; the rest are counted on one line. */
export const NOTES_OF_A_KIND = 3;

/**
 * Diagnostics in reading order with each file's notes of one rule cut to the
 * first few and a line that counts the rest: a chapter of dialogue gets a
 * punct:quotes note per line, which would bury the one note that matters.
 * Errors and warnings are never cut.
 */
export function withRepeatedNotesCounted(ordered: Diagnostic[], keep = NOTES_OF_A_KIND): Diagnostic[] {
  const total = new Map<string, number>();
  const key = (d: Diagnostic) => `${d.file ?? ''}\u0000${d.rule}`;
  for (const d of ordered) if (d.severity === 'info') total.set(key(d), (total.get(key(d)) ?? 0) + 1);
  const seen = new Map<string, number>();
  const out: Diagnostic[] = [];
  for (const d of ordered) {
    if (d.severity !== 'info') {
      out.push(d);
      continue;
    }
    const k = key(d);
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    const all = total.get(k)!;
    // Cutting one note would print a line in its place: only a run longer than that is cut.
    if (n <= keep || all === keep + 1) out.push(d);
    else if (n === keep + 1) out.push({ ...d, message: `${all - keep} more notes like these in this file, from this line on (--verbose lists each)` });
  }
  return out;
}

export function summaryLine(diagnostics: Diagnostic[]): string {
  const n = (s: Diagnostic['severity']) => diagnostics.filter((d) => d.severity === s).length;
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  return `${plural(n('error'), SEVERITY_WORD.error)}, ${plural(n('warning'), SEVERITY_WORD.warning)}, ${plural(n('info'), SEVERITY_WORD.info)}`;
}

/** The fonts each edition embeds, then the files written: file, size, pages and time. */
export function summaryTable(result: BuildResult, cwd: string): string {
  const lines: string[] = [];
  for (const f of result.fonts) {
    const size = f.subsetBytes === undefined ? 'subset in each PDF' : `subset ${(f.subsetBytes / 1024).toFixed(0)} KiB`;
    lines.push(`font ${f.edition} ${f.role}: ${f.label}, ${f.glyphs} characters, ${size}`);
  }
  const rows = result.outputs.map((o) => [`wrote ${relative(cwd, o.path) || o.path}`, `${(o.bytes / 1024).toFixed(0)} KiB`, o.pages === undefined ? '' : `${o.pages} pages`, `${(o.ms / 1000).toFixed(2)} s`]);
  const widths = [0, 1, 2, 3].map((c) => Math.max(0, ...rows.map((r) => r[c].length)));
  for (const r of rows) lines.push(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd());
  return lines.length ? `${lines.join('\n')}\n` : '';
}
