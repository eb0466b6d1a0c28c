import { relative } from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';

/** `path:line[:column] severity message [rule-id]`, path relative to where the command was run. */
export function formatDiagnostic(d: Diagnostic, cwd: string): string {
  let where = '';
  if (d.file) {
    const rel = relative(cwd, d.file) || d.file;
    where = rel + (d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : '');
  }
  return `${where ? `${where} ` : ''}${d.severity} ${d.message} [${d.rule}]`;
}

export function summaryLine(diagnostics: Diagnostic[]): string {
  const n = (s: Diagnostic['severity']) => diagnostics.filter((d) => d.severity === s).length;
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  return `${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}, ${plural(n('info'), 'note')}`;
}
