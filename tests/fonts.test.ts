import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import * as mupdf from 'mupdf';
import subsetFont from 'subset-font';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build/build.ts';
import { isFileFace, type Face } from '../src/fonts/registry.ts';
import { NAMED_FONTS } from '../src/fonts/sources.ts';
import { prepareBook } from '../src/build/prepare.ts';
import { readCmap } from '../src/fonts/sfnt/cmap.ts';
import { sfntTables } from '../src/fonts/sfnt/sfnt.ts';
import { LayoutFace, layoutFontSet } from '../src/typeset/layout-face.ts';
import { runCli } from './helpers/cli.ts';
import { fontCollection } from './helpers/collection.ts';
import { openEpub, visibleText } from './helpers/epub.ts';
import { traceGlyphs } from './helpers/mutool.ts';
import { SAMPLE, tempDir, writeManuscript } from './helpers/paths.ts';

const require = createRequire(import.meta.url);
const POEM = (line: string) => `# 第一章：测试\n\n**【开篇诗词】**\n\n> ${line}  \n> 二行诗句在此。\n\n正文一段。\n`;

describe('missing glyphs', () => {
  const manuscript = () => writeManuscript({ '01-odd.md': '# 第一章：怪字\n\n他姓𠮷，\n名字里有个笑脸😀。\n' });

  it('stops the build with exit 1, naming each character, its code point and file:line:column', () => {
    const r = runCli(['build', '--chapters', manuscript(), '--out', tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/01-odd\.md:3:3 error no font in the chain has '𠮷' U\+20BB7 .*\[font:missing-glyph\]/u);
    expect(r.stderr).toMatch(/01-odd\.md:4:8 error no font in the chain has '😀' U\+1F600 .*\[font:missing-glyph\]/u);
  });

  it('with --allow-missing-glyphs builds, warns about both, and draws a visible placeholder', async () => {
    const out = tempDir();
    const r = runCli(['build', '--chapters', manuscript(), '--out', out, '--allow-missing-glyphs', '--format', 'epub,pdf']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/01-odd\.md:3:3 warning no font in the chain has '𠮷' U\+20BB7 \(zh-Hans\); a placeholder is drawn/u);
    expect(r.stderr).toMatch(/warning no font in the chain has '😀' U\+1F600/u);
    const epub = await openEpub(join(out, r.stdout.match(/wrote \S*?([^/\s]+\.epub)/u)![1]));
    const chapter = await epub.spineDocument('c001.xhtml');
    // In the EPUB the character stays (search, copy) inside a framed placeholder span.
    expect(chapter).toContain('<span class="missing-glyph" title="U+20BB7">𠮷</span>');
    expect(chapter).toContain('<span class="missing-glyph" title="U+1F600">😀</span>');
    const trace = traceGlyphs(join(out, r.stdout.match(/wrote \S*?([^/\s]+\.pdf)/u)![1]));
    // The placeholder 〓 is drawn where each missing character stands, never a .notdef box.
    expect(trace.glyphs.filter((g) => g.glyph === '0')).toEqual([]);
    expect(trace.glyphs.length).toBeGreaterThan(5);
  });
});

describe('verse face fallback', () => {
  it('sets a poem the Kai face cannot set whole in the next face, never in two', async () => {
    // 丒 is in Noto Serif SC but not in LXGW WenKai.
    const dir = writeManuscript({ '01.md': POEM('丒字入诗无处寻，') });
    const out = tempDir();
    const result = await build({ chaptersDir: dir, outDir: out, formats: ['epub', 'pdf'], sourceDateEpoch: '0' });
    expect(result.diagnostics.some((d) => d.rule === 'font:poem-fallback')).toBe(true);
    const epub = result.outputs.find((o) => o.format === 'epub')!.path;
    const poemFonts = new Set(
      traceGlyphs(epub)
        .glyphs.filter((g) => '丒无处寻行句此'.includes(g.unicode))
        .map((g) => g.font),
    );
    expect([...poemFonts]).toEqual(['Noto Serif SC Regular']);
    const pdf = result.outputs.find((o) => o.format === 'pdf')!.path;
    expect(spawnSync('pdffonts', [pdf], { encoding: 'utf8' }).stdout).not.toContain('LXGWWenKai');
  });

  it('keeps the Kai face when it has every character of the poem', async () => {
    const dir = writeManuscript({ '01.md': POEM('明月松间照清泉，') });
    const out = tempDir();
    const result = await build({ chaptersDir: dir, outDir: out, formats: ['pdf'], sourceDateEpoch: '0' });
    expect(spawnSync('pdffonts', [result.outputs[0].path], { encoding: 'utf8' }).stdout).toContain('LXGWWenKai');
  });
});

describe('an author font in fonts/', () => {
  let dir: string;
  beforeAll(async () => {
    // A small face the test makes: Noto Sans SC, cut to the characters the chapter uses.
    const text = '# 第一章：自选字体\n\n这一章用作者自己放进来的字体排版。\n';
    const sans = readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'));
    const small = await subsetFont(sans, text + '第一章自选字体目录＊　0123456789', { targetFormat: 'truetype' });
    dir = writeManuscript({ '01.md': text, 'book.yaml': 'title: 自选字体\nauthor: 某人\nfonts:\n  all:\n    body: [fonts/MyBody.ttf, noto-serif-sc]\n' });
    mkdirSync(join(dir, 'fonts'));
    writeFileSync(join(dir, 'fonts/MyBody.ttf'), small);
  });

  it('changes the body face of the EPUB and the PDF', async () => {
    const out = tempDir();
    const result = await build({ chaptersDir: dir, outDir: out, formats: ['epub', 'pdf'], sourceDateEpoch: '0' });
    const epub = result.outputs.find((o) => o.format === 'epub')!.path;
    // Characters of the body sentence that the chapter heading does not also use.
    const body = traceGlyphs(epub).glyphs.filter((g) => '这用作者己放进来的排版'.includes(g.unicode));
    expect(new Set(body.map((g) => g.font))).toEqual(new Set(['Noto Sans SC Regular']));
    const pdf = result.outputs.find((o) => o.format === 'pdf')!.path;
    expect(spawnSync('pdffonts', [pdf], { encoding: 'utf8' }).stdout).toMatch(/\+NotoSansSC-Regular/u);
  });

  it('sets the licence text of the font page in the body face where it can, and a character it lacks is no missing glyph', async () => {
    // The body face alone, with every printable ASCII character but & and ": the OFL's text has both.
    const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).filter((c) => c !== '&' && c !== '"').join('');
    const sans = readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'));
    const text = '# 第一章：自选字体\n\n这一章用作者自己放进来的字体排版。\n';
    const own = await subsetFont(sans, `${text}第一章自选字体目录字体说明本书嵌入了以下的子集：简体中文版书名作者版次第某人＊　—${ascii}`, { targetFormat: 'truetype' });
    const only = writeManuscript({ '01.md': text, 'book.yaml': 'title: 自选字体\nauthor: 某人\nfonts:\n  zh-Hans:\n    body: [fonts/MyBody.ttf]\n' });
    mkdirSync(join(only, 'fonts'));
    writeFileSync(join(only, 'fonts/MyBody.ttf'), own);
    const result = await build({ chaptersDir: only, outDir: tempDir(), formats: ['epub'], editions: ['zh-Hans'], sourceDateEpoch: '0' });
    const epub = await openEpub(result.outputs[0].path);
    expect(visibleText((await epub.spineDocuments()).find((d) => d.name.endsWith('fonts.xhtml'))!.xhtml)).toContain('PERMISSION & CONDITIONS');
    const body = fontkit.create(Buffer.from(await epub.zip.file(epub.names.find((n) => /fonts\/body-/u.test(n))!)!.async('uint8array'))) as fontkit.Font;
    expect(body.hasGlyphForCodePoint('P'.codePointAt(0)!)).toBe(true);
    expect(body.hasGlyphForCodePoint('&'.codePointAt(0)!)).toBe(false);
  });

  it('a font entry that names no file is an error at its book.yaml line', () => {
    const bad = writeManuscript({ '01.md': '# 第一章：一\n\n一。\n', 'book.yaml': 'title: 书\nauthor: 人\nfonts:\n  zh-Hans:\n    body: [fonts/Nope.ttf]\n' });
    const r = runCli(['check', '--chapters', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/book\.yaml:5:\d+ error font file not found: 'fonts\/Nope\.ttf'.*\[config:font\]/u);
  });

  it('a face of a collection (TTC) is named by its PostScript name; a name it does not hold is an error at its book.yaml line that lists the names it does', async () => {
    const text = '# 第一章：合集\n\n这一章用字体合集里的一款排版。\n';
    const chars = text + '第一章合集目录＊　0123456789';
    const sc = await subsetFont(readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')), chars, { targetFormat: 'truetype' });
    const serif = await subsetFont(readFileSync(require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf')), chars, { targetFormat: 'truetype' });
    const ttc = fontCollection([serif, sc]);
    const yaml = (face: string) => `title: 合集\nauthor: 人\nfonts:\n  zh-Hans:\n    body: [fonts/Pair.ttc#${face}, noto-serif-sc]\n`;
    const typo = writeManuscript({ '01.md': text, 'book.yaml': yaml('NotoSansSC-Regualr'), 'fonts/Pair.ttc': ttc });
    const r = runCli(['check', '--chapters', typo]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("book.yaml:5:12 error font 'fonts/Pair.ttc#NotoSansSC-Regualr': fonts/Pair.ttc holds no face named 'NotoSansSC-Regualr'; its faces are NotoSerifSC-Regular, NotoSansSC-Regular [config:font]");
    expect(r.stderr).not.toMatch(/\n\s+at |internal error/u);

    // The second face, by its name: the EPUB's body subset is made from it.
    const good = writeManuscript({ '01.md': text, 'book.yaml': yaml('NotoSansSC-Regular'), 'fonts/Pair.ttc': ttc });
    const result = await build({ chaptersDir: good, outDir: tempDir(), formats: ['epub'], editions: ['zh-Hans'], sourceDateEpoch: '0' });
    const body = traceGlyphs(result.outputs[0].path).glyphs.filter((g) => '这用里款排'.includes(g.unicode));
    expect(new Set(body.map((g) => g.font))).toEqual(new Set(['Noto Sans SC Regular']));
  });

  it('a file that is not a font, or one cut short, is an error at its book.yaml line, never a stack trace', () => {
    const yaml = (name: string) => `title: 书\nauthor: 人\nfonts:\n  zh-Hans:\n    body: [fonts/${name}, noto-serif-sc]\n`;
    const notFont = writeManuscript({ '01.md': '# 第一章：一\n\n一。\n', 'book.yaml': yaml('Fake.ttf'), 'fonts/Fake.ttf': 'this is not a font\n' });
    const r = runCli(['check', '--chapters', notFont]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/book\.yaml:5:\d+ error font 'fonts\/Fake\.ttf' is not a font file.*\[config:font\]/u);
    expect(r.stderr).not.toMatch(/\n\s+at /u);

    const cut = readFileSync(join(dir, 'fonts/MyBody.ttf')).subarray(0, 3000);
    const short = writeManuscript({ '01.md': '# 第一章：一\n\n一。\n', 'book.yaml': yaml('Cut.ttf'), 'fonts/Cut.ttf': cut });
    const s = runCli(['check', '--chapters', short]);
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/book\.yaml:5:\d+ error font 'fonts\/Cut\.ttf' is cut short: its '\w+' table runs past the end of the file \[config:font\]/u);
    expect(s.stderr).not.toMatch(/\n\s+at |internal error/u);

    // A table renamed in the directory is a table lost: the subsetter, the composer or the PDF's
    // font descriptor would meet its absence mid-build, after the EPUB was written, with a stack trace.
    const whole = readFileSync(join(dir, 'fonts/MyBody.ttf'));
    for (const tag of ['loca', 'glyf', 'post']) {
      const damaged = Buffer.from(whole);
      const at = damaged.subarray(0, 12 + 16 * damaged.readUInt16BE(4)).indexOf(tag, 12, 'latin1');
      expect(at, tag).toBeGreaterThan(0);
      damaged.write(tag.slice(0, 3) + 'X', at, 'latin1');
      const lost = writeManuscript({ '01.md': '# 第一章：一\n\n一。\n', 'book.yaml': yaml('Lost.ttf'), 'fonts/Lost.ttf': damaged });
      const out = tempDir();
      const b = runCli(['build', '--chapters', lost, '--out', out, '--format', 'epub,pdf']);
      expect(b.code, tag).toBe(1);
      expect(b.stderr).toMatch(new RegExp(`book\\.yaml:5:\\d+ error font 'fonts/Lost\\.ttf' lacks its '${tag}' table, which every font of its kind has.*\\[config:font\\]`, 'u'));
      expect(b.stderr).not.toMatch(/\n\s+at |internal error/u);
      expect(readdirSync(out)).toEqual([]);
    }
  });
});

describe('EPUB font subsets', () => {
  it('carry the characters each role sets and little more', async () => {
    const out = tempDir();
    const result = await build({ chaptersDir: SAMPLE, outDir: out, formats: ['epub'], editions: ['zh-Hans'], sourceDateEpoch: '0' });
    const epub = await openEpub(result.outputs[0].path);
    const text = (await epub.spineDocuments()).map((d) => visibleText(d.xhtml)).join('');
    const chars = new Set([...text].filter((c) => c.trim()).map((c) => c.codePointAt(0)!));
    const bodyName = epub.names.find((n) => /fonts\/body-/u.test(n))!;
    const body = fontkit.create(Buffer.from(await epub.zip.file(bodyName)!.async('uint8array'))) as fontkit.Font;
    const missing = [...chars].filter((cp) => !body.hasGlyphForCodePoint(cp));
    expect(missing.map((cp) => String.fromCodePoint(cp))).toEqual([]);
    // The subset renumbers its glyphs: .notdef, the characters' glyphs and the few their kept substitutions
    // bring (vertical punctuation, regional forms), with no empty slots; only the characters set are mapped.
    expect(body.numGlyphs).toBeLessThan(chars.size * 1.1 + 50);
    const bodyBytes = Buffer.from(await epub.zip.file(bodyName)!.async('uint8array'));
    const mapped = readCmap(sfntTables(bodyBytes).cmap);
    expect(mapped.size).toBeLessThan(chars.size + 50);
    // About 360 bytes a glyph in Noto Serif SC; the keep-ids subset it replaced took 570 KB for 815 characters.
    expect(bodyBytes.length).toBeLessThan(body.numGlyphs * 400 + 20_000);
    for (const f of result.fonts) expect(f.subsetBytes).toBeLessThan(500 * 1024);
    // The licence travels with the font (OFL: "in the appropriate machine-readable metadata fields"): its
    // copyright, licence and licence URL records read as the original's.
    const source = NAMED_FONTS['noto-serif-sc']();
    if (source.kind !== 'file') throw new Error('noto-serif-sc is not a file face');
    const original = fontkit.openSync(source.path) as fontkit.Font;
    const names = (f: fontkit.Font) => ['copyright', 'license', 'licenseURL'].map((id) => ((f as unknown as { name: { records: Record<string, Record<string, string> | undefined> } }).name.records[id]?.en));
    expect(names(body)).toEqual(names(original));
    expect(names(body)[1]).toMatch(/SIL Open Font License/u);
  });
});

describe('EPUB font subsets, beyond the text units', () => {
  it('carry a code block’s characters, and the emphasis dots and list markers a reader draws from the body font', async () => {
    const dir = writeManuscript({
      '01.md': '# 第一章：代码\n\n他写下*一行*规则：\n\n```\n(QUIZ {x|y} ~ JAVA_VM)\n```\n\n1. 甲\n   - 乙\n',
    });
    const result = await build({ chaptersDir: dir, outDir: tempDir(), formats: ['epub'], editions: ['zh-Hans'], layouts: ['vertical'], sourceDateEpoch: '0' });
    const epub = await openEpub(result.outputs[0].path);
    const body = fontkit.create(Buffer.from(await epub.zip.file(epub.names.find((n) => /fonts\/body-/u.test(n))!)!.async('uint8array'))) as fontkit.Font;
    const lacking = (chars: string) => [...chars].filter((c) => !body.hasGlyphForCodePoint(c.codePointAt(0)!));
    // Not elsewhere in the book: only the code block holds them.
    expect(lacking('(QUIZ{x|y}~JAVA_VM)')).toEqual([]);
    // style.css's emphasis mark; a bullet (•) and a nested one (Chromium's square is ■); vertical.css's １、.
    const mark = /\btext-emphasis: "(.)"/u.exec(await epub.text('OEBPS/style.css'))![1];
    expect(mark).toBe('・');
    expect(lacking(`${mark}•■１、`)).toEqual([]);
  });

  it('carry the emphasis dot in the bold and the heading face too, where emphasis stands in bold text or a heading', async () => {
    // A reader looks for the mark in the face of the text's weight, then in its own fonts, never in the regular face.
    const dir = writeManuscript({ '01.md': '# 第一章：着重\n\n他说**这是*要紧*的话**。\n\n**【*点*题】**\n\n正文。\n' });
    const result = await build({ chaptersDir: dir, outDir: tempDir(), formats: ['epub'], editions: ['zh-Hans'], sourceDateEpoch: '0' });
    const epub = await openEpub(result.outputs[0].path);
    for (const role of ['bold', 'heading']) {
      const face = fontkit.create(Buffer.from(await epub.zip.file(epub.names.find((n) => new RegExp(`fonts/${role}-`, 'u').test(n))!)!.async('uint8array'))) as fontkit.Font;
      expect(face.hasGlyphForCodePoint(0x30fb), role).toBe(true);
    }
  });
});

describe('the build report of a PDF-only build', () => {
  it('names every face the PDF is set in, with its characters, each subset in the PDF itself; the Kai face, subset on its own, with its size', () => {
    const dir = writeManuscript({ '01.md': '# 第一章：题\n\n**【开篇诗词】**\n\n> 江湖夜雨十年灯，  \n> 铁匣无言算力增。\n\n正文一段，**粗体**。\n' });
    const r = runCli(['build', dir, '--out', tempDir(), '--format', 'pdf', '--edition', 'zh-Hans']);
    expect(r.code).toBe(0);
    const fonts = r.stdout.split('\n').filter((l) => l.startsWith('font '));
    // PDF fonts were left out of the report: only the Kai family's chunks are subset on their own.
    expect(fonts.map((l) => l.replace(/\d+ characters/u, 'N characters'))).toEqual([
      'font zh-Hans body: Noto Serif SC Regular, N characters, subset in each PDF',
      'font zh-Hans bold: Noto Serif SC Bold, N characters, subset in each PDF',
      'font zh-Hans heading: Noto Sans SC Bold, N characters, subset in each PDF',
      expect.stringMatching(/^font zh-Hans poem: LXGW WenKai.*, N characters, subset \d+ KiB$/u),
    ]);
    // 正文一段，粗体。 and the title's characters: the count is the plan's.
    expect(Number(/bold: .*?, (\d+) characters/u.exec(fonts[1])![1])).toBe(2);
  });
});

describe('Traditional fallback', () => {
  it('sets a character the Taiwan faces lack (硷, kept by OpenCC) in the Simplified face, merged into one body font', async () => {
    const dir = writeManuscript({ '01.md': '# 第一章：碱\n\n硷水一碗。\n' });
    const result = await build({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hant-TW'], formats: ['epub', 'pdf'], sourceDateEpoch: '0' });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const body = result.fonts.filter((f) => f.role === 'body');
    expect(body.map((f) => f.label)).toEqual(['Noto Serif TC Regular + Noto Serif SC Regular']);
    const epub = result.outputs.find((o) => o.format === 'epub')!.path;
    expect(traceGlyphs(epub).glyphs.filter((g) => g.unicode === '硷').map((g) => g.glyph)).not.toContain('0');
  });
});

describe('the PDF’s Traditional chains', () => {
  it('read a Simplified fallback face only when a character needs it', () => {
    const [tw] = prepareBook({ chaptersDir: SAMPLE, outDir: tempDir(), editions: ['zh-Hant-TW'] }).editions;
    // The plan's faces, wrapped to record which are opened; one wrapper per face, as the plan shares faces between roles.
    const opened: string[] = [];
    const wrappers = new Map<Face, Face>();
    const watched = (f: Face): Face => {
      if (!isFileFace(f)) return f;
      let w = wrappers.get(f);
      if (!w) wrappers.set(f, (w = { ...f, font: () => (opened.push(f.source.label), f.font()) } as Face));
      return w;
    };
    const chains = Object.fromEntries(Object.entries(tw.plan.chains).map(([role, faces]) => [role, faces.map(watched)])) as typeof tw.plan.chains;
    const faceFor: typeof tw.plan.faceFor = (role, cp) => {
      const f = tw.plan.faceFor(role, cp);
      return f && watched(f);
    };
    const fonts = layoutFontSet({ ...tw.plan, chains, faceFor }, []);
    const text = tw.book.chapters.flatMap((ch) => JSON.stringify(ch.blocks).match(/\p{Script=Han}/gu) ?? []);
    expect(text.length).toBeGreaterThan(1000);
    for (const ch of text) expect(fonts.faceFor('body', ch.codePointAt(0)!)?.label, ch).toBe('Noto Serif TC Regular');
    expect(opened.filter((l) => l.includes(' SC '))).toEqual([]);
    // 硷 is not in the Taiwan face: the plan sets it in the Simplified one, which is opened then.
    expect(fonts.faceFor('body', '硷'.codePointAt(0)!)?.label).toBe('Noto Serif SC Regular');
    expect(opened).toContain('Noto Serif SC Regular');
    // Each face's resource name is fixed by the chains, not by which character reached it first.
    const fresh = layoutFontSet(tw.plan, []);
    expect(fresh.faceFor('heading', '江'.codePointAt(0)!)?.label).toBe('Noto Sans TC Bold');
    expect(fresh.faceFor('body', '硷'.codePointAt(0)!)?.ordinal).toBe(fonts.faceFor('body', '硷'.codePointAt(0)!)?.ordinal);
    expect(fresh.faceFor('body', '江'.codePointAt(0)!)?.ordinal).toBe(fonts.faceFor('body', '江'.codePointAt(0)!)?.ordinal);
  });
});

/** The font program a PDF embeds for a font dictionary, through MuPDF: Type0 → descendant → descriptor → file. */
function embeddedProgram(pdf: string, fontObject: number, dir: string): Buffer {
  const show = (n: number) => spawnSync('mutool', ['show', pdf, String(n)], { encoding: 'utf8' }).stdout;
  const ref = (text: string, key: string) => Number(new RegExp(`/${key}\\s*\\[?\\s*(\\d+) 0 R`, 'u').exec(text)![1]);
  const descriptor = ref(show(ref(show(fontObject), 'DescendantFonts')), 'FontDescriptor');
  const file = ref(show(descriptor), 'FontFile[23]?');
  const out = join(dir, `font-${file}.bin`);
  spawnSync('mutool', ['show', '-b', '-o', out, pdf, String(file)]);
  return readFileSync(out);
}

describe('PDF fonts', () => {
  it('draw every character with its own glyph from the whole font (CID = glyph id, kept by the subset)', async () => {
    const out = tempDir();
    const result = await build({ chaptersDir: SAMPLE, outDir: out, formats: ['pdf'], editions: ['zh-Hans'], sourceDateEpoch: '0' });
    const pdf = result.outputs[0].path;
    const fonts = spawnSync('pdffonts', [pdf], { encoding: 'utf8' }).stdout;
    const object = Number(/\+NotoSerifSC-Regular\s.*?(\d+)\s+0\s*$/mu.exec(fonts)![1]);
    const embedded = fontkit.create(embeddedProgram(pdf, object, out)) as fontkit.Font;
    const whole = fontkit.openSync(require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf')) as fontkit.Font;
    const han = traceGlyphs(pdf).glyphs.filter((g) => /NotoSerifSC-Regular$/u.test(g.font) && /^\p{Script=Han}$/u.test(g.unicode));
    expect(new Set(han.map((g) => g.unicode)).size).toBeGreaterThan(500);
    // MuPDF's glyph is the embedded program's own id: its outline must be the whole font's for that character.
    const wrong = han.filter((g) => embedded.getGlyph(Number(g.glyph)).path.toSVG() !== whole.glyphForCodePoint(g.unicode.codePointAt(0)!).path.toSVG());
    expect(wrong.map((g) => g.unicode)).toEqual([]);
  });

  it("measure each glyph's advance as the font's hmtx gives it (read from its bytes, as fontkit reads it)", () => {
    for (const file of ['@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf', '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf']) {
      const font = fontkit.openSync(require.resolve(file)) as fontkit.Font;
      const face = new LayoutFace('face', file, font, 0);
      // Every 15th character the face has: CJK, Latin, punctuation, the tail of the long metrics.
      const cps = font.characterSet.filter((_, i) => i % 15 === 0);
      expect(cps.length).toBeGreaterThan(1000);
      const wrong = cps.filter((cp) => face.glyph(cp)!.advance !== font.glyphForCodePoint(cp).advanceWidth / font.unitsPerEm);
      expect(wrong).toEqual([]);
    }
  });

  it('shape a number (a folio) as fontkit shapes it whole, though its digits are put together one by one', () => {
    for (const file of [require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'), require.resolve('@expo-google-fonts/noto-serif-tc/400Regular/NotoSerifTC_400Regular.ttf'), CFF]) {
      const font = fontkit.openSync(file) as fontkit.Font;
      const face = new LayoutFace('face', file, font, 0);
      // Else this compares fontkit with itself: the Noto faces take the digit-by-digit path.
      if (file !== CFF) expect((face as unknown as { digitsCompose(): boolean }).digitsCompose()).toBe(true);
      const wrong: string[] = [];
      for (let n = 0; n < 12000; n += 7) {
        const text = String(n);
        const whole = font.layout(text);
        const ours = face.shape(text);
        const advance = whole.positions.reduce((sum, p) => sum + p.xAdvance / font.unitsPerEm, 0);
        const same = ours.glyphs.length === whole.glyphs.length && ours.glyphs.every((g, i) => g.id === whole.glyphs[i].id && g.advance === whole.positions[i].xAdvance / font.unitsPerEm) && ours.advance === advance;
        if (!same) wrong.push(text);
      }
      expect(wrong).toEqual([]);
    }
  });

  const CFF = '/usr/share/fonts/opentype/urw-base35/C059-Roman.otf';
  it('embed an OpenType (CFF) face from fonts/ with its glyphs, widths and text', async () => {
    const dir = writeManuscript({
      '01.md': '# 第一章：字\n\n这是 Perceptron 与 Backpropagation 的故事。\n',
      'book.yaml': 'title: 字体\nauthor: 某人\nfonts:\n  all:\n    body: [fonts/C059-Roman.otf, noto-serif-sc]\n',
      'fonts/C059-Roman.otf': readFileSync(CFF),
    });
    const out = tempDir();
    const result = await build({ chaptersDir: dir, outDir: out, formats: ['pdf'], editions: ['zh-Hans'], sourceDateEpoch: '0' });
    const pdf = result.outputs[0].path;
    expect(spawnSync('pdffonts', [pdf], { encoding: 'utf8' }).stdout).toMatch(/\+C059-Roman\s+CID Type 0C\s+Identity-H\s+yes yes yes/u);
    expect(spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout).toContain('这是 Perceptron 与 Backpropagation 的故事。');
    const whole = fontkit.openSync(CFF) as fontkit.Font;
    const latin = traceGlyphs(pdf).glyphs.filter((g) => g.font.endsWith('+C059-Roman') && /^[A-Za-z]$/u.test(g.unicode));
    expect(new Set(latin.map((g) => g.unicode)).size).toBeGreaterThan(10);
    const glyphOf = new Map<string, string>();
    for (const g of latin) {
      // One glyph per letter, never .notdef, and advancing as the font says.
      expect(g.glyph).not.toBe('0');
      expect(glyphOf.get(g.unicode) ?? g.glyph).toBe(g.glyph);
      glyphOf.set(g.unicode, g.glyph);
    }
    expect(new Set(glyphOf.values()).size).toBe(glyphOf.size);
    for (const g of latin) expect(g.adv, g.unicode).toBeCloseTo(whole.glyphForCodePoint(g.unicode.codePointAt(0)!).advanceWidth / whole.unitsPerEm, 3);
  });

  it('give an EPUB an OpenType (CFF) face of its own in the role’s stack, holding the characters it sets', async () => {
    const dir = writeManuscript({
      '01.md': '# 第一章：字\n\n这是 Perceptron 的故事。\n',
      'book.yaml': 'title: 字体\nauthor: 某人\nfonts:\n  all:\n    body: [fonts/C059-Roman.otf, noto-serif-sc]\n',
      'fonts/C059-Roman.otf': readFileSync(CFF),
    });
    const result = await build({ chaptersDir: dir, outDir: tempDir(), formats: ['epub'], editions: ['zh-Hans'], sourceDateEpoch: '0' });
    const epub = await openEpub(result.outputs[0].path);
    const font = async (pattern: RegExp) => {
      const name = epub.names.find((n) => pattern.test(n))!;
      expect(name, String(pattern)).toBeDefined();
      return new mupdf.Font(name, Buffer.from(await epub.zip.file(name)!.async('uint8array')));
    };
    // CFF outlines cannot be merged into the TrueType face, so each face is a font of its own.
    const latin = await font(/fonts\/body-c059-roman\.ttf$/u);
    const han = await font(/fonts\/body-noto-serif-sc-regular\.ttf$/u);
    for (const ch of 'Perceptron') expect(latin.encodeCharacter(ch.codePointAt(0)!), ch).not.toBe(0);
    for (const ch of '这是的故事') expect(han.encodeCharacter(ch.codePointAt(0)!), ch).not.toBe(0);
    expect(latin.encodeCharacter('Z'.codePointAt(0)!)).toBe(0);
  });
});
