import { isWide } from '../text/chars.ts';

/** The scalar styles whose line breaks YAML folds into a space (`|` keeps them). */
const FOLDING = new Set(['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_FOLDED']);

/**
 * A book.yaml string as a Chinese reader expects it: where YAML folded a line
 * break between two wide (CJK) characters into a space (a `>` block, or a
 * plain or quoted value written over several lines), the space goes, as a
 * chapter's line break does (cjk-softbreak.ts). `第一句，⏎第二句。` reads
 * `第一句，第二句。`, not `第一句， 第二句。` on the back cover and in the OPF.
 *
 * `source` is the scalar as written (its range in book.yaml). Each fold is
 * found from the source's lines in order; a space the author typed stays.
 */
export function joinWideFolds(value: string, source: string, style: string | undefined): string {
  if (!style || !FOLDING.has(style) || !/[\r\n]/u.test(source)) return value;
  const lines = source.split(/\r\n|\r|\n/u);
  // A block scalar's first line is its header (`>`, `>-`).
  if (style === 'BLOCK_FOLDED') lines.shift();
  const content = lines.map((l) => l.trim().replace(/^["']|["']$/gu, ''));
  let out = '';
  let from = 0;
  for (let k = 0; k + 1 < content.length; k++) {
    const before = lastChar(content[k]);
    const after = content[k + 1] ? [...content[k + 1]][0] : undefined;
    // An empty line is a line break of its own, never folded; nor is a line next to it.
    if (!before || !after || !isWide(before) || !isWide(after)) continue;
    const at = value.indexOf(`${before} ${after}`, from);
    if (at < 0) continue;
    out += value.slice(from, at + before.length);
    from = at + before.length + 1;
  }
  return out + value.slice(from);
}

function lastChar(s: string): string | undefined {
  const cps = [...s];
  return cps[cps.length - 1];
}
