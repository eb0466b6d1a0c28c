/* What the explainer reports: one decision per one-to-many character or rewritten word. */
import type { WordChange } from './later-stage.ts';

/**
 * What decided a form: an OpenCC phrase, the character alone, the glossary,
 * or (`vocabulary`) a word the Taiwan or Hong Kong stage writes otherwise
 * (人工智能 → 人工智慧, 接口 → 介面), which no one-to-many character need show.
 */
export type Decider = 'phrase' | 'character' | 'glossary' | 'vocabulary';

/** No later rewrite: one array for every decision that has none. */
export const NONE: readonly string[] = Object.freeze([]);

/** One character with a one-to-many choice, or one word the regional stage rewrote, and why the edition reads it as it does. */
export interface Decision {
  /** Code-point index in the string explained (of the word's first character, for a word). */
  index: number;
  /** The character; for `vocabulary`, the Simplified word. */
  source: string;
  /** What the book carries for it; a whole word when a later stage replaced the word (联系 → 聯絡). */
  chosen: string;
  decidedBy: Decider;
  /** The OpenCC phrase or glossary term that decided; empty when the character alone did. */
  phrase: string;
  /** Where the character stands in the phrase, in code points. */
  offset: number;
  /** The phrase as the edition reads it. */
  phraseOut: string;
  /** What a later stage (Taiwan or Hong Kong phrases and variants) rewrote, as `from→to`. */
  later: readonly string[];
  /** The edition's alternatives for the character, OpenCC's first candidate first; for a word, the regional reading and the plain one. */
  alternatives: readonly string[];
}

/** A rewritten word's decision, its first character at `index`. */
export function wordDecision(w: WordChange, index: number): Decision {
  return {
    index,
    source: w.source,
    chosen: w.chosen,
    decidedBy: 'vocabulary',
    phrase: w.source,
    offset: 0,
    phraseOut: w.chosen,
    later: [`${w.key}→${w.value}`],
    alternatives: w.chosen === w.key ? [w.chosen] : [w.chosen, w.key],
  };
}
