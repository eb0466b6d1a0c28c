import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build/build.ts';
import { loadConfig } from '../src/config/load.ts';
import { BuildError } from '../src/diagnostics.ts';
import type { EditionTag } from '../src/config/editions.ts';
import { runAce, type AceResult } from './helpers/ace.ts';
import { epubcheckAsync, openEpub, visibleText, type EpubContents } from './helpers/epub.ts';
import { SAMPLE, tempDir, writeManuscript } from './helpers/paths.ts';

const EDITIONS: EditionTag[] = ['zh-Hans', 'zh-Hant-TW', 'zh-Hant-HK'];

interface Built {
  path: string;
  epub: EpubContents;
  opf: string;
}

async function buildEpubs(dir: string, editions: EditionTag[]): Promise<Map<EditionTag, Built>> {
  const result = await build({ chaptersDir: dir, outDir: tempDir('a11y-'), formats: ['epub'], editions, sourceDateEpoch: '1700000000' });
  const built = new Map<EditionTag, Built>();
  for (const o of result.outputs.filter((x) => x.format === 'epub')) {
    const epub = await openEpub(o.path);
    built.set(o.edition as EditionTag, { path: o.path, epub, opf: await epub.text('OEBPS/content.opf') });
  }
  return built;
}

const metaValues = (opf: string, property: string) => [...opf.matchAll(new RegExp(`<meta property="${property}"[^>]*>([^<]*)</meta>`, 'gu'))].map((m) => m[1]);

/** A book with what a checker looks hardest at: two figures (one described, one captioned only), a table, footnotes, routine sections and subsections. */
const FIXTURE = {
  'book.yaml': [
    'title: 无障碍测试',
    'author: 某人',
    'isbn:',
    '  zh-Hans: {epub: 978-7-5086-0001-7}',
    'accessibility:',
    '  summary: 本书经人工检查，图表均附说明。',
    '  certifiedBy: 某某无障碍评测中心',
    'toc:',
    '  depth: 2',
    '',
  ].join('\n'),
  '01-a.md': [
    '# 第一章：开篇',
    '',
    '**【开篇诗词】**',
    '',
    '> 山中夜半灯如豆，  ',
    '> 一卷残书论剑锋。',
    '',
    '**【灯下论剑】**',
    '',
    '两人对坐，论起剑法。[^1]',
    '',
    '![两名剑客在殿前相对而立](images/scene.png "论剑图")',
    '',
    '### 比试结果',
    '',
    '| 门派 | 胜场 |',
    '| :--- | ---: |',
    '| 符号派 | 三 |',
    '| 连接派 | 五 |',
    '',
    '![殿前夜景](images/scene.png)',
    '',
    '欲知后事如何，且听下回分解。[^2]',
    '',
    '**【作者注】**',
    '',
    '此章纯属虚构。',
    '',
    '[^1]: 剑法即算法。',
    '[^2]: 说书人的套语。',
    '',
  ].join('\n'),
  // A subheading with no section before it: an h3 under the h1 would skip a level (Ace: heading-order).
  '02-b.md': '# 第二章：再战\n\n### 楔子\n\n两人再战。\n',
  'images/scene.png': readFileSync(join(SAMPLE, 'images/dartmouth.png')),
};

