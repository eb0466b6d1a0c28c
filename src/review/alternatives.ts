import type { ChainTries } from '../transforms/opencc-trie.ts';
import { ST_ALTERNATIVES } from './st-alternatives.ts';

/**
 * OpenCC's candidates for each Simplified character that has several
 * (STCharacters.txt; opencc-js keeps only the first), first candidate first.
 */
export function stCandidates(): ReadonlyMap<string, readonly string[]> {
  return (candidates ??= new Map(
    ST_ALTERNATIVES.split('\n').map((line) => {
      const [source, list] = line.split('\t');
      return [source, list.split(' ')] as const;
    }),
  ));
}
let candidates: Map<string, readonly string[]> | undefined;

/**
 * The alternatives an edition can give each character: OpenCC's candidates
 * taken through the edition's later stages (Taiwan or Hong Kong phrases and
 * variants) as the chain takes them, so 裏 reads 裡 in Taiwan and 臺 reads 台
 * in Hong Kong; candidates that become the same form count once. Only
 * characters left with two or more are kept: the others are no choice.
 */
export function editionAlternatives(tries: ChainTries): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  for (const [source, list] of stCandidates()) {
    const forms = [...new Set(list.map((c) => tries.later.reduce((s, t) => t.convert(s), c)))];
    if (forms.length > 1) out.set(source, forms);
  }
  return out;
}
