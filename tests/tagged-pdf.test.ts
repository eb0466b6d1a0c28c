import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build/build.ts';
import { prepareBook } from '../src/build/prepare.ts';
import type { Block, Book } from '../src/model/book.ts';
import { shownText } from './helpers/book-text.ts';
import { SAMPLE, tempDir, writeManuscript } from './helpers/paths.ts';
import { glyphsWithoutText, readPdf } from './helpers/pdf.ts';
import { readObjects, type PdfObjects } from './helpers/pdf-objects.ts';
import { contentIds, elements, markedContentProblems, readWithPdfjs, type Elem, type PdfjsDoc } from './helpers/pdfjs.ts';

const HAN = /\p{Script=Han}/gu;
const hanCount = (s: string) => s.match(HAN)?.length ?? 0;

interface Built {
  path: string;
  book: Book;
  pdfjs: PdfjsDoc;
  elems: Elem[];
  objects: PdfObjects;
}

async function buildTagged(dir: string, editions: Array<'zh-Hans' | 'zh-Hant-TW'>, extra: string[] = []): Promise<{ built: Built[]; out: string; outputs: string[] }> {
  const out = tempDir('tagged-');
  const result = await build({ chaptersDir: dir, outDir: out, formats: ['pdf', ...extra] as never, editions, sourceDateEpoch: '1700000000', allowMissingGlyphs: true });
  const prepared = prepareBook({ chaptersDir: dir, outDir: out, editions, allowMissingGlyphs: true });
  const built: Built[] = [];
  for (const [i, edition] of editions.entries()) {
    const path = result.outputs.find((o) => o.path.endsWith(`.${edition}.pdf`))!.path;
    const pdfjs = await readWithPdfjs(path);
    built.push({ path, book: prepared.editions[i].book, pdfjs, elems: elements(pdfjs), objects: readObjects(path) });
  }
  return { built, out, outputs: result.outputs.map((o) => o.path) };
}

/** The model's section and subsection headings, and run-in ones, in order. */
function headings(book: Book): Array<{ role: string; text: string }> {
  const out: Array<{ role: string; text: string }> = [];
  const visit = (blocks: Block[]) => {
    for (const b of blocks) {
      if (b.kind === 'heading') out.push({ role: b.role, text: shownText(b.content) });
      else if (b.kind === 'recap' || b.kind === 'quote' || b.kind === 'note') visit(b.blocks);
    }
  };
  for (const ch of book.chapters) visit(ch.blocks);
  return out;
}

const squash = (s: string) => s.replace(/\s+/gu, '');

/** ISO 32000-1 §14.8.4's standard structure types. */
const STANDARD_TYPES = [
  'Document', 'Part', 'Art', 'Sect', 'Div', 'BlockQuote', 'Caption', 'TOC', 'TOCI', 'Index', 'NonStruct', 'Private',
  'P', 'H', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD', 'THead', 'TBody', 'TFoot',
  'Span', 'Quote', 'Note', 'Reference', 'BibEntry', 'Code', 'Link', 'Annot', 'Ruby', 'RB', 'RT', 'RP', 'Warichu', 'WT', 'WP',
  'Figure', 'Formula', 'Form',
];