describe('EPUB accessibility: the sample book in every edition', () => {
  let built: Map<EditionTag, Built>;
  let ace: Map<EditionTag, AceResult>;
  beforeAll(async () => {
    built = await buildEpubs(SAMPLE, EDITIONS);
    ace = new Map(await Promise.all(EDITIONS.map(async (e) => [e, await runAce(built.get(e)!.path)] as const)));
  }, 300_000);

  for (const edition of EDITIONS) {
    it(`${edition}: Ace by DAISY reports no violation of any severity`, () => {
      expect(ace.get(edition)!.violations).toEqual([]);
    });
  }

  it('derives the accessibility metadata from the content, the summary in the edition’s language', () => {
    const summaries = EDITIONS.map((e) => {
      const { opf } = built.get(e)!;
      expect(metaValues(opf, 'schema:accessMode')).toEqual(['textual', 'visual']);
      expect(metaValues(opf, 'schema:accessModeSufficient')).toEqual(['textual', 'textual,visual']);
      // Every image (the cover, the figure) has a description of its own.
      expect(metaValues(opf, 'schema:accessibilityFeature')).toEqual(['structuralNavigation', 'tableOfContents', 'readingOrder', 'alternativeText']);
      expect(metaValues(opf, 'schema:accessibilityHazard')).toEqual(['none']);
      // No evaluator named: no conformance claim.
      expect(opf).not.toContain('dcterms:conformsTo');
      expect(opf).not.toContain('a11y:certifiedBy');
      return metaValues(opf, 'schema:accessibilitySummary')[0];
    });
    expect(summaries[0]).toMatch(/^本书为.*读屏软件/u);
    expect(summaries[1]).toMatch(/^本書為.*螢幕閱讀器/u);
    expect(summaries[2]).toMatch(/^本書為.*屏幕閲讀器/u);
    // Ace reads the same metadata back.
    expect(ace.get('zh-Hans')!.metadata['schema:accessibilityHazard']).toBe('none');
  });

  it('speaks of the cover, not of illustrations, where the cover is the book’s only image', async () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 无图\nauthor: 某\n', '01.md': '# 第一回：无图\n\n只有文字。\n' });
    const result = await build({ chaptersDir: dir, outDir: tempDir('no-figures-'), formats: ['epub'], editions: ['zh-Hans'], sourceDateEpoch: '1700000000' });
    const opf = await (await openEpub(result.outputs[0].path)).text('OEBPS/content.opf');
    // The drawn cover is an image with its description: the metadata says so.
    expect(metaValues(opf, 'schema:accessMode')).toEqual(['textual', 'visual']);
    expect(metaValues(opf, 'schema:accessibilityFeature')).toContain('alternativeText');
    const summary = metaValues(opf, 'schema:accessibilitySummary')[0];
    expect(summary).toContain('封面附有文字描述。');
    expect(summary).not.toContain('插图');
  });

  it('warns of an image with neither description nor caption, and claims no more than text alone can bear', async () => {
    const dir = writeManuscript({
      'book.yaml': 'title: 无字图\nauthor: 某\n',
      '01.md': '# 第一回：无字图\n\n图如下。\n\n![](images/scene.png)\n',
      'images/scene.png': readFileSync(join(SAMPLE, 'images/dartmouth.png')),
    });
    const result = await build({ chaptersDir: dir, outDir: tempDir('bare-image-'), formats: ['epub'], editions: ['zh-Hans'], sourceDateEpoch: '1700000000' });
    expect(result.diagnostics.filter((d) => d.rule === 'parse:image-no-text').map((d) => [d.file?.endsWith('01.md'), d.line])).toEqual([[true, 5]]);
    const opf = await (await openEpub(result.outputs[0].path)).text('OEBPS/content.opf');
    // Text alone no longer suffices: only text with the images.
    expect(metaValues(opf, 'schema:accessModeSufficient')).toEqual(['textual,visual']);
    expect(metaValues(opf, 'schema:accessibilityFeature')).not.toContain('alternativeText');
    expect(metaValues(opf, 'schema:accessibilitySummary')[0]).toContain('部分插图没有文字说明。');
  });

  it('puts a real separator between the chapter label and title', async () => {
    const docs = await built.get('zh-Hans')!.epub.spineDocuments();
    const c1 = docs.find((d) => d.name.endsWith('c001.xhtml'))!;
    const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/u.exec(c1.xhtml)![1];
    expect(visibleText(`<body>${h1}</body>`)).toBe('第一章\u3000图灵问道');
    expect(c1.xhtml).toContain('<section class="chapter" epub:type="chapter" role="doc-chapter"');
    const appendix = docs.find((d) => d.name.endsWith('a01.xhtml'))!;
    expect(appendix.xhtml).toContain('epub:type="appendix" role="doc-appendix"');
    const fonts = docs.find((d) => d.name.endsWith('fonts.xhtml'))!;
    expect(fonts.xhtml).toContain('epub:type="colophon" role="doc-colophon"');
  });

  it('has the separator in the heading face, which sets the chapter entries of the contents', async () => {
    const { epub } = built.get('zh-Hans')!;
    const name = epub.names.find((n) => /^OEBPS\/fonts\/heading-.*\.ttf$/u.test(n))!;
    const face = fontkit.create(Buffer.from(await epub.zip.file(name)!.async('uint8array'))) as fontkit.Font;
    const nav = visibleText(await epub.text('OEBPS/toc.xhtml'));
    const chapterEntries = [...nav.matchAll(/第.章\u3000\S+/gu)].map((m) => m[0]).join('');
    expect(chapterEntries).toContain('\u3000');
    for (const c of new Set(chapterEntries)) expect(face.hasGlyphForCodePoint(c.codePointAt(0)!), c).toBe(true);
  });

  it('asks Apple Books for the embedded fonts', async () => {
    const xml = await built.get('zh-Hans')!.epub.text('META-INF/com.apple.ibooks.display-options.xml');
    expect(xml).toMatch(/<platform name="\*">\s*<option name="specified-fonts">true<\/option>\s*<\/platform>/u);
  });

  it('keeps the routine sections out of the contents, and the landmarks hidden in every reader', async () => {
    const nav = await built.get('zh-Hans')!.epub.text('OEBPS/toc.xhtml');
    const ncx = await built.get('zh-Hans')!.epub.text('OEBPS/toc.ncx');
    for (const doc of [nav, ncx]) {
      expect(doc).toContain('曼彻斯特，孤灯一问');
      expect(doc).not.toContain('开篇诗词');
      expect(doc).not.toContain('作者注');
    }
    expect(nav).toContain('<nav epub:type="landmarks" id="landmarks" hidden="hidden">');
    const css = await built.get('zh-Hans')!.epub.text('OEBPS/style.css');
    expect(css).toMatch(/nav\[hidden\]\s*\{\s*display: none;/u);
  });
});

