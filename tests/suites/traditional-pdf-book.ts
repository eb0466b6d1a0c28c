import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { Converter } from 'opencc-js/cn2t';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.ts';
import type { EditionTag } from '../../src/config/editions.ts';
import { Diagnostics } from '../../src/diagnostics.ts';
import { loadGlossary } from '../../src/transforms/glossary.ts';
import { editionConverter } from '../../src/transforms/opencc.ts';
import { traceGlyphs } from '../helpers/mutool.ts';
import { ambiguousSelfForms } from '../helpers/opencc-ref.ts';
import { tempDir } from '../helpers/paths.ts';
import { readPdf, type PdfLine } from '../helpers/pdf.ts';
import { missingHan, printedStoryText } from '../helpers/story.ts';
import { crowdedCentredMarks, widePairs } from '../helpers/typography.ts';

const HAN = /\p{Script=Han}/gu;

const EDITIONS: Array<{ edition: EditionTag; charTarget: string; serif: string }> = [
  { edition: 'zh-Hant-TW', charTarget: 'tw', serif: 'NotoSerifTC' },
  { edition: 'zh-Hant-HK', charTarget: 'hk', serif: 'NotoSerifHK' },
];

/** What every Traditional PDF must be, checked on a whole manuscript folder. */
export function traditionalPdfSuite(name: string, manuscript: () => string): void {
  for (const { edition, charTarget, serif } of EDITIONS) {
    describe(`${edition} PDF of the ${name}`, () => {
      let dir: string;
      let path: string;
      let lines: PdfLine[];
      beforeAll(async () => {
        dir = manuscript();
        const result = await build({ chaptersDir: dir, outDir: tempDir('out-'), editions: [edition], formats: ['pdf'], sourceDateEpoch: '1700000000' });
        path = result.outputs[0].path;
        lines = readPdf(path).lines;
      });

      it(`is tagged ${edition} and set in the edition's own faces`, () => {
        expect(readFileSync(path).toString('latin1')).toContain(`/Lang (${edition})`);
        const fonts = spawnSync('pdffonts', [path], { encoding: 'utf8' }).stdout;
        expect(fonts).toContain(`+${serif}-Regular`);
        expect(fonts).not.toMatch(/SC-Regular/u);
      });

      it('draws no .notdef glyph', () => {
        const { glyphs, warnings } = traceGlyphs(path);
        expect(glyphs.filter((g) => g.glyph === '0')).toEqual([]);
        expect(warnings).not.toMatch(/invalid outline/iu);
      });

      it('keeps every Han character of the converted story text, and leaves no Simplified one', () => {
        const text = lines.map((l) => l.text).join('\n');
        const glossary = loadGlossary(dir, edition, new Diagnostics());
        expect(missingHan(editionConverter(edition, glossary)(printedStoryText(dir)), text)).toEqual([]);
        const single = Converter({ from: 'cn', to: charTarget });
        const ambiguous = ambiguousSelfForms();
        const changed = [...new Set(text.match(HAN) ?? [])].filter((c) => single(c) !== c && !ambiguous.has(c));
        expect(changed).toEqual([]);
        expect(text).toContain('「');
        expect(text).not.toMatch(/[“”]/u);
      });

      it("sets a name's middle dot as ‧ in a whole em, as Taiwan and Hong Kong print it, never starting a line", () => {
        const dots = lines.flatMap((l) => l.chars.map((ch, k) => ({ ch, prev: l.chars[k - 1], next: l.chars[k + 1] }))).filter(({ ch }) => ch.c === '‧' || ch.c === '·');
        // A dot is printed exactly where the manuscript names someone with one.
        expect(dots.length > 0).toBe(printedStoryText(dir).includes('·'));
        for (const { ch, prev, next } of dots) {
          expect(ch.c).toBe('‧');
          expect(prev, 'a dot starts a line').toBeDefined();
          // The Han characters either side stand an em apart, the dot's whole em between them.
          if (next && /\p{Script=Han}/u.test(prev!.c) && /\p{Script=Han}/u.test(next.c)) expect(next.x0 - prev!.x1).toBeCloseTo(ch.size, 0);
        }
      });

      it('sets two adjacent marks, a bracket among them, in 1.5 em, never closer to a centred mark than ¾ em', () => {
        const pairs = widePairs(lines);
        expect(pairs.checked).toBeGreaterThan(3);
        expect(pairs.wide).toEqual([]);
        expect(crowdedCentredMarks(lines)).toEqual([]);
      });
    });
  }
}