/** Checks every tagged screen PDF must pass, whatever its content. */
async function expectTaggedBasics(b: Built, edition: string): Promise<void> {
  // Everything painted (text, rules, dots, images) is tagged or an artifact, and the tree names exactly the MCIDs drawn.
  expect(await markedContentProblems(b.path)).toEqual([]);
  const { pdfjs, objects, elems } = b;
  expect(pdfjs.marked).toBe(true);
  expect(pdfjs.language).toBe(edition);
  expect(pdfjs.dcTitle).toBe(b.book.meta.title);
  expect(objects.root.get('ViewerPreferences', 'DisplayDocTitle').asBoolean()).toBe(true);
  expect(spawnSync('pdfinfo', [b.path], { encoding: 'utf8' }).stdout).toMatch(/Tagged:\s+yes/u);
  // Every glyph drawn maps to text through its font's ToUnicode, and none is .notdef (PDF/UA 7.21.7-1, 7.21.8-1).
  expect(glyphsWithoutText(b.path)).toEqual([]);
  // Every element has a parent; Document is the root's one kid and holds a Sect per chapter.
  expect(objects.elems.every((e) => e.hasParent)).toBe(true);
  expect(objects.elems[0].S).toBe('Document');
  expect(objects.elems.filter((e) => e.parentS === 'Document' && e.S === 'Sect').length).toBeGreaterThanOrEqual(b.book.chapters.length);
  // No text outside marked content, and every MCID the content uses is in the tree (and no other).
  for (const p of pdfjs.pages) {
    expect(p.untagged, `page ${p.n}`).toBe('');
    for (const id of p.textById.keys()) expect(contentIds(p.tree), `page ${p.n}`).toContain(id);
  }
  // Headings: the first is H1, none skips a level.
  const levels = objects.elems.filter((e) => /^H\d$/u.test(e.S)).map((e) => Number(e.S[1]));
  expect(levels[0]).toBe(1);
  levels.forEach((l, i) => i > 0 && expect(l - levels[i - 1], `heading ${i}`).toBeLessThanOrEqual(1));
  // Structure types in their places (PDF/UA 7.2): LI in L, Lbl/LBody in LI, TR in Table, TH/TD in TR, TOCI in TOC.
  const where: Record<string, string[]> = { LI: ['L'], Lbl: ['LI'], LBody: ['LI'], TR: ['Table', 'THead', 'TBody', 'TFoot'], TH: ['TR'], TD: ['TR'], TOCI: ['TOC'] };
  for (const e of objects.elems) if (where[e.S]) expect(where[e.S], `${e.S} in ${e.parentS}`).toContain(e.parentS);
  // …and the other way: what each of those holds (7.2-3…20, 26…28).
  const holds: Record<string, string[]> = { L: ['LI', 'Caption'], LI: ['Lbl', 'LBody'], Table: ['TR', 'THead', 'TBody', 'TFoot', 'Caption'], TR: ['TH', 'TD'], TOC: ['TOC', 'TOCI', 'Caption'] };
  for (const e of objects.elems) if (e.parentS && holds[e.parentS]) expect(holds[e.parentS], `${e.S} in ${e.parentS}`).toContain(e.S);
  // Standard structure types only, as there is no RoleMap (7.1-5).
  expect(objects.root.get('StructTreeRoot', 'RoleMap').isNull()).toBe(true);
  for (const e of objects.elems) expect(STANDARD_TYPES, e.S).toContain(e.S);
  // Every font is embedded, as a subset, with a ToUnicode map (7.21.4.1).
  const fonts = spawnSync('pdffonts', [b.path], { encoding: 'utf8' }).stdout.trim().split('\n').slice(2);
  expect(fonts.length).toBeGreaterThan(0);
  for (const f of fonts) expect(f, f).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+$/u);
  // The claim, made once everything above holds (PDF/UA 5: the identification schema in the XMP).
  expect(objects.xmp).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/u);
  for (const e of objects.elems.filter((x) => x.S === 'TH')) expect(e.scope).toBe('Column');
  for (const e of objects.elems.filter((x) => x.S === 'Figure')) expect(e.Alt?.length).toBeGreaterThan(0);
  // Notes carry unique IDs.
  const ids = objects.elems.filter((e) => e.S === 'Note').map((e) => e.ID);
  expect(ids.every((id) => id && id.length > 0)).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
  // Link annotations: in the structure, saying what they link, on pages read in structure order.
  for (const a of objects.annots.filter((x) => x.subtype === 'Link')) {
    expect(a.structParent, `page ${a.page}`).toBeTypeOf('number');
    expect(a.contents?.length, `page ${a.page}`).toBeGreaterThan(0);
  }
  expect(objects.tabs.every((t) => t === 'S')).toBe(true);
  // pdf.js finds each link's annotation under its Link element (an OBJR whose /Pg is right).
  const linkObjects = pdfjs.pages.flatMap((p) => {
    const found: number[] = [];
    const walk = (n: typeof p.tree) => {
      if (!n) return;
      if (n.role === 'Link') for (const k of n.children ?? []) if (k.type === 'object' || k.type === 'annotation') found.push(p.n);
      n.children?.forEach(walk);
    };
    walk(p.tree);
    return found;
  });
  expect(linkObjects.length).toBe(objects.annots.filter((x) => x.subtype === 'Link').length);
  // Every placeholder Span says what it stands for, for pdf.js as for the file.
  for (const e of elems.filter((x) => x.role === 'Span')) expect(e.alt?.length).toBeGreaterThan(0);
}