describe('EPUB accessibility: a book with figures, a table and footnotes', () => {
  let dir: string;
  let built: Built;
  let ace: AceResult;
  beforeAll(async () => {
    dir = writeManuscript(FIXTURE);
    built = (await buildEpubs(dir, ['zh-Hans'])).get('zh-Hans')!;
    ace = await runAce(built.path);
  }, 300_000);

  it('passes Ace with no violation and epubcheck with no error or warning', async () => {
    expect(ace.violations).toEqual([]);
    const check = await epubcheckAsync(built.path);
    expect(check.errors, check.output).toBe(0);
    expect(check.warnings, check.output).toBe(0);
  });

  it('carries the ISBN as the identifier, the author’s summary and the named evaluator’s claim', () => {
    expect(built.opf).toContain('<dc:identifier id="book-id">urn:isbn:9787508600017</dc:identifier>');
    expect(built.opf).toContain('<meta refines="#book-id" property="identifier-type" scheme="onix:codelist5">15</meta>');
    expect(metaValues(built.opf, 'schema:accessibilitySummary')).toEqual(['本书经人工检查，图表均附说明。']);
    expect(metaValues(built.opf, 'dcterms:conformsTo')).toEqual(['EPUB Accessibility 1.1 - WCAG 2.2 Level AA']);
    expect(built.opf).toMatch(/<meta property="a11y:certifiedBy" refines="#conformance">某某无障碍评测中心<\/meta>/u);
    // One figure has only a caption: alternativeText is not claimed.
    expect(metaValues(built.opf, 'schema:accessibilityFeature')).toEqual(['structuralNavigation', 'tableOfContents', 'readingOrder']);
  });

  it('says each figure’s words once: a description as alt, a lone caption as the label', async () => {
    const c1 = (await built.epub.text('OEBPS/c001.xhtml')).replace(/\n/gu, '');
    expect(c1).toMatch(/<figure class="illustration" id="c001-f01"><img src="[^"]+" alt="两名剑客在殿前相对而立"\/><figcaption id="c001-f01-caption">论剑图<\/figcaption><\/figure>/u);
    expect(c1).toMatch(/<figure class="illustration" id="c001-f02" aria-labelledby="c001-f02-caption"><img src="[^"]+" alt=""\/><figcaption id="c001-f02-caption">殿前夜景<\/figcaption><\/figure>/u);
  });

  it('sets the footnotes bare at the chapter’s end, so a pop-up reader leaves nothing behind', async () => {
    const c1 = await built.epub.text('OEBPS/c001.xhtml');
    expect(c1).not.toContain('class="footnotes"');
    expect(c1).toMatch(/<\/div>\n<aside class="footnote" epub:type="footnote" role="doc-footnote" id="c001-fn1">[\s\S]*<\/aside>\n<aside class="footnote"[^>]*id="c001-fn2">[\s\S]*<\/aside>\n<\/section>/u);
  });

  it('lists the contents to toc.depth', async () => {
    const nav = await built.epub.text('OEBPS/toc.xhtml');
    const ncx = await built.epub.text('OEBPS/toc.ncx');
    expect(nav).toContain('灯下论剑');
    expect(nav).not.toContain('比试结果');
    expect(ncx).not.toContain('比试结果');
    expect(ncx).toContain('<meta name="dtb:depth" content="2"/>');
  });

  it('lists the routine sections with toc.routine', async () => {
    const routine = writeManuscript({ ...FIXTURE, 'book.yaml': FIXTURE['book.yaml'].replace('  depth: 2', '  routine: true') });
    const nav = await (await buildEpubs(routine, ['zh-Hans'])).get('zh-Hans')!.epub.text('OEBPS/toc.xhtml');
    expect(nav).toContain('开篇诗词');
    expect(nav).toContain('作者注');
    expect(nav).toContain('比试结果');
  });
});

