import { createRequire } from 'node:module';
import type { EditionTag } from '../config/editions.ts';
import type { Diagnostics } from '../diagnostics.ts';
import type { Book } from '../model/book.ts';
import { mapBookStrings } from '../model/strings.ts';
import { textUnits } from '../model/walk.ts';
import { convertUnit, type StringConverter } from './convert-unit.ts';
import { loadGlossary, type Glossary } from './glossary.ts';
import { compileChain, type ChainConfig } from './opencc-trie.ts';
import type { Transform, TransformContext } from './transform.ts';

/** OpenCC target per Traditional edition: Taiwan with phrases (s2twp), Hong Kong (s2hk). */
const TARGET: Partial<Record<EditionTag, string>> = { 'zh-Hant-TW': 'twp', 'zh-Hant-HK': 'hk' };

const converters = new Map<string, StringConverter>();

/**
 * opencc-js's presets, read when the first conversion is asked for: a build
 * of the Simplified edition alone never loads its 1.1 MB of dictionaries.
 * Its CommonJS build, which carries the same presets, for the reason zod is
 * loaded so (config/zod.ts).
 */
function presets(): Record<string, ChainConfig> | undefined {
  // opencc-js's types leave out the normalisation chain its presets carry.
  return (createRequire(import.meta.url)('opencc-js/cn2t') as { Locale: { configs?: Record<string, ChainConfig> } }).Locale.configs;
}

/**
 * opencc-js's conversion from Simplified (its `Converter({ from: 'cn', to })`),
 * through our faster reader of its dictionaries (opencc-trie.ts), whose
 * tries are built once per target per process.
 */
export function openccFor(edition: EditionTag): StringConverter {
  const to = TARGET[edition];
  if (!to) throw new Error(`no OpenCC conversion for edition ${edition}`);
  let c = converters.get(to);
  if (!c) converters.set(to, (c = compileChain(openccConfig(edition))));
  return c;
}

/** The opencc-js preset an edition converts with (the review explains its decisions). */
export function openccConfig(edition: EditionTag): ChainConfig {
  const to = TARGET[edition];
  if (!to) throw new Error(`no OpenCC conversion for edition ${edition}`);
  const config = presets()?.[`s2${to}`];
  if (!config) throw new Error(`opencc-js has no s2${to} preset`);
  return config;
}

/** Stands in for a protected stretch while OpenCC runs; it is in no OpenCC dictionary. */
export const PLACEHOLDER = '\uE000';
/** Latin words, and the placeholder itself should the text already hold one. */
const ALWAYS_PROTECTED = '\\p{Script=Latin}+|\\uE000';

/**
 * The edition's converter over plain strings: glossary terms, Latin words and
 * any placeholder character already in the text are swapped for U+E000 (a
 * Private Use Area code point), OpenCC runs, and the protected stretches come
 * back in order. A glossary term so protected is never segmented into a
 * longer OpenCC phrase (libraries.md §4); Latin words are protected because a
 * few s2twp phrases would rewrite them (B超 → 超音波, U盘 → 隨身碟).
 */
export function editionConverter(edition: EditionTag, glossary?: Glossary): StringConverter {
  const opencc = openccFor(edition);
  const terms = glossary?.entries.length ? glossary : undefined;
  const protect = protectedStretches(terms);
  return (s: string) => {
    const { masked, saved } = maskProtected(s, protect, terms);
    if (saved.length === 0) return opencc(s);
    const out = unmask(opencc(masked), saved);
    if (out === undefined) throw new Error(`OpenCC changed the number of placeholders in '${s.slice(0, 40)}'`);
    return out;
  };
}

/**
 * `s` with each protected stretch (protectedStretches) swapped for
 * PLACEHOLDER, and what each stands for, in order: a glossary term's
 * target, or the stretch itself. The review's explainer masks as the
 * converter does with this.
 */
export function maskProtected(s: string, protect: RegExp, terms?: Glossary): { masked: string; saved: string[] } {
  const saved: string[] = [];
  const masked = s.replace(protect, (m: string, term?: string) => {
    saved.push(terms && typeof term === 'string' ? terms.targetOf(term) : m);
    return PLACEHOLDER;
  });
  return { masked, saved };
}

/** A masked text's reading with each placeholder given back what it stands for; undefined when the reading holds another number of placeholders. */
export function unmask(read: string, saved: readonly string[]): string | undefined {
  let k = 0;
  const out = read.replace(/\uE000/gu, () => saved[k++] ?? PLACEHOLDER);
  return k === saved.length ? out : undefined;
}

/**
 * What is masked before OpenCC runs: group 1 a glossary term, anything else
 * a Latin word or a placeholder already in the text.
 */
export function protectedStretches(glossary?: Glossary): RegExp {
  const terms = glossary?.entries.length ? glossary : undefined;
  // Glossary first, in a group of its own: a term made of or starting with Latin letters (AI, C语言) is the author's.
  return new RegExp(terms ? `(${terms.pattern()})|${ALWAYS_PROTECTED}` : ALWAYS_PROTECTED, 'gu');
}

/**
 * Simplified → Traditional over the whole book model: every text unit (body,
 * headings, poems, captions, table cells, footnotes), chapter labels and
 * titles, the chapter metadata and the book's metadata. Code spans and link
 * targets are not text nodes and are never seen.
 */
export const openccTransform: Transform = {
  name: 'opencc',
  // Whole-book: the glossary is loaded once and its unused entries are known only at the end.
  book(book: Book, ctx: TransformContext) {
    const glossary = ctx.manuscriptDir ? loadGlossary(ctx.manuscriptDir, ctx.edition, ctx.diagnostics) : undefined;
    const converter = editionConverter(ctx.edition, glossary);
    const known = ctx.readings;
    const convert: StringConverter = known?.size ? (s) => known.get(s) ?? converter(s) : converter;
    for (const unit of textUnits(book)) convertUnit(unit.parts, convert);
    mapBookStrings(book, convert);
    if (glossary) reportUnused(glossary, ctx.diagnostics);
  },
};

/** An entry that never matched is most often a source typed in Traditional or with a typo. */
function reportUnused(glossary: Glossary, diagnostics: Diagnostics): void {
  for (const e of glossary.entries) {
    if (glossary.used.has(e)) continue;
    diagnostics.info('glossary:unused', `'${e.source}' does not occur in the book (write sources as the manuscript does, in Simplified)`, {
      file: glossary.file,
      line: e.line,
    });
  }
}
