import { createRequire } from 'node:module';
import type { EditionTag } from '../config/editions.ts';

type Convert = (s: string) => string;
const back = new Map<string, Convert>();

/**
 * The Simplified character a Traditional edition's character was converted
 * from, as OpenCC reads it back (書 → 书): what the manuscript holds, so that
 * a character no font has in that edition is found at its column. Undefined
 * for the Simplified edition, or where the character reads back as itself.
 * OpenCC's reverse dictionaries load only when a Traditional edition lacks a
 * character.
 */
export function simplifiedOf(cp: number, edition: EditionTag): number | undefined {
  if (edition === 'zh-Hans') return undefined;
  const from = edition === 'zh-Hant-HK' ? 'hk' : 'tw';
  let convert = back.get(from);
  if (!convert) {
    const opencc = createRequire(import.meta.url)('opencc-js/t2cn') as { Converter(o: { from: string; to: string }): Convert };
    back.set(from, (convert = opencc.Converter({ from, to: 'cn' })));
  }
  const read = [...convert(String.fromCodePoint(cp))];
  const out = read.length === 1 ? read[0].codePointAt(0) : undefined;
  return out === cp ? undefined : out;
}