describe('book.yaml isbn', () => {
  const config = (yaml: string) => {
    try {
      return loadConfig(writeManuscript({ 'book.yaml': yaml, '01.md': '# 第一章：甲\n\n正文。\n' }));
    } catch (e) {
      if (e instanceof BuildError) return e.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule} ${d.message}`);
      throw e;
    }
  };

  it('reads an ISBN per edition and format', () => {
    const c = config('title: 书\nauthor: 某\nisbn:\n  zh-Hans: {epub: 978-7-5086-0001-7, print: ISBN 978-7-5086-0000-0}\n  zh-Hant-TW: {print: 978-957-000-001-6}\n');
    expect(Array.isArray(c)).toBe(false);
    expect((c as ReturnType<typeof loadConfig>).isbn).toEqual({
      'zh-Hans': { epub: '978-7-5086-0001-7', print: '978-7-5086-0000-0' },
      'zh-Hant-TW': { print: '978-957-000-001-6' },
    });
  });

  it('reads a vertical edition’s own ISBNs, and refuses one that repeats its horizontal edition’s', () => {
    const c = config('title: 书\nauthor: 某\nisbn:\n  zh-Hant-TW:\n    epub: 978-957-000-002-3\n    vertical: {epub: 978-957-000-003-0}\n');
    expect((c as ReturnType<typeof loadConfig>).isbn).toEqual({ 'zh-Hant-TW': { epub: '978-957-000-002-3', vertical: { epub: '978-957-000-003-0' } } });
    expect(config('title: 书\nauthor: 某\nisbn:\n  zh-Hant-TW:\n    print: 978-957-000-002-3\n    vertical:\n      print: 978-957-000-002-3\n')).toEqual([
      expect.stringMatching(/^7:\d+ config:duplicate-isbn isbn\.zh-Hant-TW\.vertical\.print repeats isbn\.zh-Hant-TW\.print/u),
    ]);
    expect(config('title: 书\nauthor: 某\nisbn:\n  zh-Hant-TW:\n    vertical: {pdf: 978-957-000-002-3}\n')).toEqual([expect.stringMatching(/^5:\d+ config:unknown-key .*'pdf'/u)]);
  });

  it('takes an ISBN-13 written bare, which YAML reads as a number, and asks for quotes around any other number', () => {
    const c = config('title: 书\nauthor: 某\nisbn:\n  zh-Hans:\n    epub: 9780306406157\n');
    expect((c as ReturnType<typeof loadConfig>).isbn).toEqual({ 'zh-Hans': { epub: '9780306406157' } });
    // 0-306-40615-2 bare: YAML reads 306406152, its leading 0 gone.
    expect(config('title: 书\nauthor: 某\nisbn:\n  zh-Hans:\n    print: 0306406152\n')).toEqual([expect.stringMatching(/^5:\d+ config:invalid isbn\.zh-Hans\.print: write this ISBN in quotes/u)]);
  });

  it('rejects a wrong check digit at its line', () => {
    expect(config('title: 书\nauthor: 某\nisbn:\n  zh-Hans:\n    epub: 978-7-5086-0001-8\n')).toEqual([expect.stringMatching(/^5:\d+ config:invalid isbn\.zh-Hans\.epub: not a valid ISBN/u)]);
  });

  it('rejects the same ISBN in two places, at the second, also when written as ISBN-10', () => {
    expect(config('title: 书\nauthor: 某\nisbn:\n  zh-Hans: {epub: 978-0-306-40615-7}\n  zh-Hant-TW:\n    print: 0-306-40615-2\n')).toEqual([
      expect.stringMatching(/^6:\d+ config:duplicate-isbn isbn\.zh-Hant-TW\.print repeats isbn\.zh-Hans\.epub/u),
    ]);
  });

  it('says where the old print.isbn went', () => {
    expect(config('title: 书\nauthor: 某\nprint:\n  trim: A5\n  isbn: 978-7-5086-0000-0\n')).toEqual([
      expect.stringMatching(/^5:3 config:unknown-key unknown key 'isbn' in print: moved to the top-level 'isbn'/u),
    ]);
  });
});