describe('the sample book’s screen PDF is tagged', () => {
  let built: Built[];
  let outputs: string[];
  beforeAll(async () => {
    ({ built, outputs } = await buildTagged(SAMPLE, ['zh-Hans', 'zh-Hant-TW'], ['print']));
  }, 240_000);

  it('is marked, says its language, title and shows the title; all it paints is tagged or an artifact', async () => {
    await expectTaggedBasics(built[0], 'zh-Hans');
    await expectTaggedBasics(built[1], 'zh-Hant-TW');
  });

  it('has an H1 per chapter and an H2 per section, with their text', () => {
    for (const b of built) {
      const h1 = b.elems.filter((e) => e.role === 'H1').map((e) => squash(e.text));
      expect(h1).toEqual(b.book.chapters.map((c) => squash(`${c.label ?? ''}${c.title ?? ''}`)));
      const expected = headings(b.book);
      const h2 = b.elems.filter((e) => e.role === 'H2').map((e) => squash(e.text));
      expect(h2).toEqual(expected.filter((h) => h.role === 'section').map((h) => squash(h.text)));
      // Every chapter's H1 and its text's first paragraph are in the chapter's Sect.
      for (const e of b.elems.filter((x) => x.role === 'H1')) expect(e.path).toEqual(['Document', 'Sect']);
    }
  });

  it('tags paragraphs, the list, the table and the figure with its description', () => {
    const b = built[0];
    const roles = new Set(b.elems.map((e) => e.role));
    for (const r of ['P', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD', 'Figure', 'Note', 'Reference', 'Link', 'TOC', 'TOCI']) expect(roles, r).toContain(r);
    const figure = b.elems.find((e) => e.role === 'Figure' && e.page > 1);
    // The description the manuscript gives the image (`![alt](src "caption")`), not its caption.
    const described = /!\[([^\]]+)\]\(images\/dartmouth\.png "达特茅斯论剑图"\)/u.exec(readFileSync(join(SAMPLE, '01-turing.md'), 'utf8'))![1];
    expect(figure?.alt).toBe(described);
    expect(b.elems.find((e) => e.role === 'TH')?.text).toBe('名次');
    expect(b.elems.filter((e) => e.role === 'Lbl').map((e) => e.text).slice(0, 2)).toEqual(['1.', '2.']);
    // The cover is a Figure too, described by what it says.
    const { title, subtitle, author } = b.book.meta;
    expect(b.elems.find((e) => e.role === 'Figure' && e.page === 1)?.alt).toBe(`${title}，${subtitle}，${author}，简体中文版`);
    // The contents: its entries link to the chapters.
    const tocis = b.elems.filter((e) => e.role === 'TOCI');
    expect(squash(tocis[0].text)).toContain(squash(b.book.chapters[0].title ?? ''));
  });

  it('has at least 99% of the Han characters in tagged content, and the running heads and folios in artifacts', () => {
    for (const b of built) {
      let tagged = 0;
      let inArtifacts = 0;
      let all = 0;
      for (const p of b.pdfjs.pages) {
        for (const t of p.textById.values()) tagged += hanCount(t);
        for (const t of p.artifacts) inArtifacts += hanCount(t);
        all += hanCount([...p.textById.values(), ...p.artifacts, p.untagged].join(''));
      }
      // Of the Han that is not furniture: the running heads are Han too (1.5% of this short sample's), and belong in artifacts.
      expect(tagged / (all - inArtifacts)).toBeGreaterThanOrEqual(0.99);
      expect(inArtifacts / all).toBeLessThan(0.03);
      // Artifacts hold only furniture: folios, the running heads (book or chapter title), the part-break ornament.
      const titles = new Set([b.book.meta.title, ...b.book.chapters.map((c) => squash(`${c.label ?? ''}${c.title ?? ''}`))]);
      const bodyPages = b.pdfjs.pages.filter((p) => p.n > 3);
      let folios = 0;
      let heads = 0;
      for (const p of bodyPages) {
        const texts = p.artifacts.map(squash).filter((t) => t !== '' && !/^[＊\s　]+$/u.test(t));
        for (const t of texts) {
          if (/^[0-9ivx]+$/u.test(t)) folios++;
          else {
            expect([...titles].some((title) => title.startsWith(t.replace(/…$/u, '')) || t.includes(title)), `page ${p.n}: ${t}`).toBe(true);
            heads++;
          }
        }
      }
      expect(folios).toBeGreaterThanOrEqual(bodyPages.length - 1);
      expect(heads).toBeGreaterThan(bodyPages.length / 2);
    }
  });

  it('leaves the print PDF untagged', () => {
    const print = outputs.find((p) => p.endsWith('.zh-Hans.print.pdf'))!;
    expect(spawnSync('pdfinfo', [print], { encoding: 'utf8' }).stdout).toMatch(/Tagged:\s+no/u);
    expect(readObjects(print).hasStructTreeRoot).toBe(false);
    // PDF/X-1a is PDF 1.3, without XMP: no PDF/UA claim either.
    expect(readObjects(print).xmp).not.toContain('pdfuaid');
  });
});

describe('a tagged fixture: lists, a table, images, footnotes, links and missing characters', () => {
  let b: Built;
  beforeAll(async () => {
    const dir = writeManuscript({
      'book.yaml': 'title: 标记测试\nauthor: 测试者\n',
      '01-one.md': [
        '# 第一章：列表与表格',
        '',
        '## 一节',
        '',
        '他姓𠮷，名字里有个笑脸😀，又姓𠮷。这一段有注释[^a]，还有[一个链接](https://example.com/x)。',
        '',
        '- 甲项',
        '  - 甲中之乙',
        '- 丙项',
        '',
        '| 名 | 数 |',
        '| --- | --- |',
        '| 甲 | 一 |',
        '| 乙 | 二 |',
        '',
        '![山门与明月](images/p.png "山门图")',
        '',
        '![](images/p.png "只有图题的图")',
        '',
        '### 一小节',
        '',
        '小节的正文。',
        '',
        '[^a]: 第一章的注释。',
        '',
      ].join('\n'),
      '02-two.md': ['# 第二章：注释', '', '### 没有节的小节', '', '正文一段[^a]。', '', '[^a]: 第二章的注释，编号相同。', ''].join('\n'),
    });
    mkdirSync(join(dir, 'images'), { recursive: true });
    copyFileSync(join(SAMPLE, 'images', 'dartmouth.png'), join(dir, 'images', 'p.png'));
    ({ built: [b] } = await buildTagged(dir, ['zh-Hans']));
  }, 240_000);

  it('passes the basic checks', async () => {
    await expectTaggedBasics(b, 'zh-Hans');
  });

  it('nests the list, heads the table, describes each figure by its alt or else its caption', () => {
    const lbody = b.elems.filter((e) => e.role === 'L' && e.path.at(-1) === 'LBody');
    expect(lbody.length).toBe(1);
    expect(squash(lbody[0].text)).toBe('▪甲中之乙');
    expect(b.elems.filter((e) => e.role === 'TH').map((e) => squash(e.text))).toEqual(['名', '数']);
    expect(b.elems.filter((e) => e.role === 'TD').map((e) => squash(e.text))).toEqual(['甲', '一', '乙', '二']);
    // The first is the cover, described by what it says: the title, the author (the book has no subtitle) and the edition.
    expect(b.elems.filter((e) => e.role === 'Figure').map((e) => e.alt)).toEqual(['标记测试，测试者，简体中文版', '山门与明月', '只有图题的图']);
  });

  it('gives each footnote a Note with an ID of its own, and its call a Reference', () => {
    expect(b.objects.elems.filter((e) => e.S === 'Note').length).toBe(2);
    expect(b.elems.filter((e) => e.role === 'Reference').every((e) => e.kids.includes('Link'))).toBe(true);
    expect(squash(b.elems.find((e) => e.role === 'Note')!.text)).toContain('第一章的注释');
  });

  it('never skips a heading level: a subsection with no section before it is an H2', () => {
    const hs = b.objects.elems.filter((e) => /^H\d$/u.test(e.S)).map((e) => e.S);
    expect(hs).toEqual(['H1', 'H2', 'H3', 'H1', 'H2']);
  });

  it('copies out the author’s characters where placeholders are drawn (pdftotext, MuPDF, pdf.js)', () => {
    const text = spawnSync('pdftotext', [b.path, '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('他姓𠮷，名字里有个笑脸😀，又姓𠮷。');
    expect(text).not.toContain('〓');
    const spans = b.elems.filter((e) => e.role === 'Span').map((e) => e.alt);
    expect(spans).toEqual(['𠮷', '😀', '𠮷']);
    expect(b.objects.elems.filter((e) => e.S === 'Span').map((e) => e.ActualText)).toEqual(['𠮷', '😀', '𠮷']);
  });

  it('gives a link one annotation per line it is on, saying what it links', () => {
    const web = b.objects.annots.filter((a) => a.uri === 'https://example.com/x');
    expect(web.length).toBeGreaterThanOrEqual(1);
    expect(web.map((a) => a.contents).join('')).toBe('一个链接');
    // The pdf.js tree: one Link element holds them all.
    const link = b.elems.find((e) => e.role === 'Link' && squash(e.text) === '一个链接');
    expect(link?.node.children?.filter((k) => k.type === 'object' || k.type === 'annotation').length).toBe(web.length);
  });
});

describe('text that copies out as written: two-em dashes, hyphens added at breaks, a run-in heading', () => {
  const long = ['internationalization', 'counterrevolutionary', 'electroencephalography', 'incomprehensibilities', 'uncharacteristically'];
  // Long Latin words between Han, so that lines end inside them and the composer adds hyphens; on one page.
  const latin = Array.from({ length: 15 }, (_, i) => '甲乙丙丁戊己庚'[i % 7].repeat((i % 5) + 1) + long[i % 5]).join('');
  let b: Built;
  let copied: string;
  beforeAll(async () => {
    const dir = writeManuscript({
      'book.yaml': 'title: 破折号\nauthor: 测试者\n',
      '01-one.md': [
        '# 第一章：破折号',
        '',
        '**【开篇诗词】**',
        '',
        '> 曼城孤灯——问苍茫，  ',
        '> 机心可否——似人肠。',
        '',
        '**【小节】**',
        '',
        '他说——然后走了。',
        '',
        latin,
        '',
        '后来才有真的连字符：well-known。',
        '',
        '#### 附记',
        '',
        '附记的正文。',
        '',
      ].join('\n'),
    });
    ({ built: [b] } = await buildTagged(dir, ['zh-Hans']));
    copied = spawnSync('pdftotext', [b.path, '-'], { encoding: 'utf8' }).stdout;
  }, 240_000);

  it('passes the basic checks', async () => {
    await expectTaggedBasics(b, 'zh-Hans');
  });

  it('copies —— out as two dashes, whether the face draws one glyph for it (Noto) or two (WenKai, the verse face)', () => {
    const mupdfText = readPdf(b.path).lines.map((l) => l.text).join('\n');
    // The verse is set in WenKai: the test is only worth its name if it is.
    expect(readPdf(b.path).lines.find((l) => l.text.includes('曼城孤灯'))?.chars[0].font).toMatch(/WenKai/u);
    for (const text of [copied, mupdfText]) {
      expect(squash(text)).toContain('曼城孤灯——问苍茫，');
      expect(squash(text)).toContain('机心可否——似人肠。');
      expect(squash(text)).toContain('他说——然后走了。');
      expect(text).not.toContain('———');
    }
  });

  it('copies out no hyphen the composer added at a break, and every hyphen the author wrote', () => {
    // Drawn: hyphens at line ends (MuPDF reading the glyphs, not the ActualText).
    const drawn = readPdf(b.path, 'ignore-actualtext').lines.filter((l) => /[a-z]-$/u.test(l.text.trim()));
    expect(drawn.length).toBeGreaterThan(3);
    expect(copied.match(/-/gu)?.length).toBe(1);
    expect(copied).toContain('well-known');
    expect(squash(copied)).toContain(squash(latin));
  });

  it('sets a heading left out of the outline as a paragraph, not a heading', () => {
    const runIn = b.elems.filter((e) => squash(e.text) === '附记');
    expect(runIn.map((e) => e.role)).toEqual(['P']);
    expect(b.objects.elems.filter((e) => /^H\d$/u.test(e.S)).map((e) => e.S)).toEqual(['H1', 'H2', 'H2']);
  });
});
