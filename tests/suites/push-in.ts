import { describe, expect, it } from 'vitest';
import { inlineAtoms, type PunctuationStyle } from '../../src/typeset/atoms.ts';
import { HORIZONTAL } from '../../src/typeset/axis.ts';
import { composeParagraph } from '../../src/typeset/line-breaker.ts';
import { fontsFor, lineText, right, SIZE } from '../helpers/composer.ts';

/** The composer on every line of a manuscript's chapters, in each punctuation style. */
export function pushInSuite(name: string, texts: () => string[]): void {
  describe(`push-in on the ${name}`, () => {
    // The filler accepts a line when the spring model says compression can make it fit; placing
    // it then uses the same model, so no line it accepts may overrun the measure.
    const paragraphs = [
      ...texts().flatMap((t) => t.split('\n')).filter((l) => l.trim() !== ''),
      '他说："好，走吧！"——然后……没有然后。',
      '「引號」『內引』（括號）【書名】，、；：！？。',
      '共有992个80GB的A100显卡 参与 GPT-4 训练，历时 two months 之久。',
      '，，。。」」「「（（））、、',
      ' 前后有空格 ',
    ];

    for (const style of ['sc', 'hk', 'tw'] as PunctuationStyle[]) {
      it(`never sets a line longer than the measure, and fills every justified one (${style} style)`, () => {
        let lines = 0;
        let compressed = 0;
        const off: string[] = [];
        for (const text of paragraphs) {
          for (const measureEm of [9, 13, 17, 25, 30]) {
            const atoms = inlineAtoms([{ kind: 'text', text, line: 1 }], { fonts: fontsFor(style), axis: HORIZONTAL, role: 'body', size: SIZE, style });
            for (const l of composeParagraph({ atoms, measure: measureEm * SIZE, firstIndent: 2 * SIZE, restIndent: 0, align: 'justify', em: SIZE })) {
              lines++;
              const room = measureEm * SIZE - l.offset;
              const end = l.atoms.length ? right(l) : 0;
              if (end > room + 0.011 && off.length < 5) off.push(`${lineText(l)}: ${end} in ${room}`);
              // A loose line (nothing to widen, reported as such) is the one a justified line may not fill.
              if (l.justified && !l.loose && Math.abs(l.inlineSize - room) > 0.011 && off.length < 5) off.push(`${lineText(l)} is not justified: ${l.inlineSize} of ${room}`);
              if (l.atoms.length && l.atoms.reduce((sum, a) => sum + a.advance, 0) > room + 0.01) compressed++;
            }
          }
        }
        expect(off).toEqual([]);
        expect(lines).toBeGreaterThan(1000);
        // Lines that fit only because they were compressed: the bound above was tested where it matters
        // (the Taiwan style compresses nothing but spaces, so few of its lines need it).
        expect(compressed).toBeGreaterThan(style === 'tw' ? 0 : 20);
      });
    }
  });
}
