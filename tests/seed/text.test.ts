// The author's chapter through the composer and our OpenCC trie, as
// tests/composer.test.ts and tests/opencc-trie.test.ts put the sample book.
import { readFileSync } from 'node:fs';
import { Converter, Locale } from 'opencc-js/cn2t';
import { describe, expect, it } from 'vitest';
import { compileChain, type ChainConfig } from '../../src/transforms/opencc-trie.ts';
import { SEED } from '../helpers/paths.ts';
import { pushInSuite } from '../suites/push-in.ts';

const seedText = () => readFileSync(SEED, 'utf8');

pushInSuite('seed chapter', () => [seedText()]);

describe('OpenCC conversion of the seed chapter through our trie', () => {
  for (const to of ['twp', 'hk'] as const) {
    it(`reads the chapter, whole and line by line, as opencc-js s2${to} does`, () => {
      const ours = compileChain((Locale.configs as unknown as Record<string, ChainConfig>)[`s2${to}`]);
      const theirs = Converter({ from: 'cn', to });
      const text = seedText();
      const differing = [text, ...text.split('\n')].filter((t) => ours(t) !== theirs(t)).map((t) => t.slice(0, 40));
      expect(differing).toEqual([]);
    });
  }
});
