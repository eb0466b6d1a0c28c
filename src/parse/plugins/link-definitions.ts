import type { MarkdownIt, StateBlock, StateCore, Token } from 'markdown-it';
import type { ParseEnv } from '../env.ts';
import { blockLine, wrapBlockRule } from './wrap-block-rule.ts';

/**
 * `[旁白]: 夜深了，众人散去。` is a link reference definition to CommonMark,
 * its "URL" the sentence, and a definition is never printed: the paragraph
 * vanished. Authors type the half-width colon all the time. A definition whose
 * destination is prose (Han or Chinese punctuation, and not the start of a
 * URL or a path) is left to the paragraph rule, so its text is set and
 * normalised like any other; `[维基]: https://zh.wikipedia.org/wiki/图灵`
 * still defines a link. A real definition no link uses is still not printed,
 * so that is reported: it is how an ASCII slip (`[A]: note`) shows.
 */
export function linkDefinitionsPlugin(md: MarkdownIt): void {
  wrapBlockRule(md, 'reference', (original) => (state, startLine, endLine, silent) => {
    const tokenCount = state.tokens.length;
    const lineBefore = state.line;
    const refs = state.env.references as Record<string, unknown> | undefined;
    const known = refs ? Object.keys(refs).length : 0;
    if (!original(state, startLine, endLine, silent)) return false;
    // Nothing asks this rule silently (it interrupts no other block); were it asked, it could not undo a guess.
    if (silent || !isProse(destination(state, startLine, state.line))) return true;
    const label = (state.tokens[tokenCount]?.meta as { label?: string } | undefined)?.label;
    const after = state.env.references as Record<string, unknown> | undefined;
    // Only a label this definition added is taken back: an earlier definition of it stands.
    if (label !== undefined && after && Object.keys(after).length > known) delete after[label];
    state.tokens.length = tokenCount;
    state.line = lineBefore;
    return false;
  });
  // markdown-it strips the definitions before the inline pass that shows which ones links use.
  md.core.ruler.before('strip_references', 'keep_definitions', (state: StateCore) => {
    const defs = state.tokens.filter((t) => t.type === 'reference_definition');
    if (defs.length) definitions.set(state.env, defs);
  });
  md.core.ruler.after('inline', 'unused_definition', reportUnused);
}

const definitions = new WeakMap<object, Token[]>();

/** The destination as typed: what follows `]:` (on its line or the next) up to the first space. */
function destination(state: StateBlock, from: number, to: number): string {
  const lines: string[] = [];
  for (let l = from; l < to; l++) lines.push(blockLine(state, l));
  const text = lines.join('\n');
  let i = 1;
  while (i < text.length && text[i] !== ']') i += text[i] === '\\' ? 2 : 1;
  return /^\S*/u.exec(text.slice(i + 2).trimStart())![0];
}

const CHINESE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’—…]/u;
/** A scheme (`https:`, `mailto:`), a path (`/`, `./`, `../`), an anchor, `www.` or `<…>`: what only a link starts with. */
const LINK_START = /^(?:<|[a-z][a-z0-9+.-]*:|\.{0,2}\/|#|www\.)/iu;

function isProse(dest: string): boolean {
  return CHINESE.test(dest) && !LINK_START.test(dest);
}

function reportUnused(state: StateCore): void {
  const defs = definitions.get(state.env);
  if (!defs) return;
  definitions.delete(state.env);
  const env = state.env as unknown as ParseEnv;
  const used = new Set<string>();
  for (const tok of state.tokens) {
    if (tok.type !== 'inline') continue;
    // Every bracketed run counts as a use: a reference link's text or its label; a warning too few beats one too many.
    for (const m of tok.content.matchAll(BRACKETED)) used.add(state.md.utils.normalizeReference(m[1]));
  }
  for (const def of defs) {
    const label = (def.meta as { label: string }).label;
    if (used.has(label)) continue;
    const line = def.map?.[0] ?? 0;
    const typed = state.src.split('\n', line + 1)[line].trim();
    const shown = [...typed].length > 40 ? `${[...typed].slice(0, 40).join('')}…` : typed;
    env.diagnostics.warn('parse:unused-definition', `'${shown}' is read as a link definition, which is not printed, and no link uses it; the line is left out of the book (to set it as text, write \\[ for its [)`, {
      file: env.file,
      line: line + 1,
    });
  }
}

const BRACKETED = /\[((?:[^[\]\\]|\\.)*)\]/gsu;
