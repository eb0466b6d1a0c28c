import type { MarkdownIt, StateCore } from 'markdown-it';
import type { ParseEnv } from '../env.ts';
import { inlineTexts } from './inline-texts.ts';
import { locatedAt } from '../source-columns.ts';

/** What markdown-it-footnote keeps in the env: each defined label, with the note's number once something refers to it (-1 until then). */
interface FootnoteEnv {
  footnotes?: { refs?: Record<string, number> };
}

/**
 * The footnote slips markdown-it-footnote passes over in silence. A
 * definition nothing refers to (`[^3]: …`) it drops, note and all: here it
 * stays where it is defined, as a paragraph that starts with its label, and
 * the author is told. So does a second definition of one label, of which it
 * would keep only the last: the first is the note, as the first definition of
 * a link is the link. A reference with no definition (`[^2]`) it leaves as
 * text: the author is told that too.
 */
export function footnoteSlipsPlugin(md: MarkdownIt): void {
  md.core.ruler.before('footnote_tail', 'footnote_unreferenced', keepUnreferenced);
  md.core.ruler.push('footnote_undefined', reportUndefined);
}

function keepUnreferenced(state: StateCore): void {
  const refs = (state.env as FootnoteEnv).footnotes?.refs;
  if (!refs) return;
  const env = state.env as unknown as ParseEnv;
  const tokens = state.tokens;
  const defined = new Map<string, number>();
  for (let k = 0; k < tokens.length; k++) {
    if (tokens[k].type !== 'footnote_reference_open') continue;
    const label = (tokens[k].meta as { label: string }).label;
    let end = k + 1;
    while (end < tokens.length && tokens[end].type !== 'footnote_reference_close') end++;
    const inner = tokens.slice(k + 1, end);
    const line = (inner.find((t) => t.map)?.map?.[0] ?? 0) + 1;
    const first = defined.get(label);
    if (first === undefined) defined.set(label, line);
    if (first === undefined && refs[`:${label}`] >= 0) {
      k = end;
      continue;
    }
    const at = locatedAt(env.file, line, env.columns.column(line, `[^${label}]:`));
    if (first !== undefined) {
      const kept = refs[`:${label}`] >= 0 ? 'the note is the first definition, and ' : '';
      env.diagnostics.warn('parse:duplicate-footnote', `footnote [^${label}] is defined twice (first at line ${first}); ${kept}this one is set where it stands, as text`, at);
    } else {
      env.diagnostics.warn('parse:footnote-unreferenced', `footnote [^${label}] is defined but nothing in the text refers to it; its note is set where it is defined, as text`, at);
    }
    const inline = inner.find((t) => t.type === 'inline');
    if (inline) {
      const mark = new state.Token('text', '', 0);
      mark.content = `[^${label}]: `;
      (inline.children ??= []).unshift(mark);
    }
    tokens.splice(k, end - k + 1, ...inner);
    k += inner.length - 1;
  }
}

const REFERENCE = /\[\^([^\]\s]+)\]/gu;

function reportUndefined(state: StateCore): void {
  const refs = (state.env as FootnoteEnv).footnotes?.refs;
  const env = state.env as unknown as ParseEnv;
  for (const { text, line } of inlineTexts(state, (source) => source.includes('[^'))) {
    for (const m of text.matchAll(REFERENCE)) {
      if (refs?.[`:${m[1]}`] !== undefined) continue;
      env.diagnostics.warn('parse:footnote-undefined', `footnote reference [^${m[1]}] has no definition ([^${m[1]}]: …) in this chapter; it is set as text`, locatedAt(env.file, line, env.columns.column(line, m[0])));
    }
  }
}

