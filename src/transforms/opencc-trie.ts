import { pointAt, unitAt } from '../text/code-units.ts';

/**
 * opencc-js's conversion, over opencc-js's own dictionaries and configs,
 * reading the same answer faster (docs/performance.md).
 *
 * opencc-js runs a Taiwan conversion as four passes over each string
 * (normalise, segment, two conversion tries), each a longest-prefix walk
 * through nested Maps that allocates a match object and a string piece per
 * word, on the thread that also sets the Taiwan PDF. Here segmentation and
 * the first conversion share one trie (their dictionaries overlap almost
 * wholly), the root is an array indexed by code unit, a matched word's whole
 * conversion is worked out once and kept on its node, and nothing is
 * allocated per match.
 *
 * The semantics are opencc-js 1.4's, rule for rule: a dictionary group's
 * first dictionary wins, a later entry of one dictionary replaces an earlier
 * one, matches are longest-prefix, an ideographic description sequence
 * (U+2FF0–U+2FFF) is never split, and each segment goes through the chain on
 * its own. tests/opencc-trie.test.ts holds it to opencc-js's own Converter
 * on whole books and on every dictionary entry.
 */

/** A dictionary as opencc-js stores one: `source target|source target|…`, or pairs. */
export type Dict = string | ReadonlyArray<readonly [string, string]>;
export type DictGroup = readonly Dict[];

/** A preset's config, as opencc-js's Locale.configs holds it. */
export interface ChainConfig {
  normalizationChain?: readonly DictGroup[];
  segmentation?: Dict | DictGroup;
  conversionChain: readonly DictGroup[];
}

class TrieNode {
  next: Map<number, TrieNode> | undefined = undefined;
  /** Whether a segmentation word ends here. */
  word = false;
  /** The conversion this trie's own dictionaries give the key ending here. */
  value: string | undefined = undefined;
  /** For a segmentation word: its conversion through the whole chain, once asked for. */
  converted: string | undefined = undefined;
}

/** A trie keyed by code point; the root's children sit in an array indexed by BMP code unit. */
export class Trie {
  private readonly bmp: Array<TrieNode | undefined> = new Array(0x10000).fill(undefined);
  private readonly astral = new Map<number, TrieNode>();
  /**
   * A bit per hash of each pair of BMP characters some key of two or more
   * characters starts with. Most characters start some phrase, but few of
   * the characters after them go on to one: the walk's first step into a
   * child map, at nearly every position of a book, mostly finds nothing, and
   * that lookup (a hash map the size of the character's phrases, rarely in
   * the cache) was most of the walk. A clear bit says it would find nothing;
   * a set bit may be another pair's, and the map decides.
   */
  private readonly pairs = new Int32Array(PAIR_BITS >>> 5);
  /** The node of the last match `longest` found. */
  hit: TrieNode | undefined = undefined;

  /** The root's child for a code point, made when missing. */
  private rootChild(cp: number): TrieNode {
    let n = cp < 0x10000 ? this.bmp[cp] : this.astral.get(cp);
    if (n === undefined) {
      n = new TrieNode();
      if (cp < 0x10000) this.bmp[cp] = n;
      else this.astral.set(cp, n);
    }
    return n;
  }

  private nodeFor(key: string): TrieNode {
    let node: TrieNode | undefined;
    let first = -1;
    for (const ch of key) {
      const cp = ch.codePointAt(0)!;
      if (node === undefined) {
        node = this.rootChild(cp);
        first = cp;
      } else {
        if (first >= 0) {
          this.notePair(first, cp);
          first = -1;
        }
        node.next ??= new Map();
        let n = node.next.get(cp);
        if (n === undefined) node.next.set(cp, (n = new TrieNode()));
        node = n;
      }
    }
    if (node === undefined) throw new TypeError('an OpenCC dictionary has an empty source');
    return node;
  }

  private notePair(first: number, second: number): void {
    if (first > 0xffff || second > 0xffff) return;
    const h = pairHash(first, second);
    this.pairs[h >>> 5] |= 1 << (h & 31);
  }

  /** Loads a group as opencc-js does: last dictionary first, so the first one's entries win. */
  addValues(group: DictGroup): void {
    for (const dict of [...group].reverse()) forEachEntry(dict, (source, target) => (this.nodeFor(source).value = target));
  }

  addWords(group: DictGroup): void {
    for (const dict of group) forEachEntry(dict, (source) => (this.nodeFor(source).word = true));
  }

  /**
   * The end of the longest key starting at `at` that is a segmentation word
   * (`words`) or has a value (0 for none); its node is `hit`.
   */
  longest(s: string, at: number, words: boolean): number {
    const c = unitAt(s, at);
    let cp = c;
    if (c >= 0xd800 && c < 0xdc00) cp = pointAt(s, at)!;
    let node = cp < 0x10000 ? this.bmp[cp] : this.astral.get(cp);
    let i = at + (cp > 0xffff ? 2 : 1);
    let end = 0;
    while (node !== undefined) {
      if (words ? node.word : node.value !== undefined) {
        end = i;
        this.hit = node;
      }
      if (node.next === undefined || i >= s.length) break;
      const before = cp;
      cp = pointAt(s, i)!;
      // The first step from a BMP character to a BMP character: no key starts with this pair unless its bit is set.
      if (i === at + 1 && cp <= 0xffff && !this.mayStartKey(before, cp)) break;
      i += cp > 0xffff ? 2 : 1;
      node = node.next.get(cp);
    }
    return end;
  }

  /**
   * Whether a key of two or more characters may start with these two BMP
   * code units: false only when none does (the pair filter's bit is clear).
   * The review reads a run character by character when no later stage's key can start in it.
   */
  mayStartKey(first: number, second: number): boolean {
    const h = pairHash(first, second);
    return (this.pairs[h >>> 5] & (1 << (h & 31))) !== 0;
  }

