// Our reader of opencc-js's dictionaries (src/transforms/opencc-trie.ts)
// against opencc-js itself: the same config must give the same string, for
// whole books, for every dictionary entry, and for the rules' corner cases.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConverterBuilder } from 'opencc-js/core';
import { Converter, Locale } from 'opencc-js/cn2t';
import { describe, expect, it } from 'vitest';
import { generateManuscript } from '../bench/generate.ts';
import { compileChain, type ChainConfig, type Dict, type DictGroup } from '../src/transforms/opencc-trie.ts';
import { LONE_CHAPTER, SAMPLE } from './helpers/paths.ts';

const TARGETS = ['twp', 'hk'] as const;
const configOf = (to: string) => (Locale.configs as unknown as Record<string, ChainConfig>)[`s2${to}`];

/** opencc-js's own converter for a config of ours: the reference. */
function referenceFor(config: ChainConfig): (s: string) => string {
  return ConverterBuilder({ from: { cn: [] }, to: { x: [] }, configs: { s2x: config as never } })({ from: 'cn', to: 'x' });
}

/** Every line that differs, with both readings, so a failure says where. */
function differences(texts: string[], ours: (s: string) => string, theirs: (s: string) => string): string[] {
  const out: string[] = [];
  for (const t of texts) {
    const a = ours(t);
    const b = theirs(t);
    if (a !== b) out.push(`${t.slice(0, 40)} → ours ${a.slice(0, 40)} | opencc-js ${b.slice(0, 40)}`);
  }
  return out;
}

function entriesOf(dict: Dict): string[] {
  return typeof dict === 'string' ? dict.split('|').map((e) => e.split(' ')[0]) : dict.map(([s]) => s);
}

function sources(config: ChainConfig): string[] {
  const groups: DictGroup[] = [...(config.normalizationChain ?? []), ...config.conversionChain];
  return [...new Set(groups.flat().flatMap(entriesOf))];
}

describe('OpenCC conversion through our trie', () => {
  for (const to of TARGETS) {
    const ours = compileChain(configOf(to));
    const theirs = Converter({ from: 'cn', to });

    it(`reads a generated book as opencc-js s2${to} does, paragraph by paragraph`, () => {
      const paragraphs = [...generateManuscript({ chars: 60_000, seed: 3 })].flatMap((f) => f.text.split(/\n\s*\n/u));
      expect(paragraphs.length).toBeGreaterThan(500);
      expect(differences(paragraphs, ours, theirs)).toEqual([]);
    });

    it(`reads our sample chapters and the lone-chapter fixture as opencc-js s2${to} does`, () => {
      const texts = [SAMPLE, LONE_CHAPTER].flatMap((dir) =>
        readdirSync(dir)
          .filter((f) => f.endsWith('.md'))
          .map((f) => readFileSync(join(dir, f), 'utf8')),
      );
      const lines = texts.flatMap((t) => [t, ...t.split('\n')]);
      expect(differences(lines, ours, theirs)).toEqual([]);
    });

    it(`converts every source of the s2${to} dictionaries as opencc-js does, alone and between words`, () => {
      const keys = sources(configOf(to));
      expect(keys.length).toBeGreaterThan(50_000);
      // Context on both sides makes the longest-match and segmentation choices cross the entry's edges.
      const texts = keys.flatMap((k) => [k, `他说${k}了`, `${k}${k}`]);
      expect(differences(texts, ours, theirs)).toEqual([]);
    });
  }

  it('lets the first dictionary of a group win and a later entry of one dictionary replace an earlier one', () => {
    const config: ChainConfig = {
      segmentation: ['甲乙 x'],
      conversionChain: [['甲 A|甲 B', '甲 C|乙 D'], ['A 1|D 2']],
    };
    const ours = compileChain(config);
    expect(ours('甲乙丙')).toBe(referenceFor(config)('甲乙丙'));
    // 甲: B replaces A in the first dictionary, which wins over the second's C; no later entry for B.
    expect(ours('甲乙丙')).toBe('B2丙');
  });

  it('keeps segments apart: a later pass never matches across a segment edge', () => {
    const config: ChainConfig = { segmentation: ['甲乙 x'], conversionChain: [['甲 a|乙 b|丙 c'], ['bc Z']] };
    // 甲乙 is a segment of its own, so the b it ends with never meets the c of 丙.
    expect(compileChain(config)('甲乙丙')).toBe(referenceFor(config)('甲乙丙'));
    expect(compileChain(config)('甲乙丙')).toBe('abc');
    expect(compileChain(config)('乙丙')).toBe('Z');
  });

  it('treats description sequences, astral characters and broken input as opencc-js does', () => {
    const config: ChainConfig = {
      normalizationChain: [['丽 麗']],
      segmentation: ['木木 x|𠮷野 x'],
      conversionChain: [['木 M|林 L|𠮷 J|野 Y|⿰ Q']],
    };
    const texts = ['⿰木木', '木木', '⿰⿱木木木林', '⿰木', '⿰', '𠮷野家', '𠮷', '\ud842', '丽木', '', 'abc', '\ue000木\ue000'];
    expect(differences(texts, compileChain(config), referenceFor(config))).toEqual([]);
  });

  it('takes a segmentation given as one dictionary of pairs', () => {
    const config: ChainConfig = { segmentation: [['甲乙', 'x']], conversionChain: [['甲 a|乙 b'], ['ab W|b V']] };
    expect(compileChain(config)('甲乙乙')).toBe(referenceFor(config)('甲乙乙'));
  });
});
