import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.ts';
import { openEpub, epubcheck, visibleText, type EpubContents } from '../helpers/epub.ts';
import { traceGlyphs } from '../helpers/mutool.ts';
import { tempDir } from '../helpers/paths.ts';
import { extraHan, metadataValues, missingHan, storyText } from '../helpers/story.ts';

const HAN = /\p{Script=Han}/u;
/** Faces the build embeds; anything else in a MuPDF trace is the reader's own fallback. */
const EMBEDDED = /^(Noto Serif SC|Noto Sans SC|LXGW WenKai)/u;

interface Built {
  dir: string;
  path: string;
  epub: EpubContents;
}

export async function buildEpub(dir: string): Promise<Built> {
  const out = tempDir('out-');
  const result = await build({ chaptersDir: dir, outDir: out, formats: ['epub'], sourceDateEpoch: '1700000000' });
  const path = result.outputs.find((o) => o.format === 'epub')!.path;
  return { dir, path, epub: await openEpub(path) };
}

/** What every zh-Hans EPUB must be, checked on a whole manuscript folder. */
export function epubBookSuite(name: string, manuscript: () => string): void {
  describe(`EPUB of the ${name}`, () => {
    let built: Built;
    let chapters: Array<{ name: string; xhtml: string }>;
    beforeAll(async () => {
      built = await buildEpub(manuscript());
      chapters = (await built.epub.spineDocuments()).filter((d) => /\/c\d+\.xhtml$/u.test(d.name));
    });

    it('passes epubcheck with no errors and no warnings', () => {
      const r = epubcheck(built.path);
      expect(r.output).toContain('Messages:');
      expect({ errors: r.errors, warnings: r.warnings }).toEqual({ errors: 0, warnings: 0 });
    });

    it('nests sections under their chapter in the nav', async () => {
      const nav = await built.epub.text('OEBPS/toc.xhtml');
      const toc = /<nav epub:type="toc"[\s\S]*?<\/nav>/u.exec(nav)![0];
      // A chapter's <li> holds its own <ol> of section links into the same document.
      const chapterItems = [...toc.matchAll(/<li><a href="(c\d+\.xhtml)">[^<]+<\/a>\s*<ol>([\s\S]*?)<\/ol>\s*<\/li>/gu)];
      expect(chapterItems.length).toBe(chapters.length);
      for (const [, file, inner] of chapterItems) {
        const links = [...inner.matchAll(/href="([^"]+)"/gu)].map((m) => m[1]);
        expect(links.length).toBeGreaterThan(2);
        for (const l of links) expect(l.startsWith(`${file}#`)).toBe(true);
      }
      expect(toc).toMatch(/>第[一二三四五六七八九十]+章　/u);
    });

    it('sets each verse line of the opening poem on its own line', () => {
      const sources = storyText(built.dir);
      const poemSource = /\*\*【开篇诗词】\*\*\s*\n\n((?:>.*\n?)+)/u.exec(sources)![1];
      const verses = poemSource.split('\n').map((l) => l.replace(/^>\s?/u, '').trim()).filter(Boolean);
      const xhtml = chapters.map((c) => c.xhtml).join('\n');
      const poem = /<div class="poem[^"]*">([\s\S]*?)<\/div>/u.exec(xhtml)![1];
      const lines = [...poem.matchAll(/<p class="verse">([^<]*)<\/p>/gu)].map((m) => m[1]);
      expect(lines).toEqual(verses);
    });

    it('leaves no straight quote and no ASCII ellipsis beside Han text', () => {
      for (const c of chapters) {
        const text = visibleText(c.xhtml);
        expect(text).not.toMatch(/\p{Script=Han}["']|["']\p{Script=Han}/u);
        expect(text).not.toMatch(/\.{3}|。。。/u);
        expect(text).not.toMatch(/(?<!…)…(?!…)/u);
      }
    });

    it('shows nothing of the metadata comment', () => {
      const story = storyText(built.dir);
      const all = chapters.map((c) => visibleText(c.xhtml)).join('\n');
      expect(all).not.toContain('元信息');
      const hidden = metadataValues(built.dir).filter((v) => !story.includes(v));
      expect(hidden.length).toBeGreaterThan(3);
      for (const v of hidden) expect(all).not.toContain(v);
    });

    it('has no script elements anywhere', async () => {
      for (const n of built.epub.names.filter((f) => /\.(x?html|opf|ncx)$/u.test(f))) {
        expect(await built.epub.text(n)).not.toMatch(/<script/iu);
      }
    });

    it('writes Chinese as characters, not numeric references', () => {
      for (const c of chapters) expect(c.xhtml).not.toMatch(/&#x?[0-9a-f]+;/iu);
    });

    it('keeps every Han character of the story text, with multiplicity', () => {
      const text = chapters.map((c) => visibleText(c.xhtml)).join('\n');
      expect(missingHan(storyText(built.dir), text)).toEqual([]);
      // Nor more of any: a chapter document repeats nothing of the story (the contents and the appendices are documents of their own).
      expect(extraHan(storyText(built.dir), text)).toEqual([]);
    });

    it('embeds subset fonts, each under 1 MB', () => {
      const fonts = built.epub.names.filter((n) => n.startsWith('OEBPS/fonts/') && n.endsWith('.ttf'));
      expect(fonts.length).toBeGreaterThanOrEqual(3);
      for (const f of fonts) {
        const size = (built.epub.zip.files[f] as unknown as { _data: { uncompressedSize: number } })._data.uncompressedSize;
        expect(size, f).toBeLessThan(1024 * 1024);
      }
      expect(readFileSync(built.path).length).toBeLessThan(2 * 1024 * 1024);
    });

    it('MuPDF draws every Han glyph with an embedded font and never a .notdef', () => {
      const { glyphs } = traceGlyphs(built.path);
      expect(glyphs.length).toBeGreaterThan(100);
      const han = glyphs.filter((g) => HAN.test(g.unicode));
      const foreign = [...new Set(han.filter((g) => !EMBEDDED.test(g.font)).map((g) => `${g.font}:${g.unicode}`))];
      expect(foreign).toEqual([]);
      expect(glyphs.filter((g) => g.glyph === '0' && g.unicode.trim() !== '')).toEqual([]);
      expect(new Set(han.map((g) => g.font.replace(/ (Regular|Bold)$/u, '')))).toContain('LXGW WenKai');
    });

    it('uses zh-Hans in every language tag', async () => {
      const opf = await built.epub.text('OEBPS/content.opf');
      expect(opf).toContain('<dc:language>zh-Hans</dc:language>');
      for (const c of chapters) expect(c.xhtml).toContain('xml:lang="zh-Hans" lang="zh-Hans"');
    });
  });
}