  /** The value of a one-character key (the review reads a run's characters one by one). */
  charValue(cp: number): string | undefined {
    return (cp < 0x10000 ? this.bmp[cp] : this.astral.get(cp))?.value;
  }

  /** opencc-js's Trie.convert: longest match from each position, unmatched text kept. */
  convert(s: string): string {
    let out = '';
    let kept = 0;
    let i = 0;
    while (i < s.length) {
      const end = this.longest(s, i, false);
      if (end > 0) {
        if (i > kept) out += s.slice(kept, i);
        out += this.hit!.value!;
        i = kept = end;
      } else i += unmatchedLength(s, i);
    }
    return kept === 0 ? s : out + s.slice(kept);
  }
}

/** Bits in a trie's pair filter: 128 KiB, about thirty times the pairs s2twp's main trie starts keys with (3% of the bits set). */
const PAIR_BITS = 1 << 20;

/** Which of PAIR_BITS a pair of BMP code points sets. */
function pairHash(first: number, second: number): number {
  return (Math.imul(first, 0x9e3779b1) ^ Math.imul(second, 0x85ebca77)) >>> 12;
}

function forEachEntry(dict: Dict, each: (source: string, target: string) => void): void {
  if (typeof dict !== 'string') {
    for (const [source, target] of dict) each(source, target);
    return;
  }
  for (const entry of dict.split('|')) {
    const [source, target] = entry.split(' ');
    if (typeof target !== 'string') throw new TypeError(`an OpenCC dictionary entry has no target: '${entry}'`);
    each(source, target);
  }
}

/** UTF-16 length of the code point at i. */
function width(s: string, i: number): number {
  return pointAt(s, i)! > 0xffff ? 2 : 1;
}

/** Operands of an ideographic description character (⿰ takes 2, ⿲ 3), else 0. */
function idsArity(cp: number | undefined): number {
  if (cp === undefined || cp < 0x2ff0 || cp > 0x2fff) return 0;
  return cp >= 0x2ff2 && cp <= 0x2ff3 ? 3 : 2;
}

/** Where a whole description sequence starting at i ends, or 0 when none starts there or it is cut short. */
function idsEnd(s: string, i: number): number {
  const arity = idsArity(pointAt(s, i));
  if (arity === 0) return 0;
  let at = i + width(s, i);
  for (let k = 0; k < arity; k++) {
    if (at >= s.length) return 0;
    at = idsEnd(s, at) || at + width(s, at);
  }
  return at;
}

/** How far an unmatched position advances: one code point, or a whole description sequence. */
export function unmatchedLength(s: string, i: number): number {
  if (unitAt(s, i) < 0x2ff0 || unitAt(s, i) > 0x2fff) return width(s, i);
  const end = idsEnd(s, i);
  return end > i ? end - i : width(s, i);
}

/** A config's tries, as the converter walks them (the review's explainer walks the same ones). */
export interface ChainTries {
  normalise: Trie[];
  /** Segmentation words and the first conversion group's values, in one trie. */
  main: Trie;
  /** Whether the config has a first conversion group (main holds values). */
  converts: boolean;
  /** Whether the config segments (main holds words). */
  segments: boolean;
  /** The conversion groups after the first (Taiwan or Hong Kong phrases and variants). */
  later: Trie[];
}

/** Built once per config object: the review explains with the tries the build converted with. */
const compiled = new WeakMap<ChainConfig, ChainTries>();

export function chainTries(config: ChainConfig): ChainTries {
  let tries = compiled.get(config);
  if (tries) return tries;
  const normalise = (config.normalizationChain ?? []).map((group) => {
    const t = new Trie();
    t.addValues(group);
    return t;
  });
  const [first, ...rest] = config.conversionChain;
  // Segmentation and the first conversion share one trie: word flags from the one, values from the other.
  const main = new Trie();
  if (first) main.addValues(first);
  const segmentation = config.segmentation;
  // As opencc-js reads it: an array of strings is a group of dictionaries, anything else one dictionary.
  if (segmentation) main.addWords(Array.isArray(segmentation) && segmentation.every((d) => typeof d === 'string') ? (segmentation as DictGroup) : [segmentation as Dict]);
  const later = rest.map((group) => {
    const t = new Trie();
    t.addValues(group);
    return t;
  });
  tries = { normalise, main, converts: first !== undefined, segments: Boolean(segmentation), later };
  compiled.set(config, tries);
  return tries;
}

/**
 * The converter a config describes, answering as opencc-js's Converter does:
 * normalisation passes over the whole string, then each segment through the
 * conversion chain.
 */
export function compileChain(config: ChainConfig): (s: string) => string {
  const { normalise, main, converts, segments, later } = chainTries(config);

  const chain = (segment: string): string => {
    let s = converts ? main.convert(segment) : segment;
    for (const t of later) s = t.convert(s);
    return s;
  };

  return (text: string): string => {
    let s = text;
    for (const t of normalise) s = t.convert(s);
    if (!segments) return chain(s);
    let out = '';
    let run = -1;
    let i = 0;
    while (i < s.length) {
      const end = main.longest(s, i, true);
      if (end === 0) {
        if (run < 0) run = i;
        i += unmatchedLength(s, i);
        continue;
      }
      // Taken before the run is converted: that walks the same trie and moves `hit`.
      const node = main.hit!;
      if (run >= 0) {
        out += chain(s.slice(run, i));
        run = -1;
      }
      out += node.converted ??= chain(s.slice(i, end));
      i = end;
    }
    return run >= 0 ? out + chain(s.slice(run)) : out;
  };
}
