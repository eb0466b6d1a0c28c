import { describe, expect, it } from 'vitest';
import { build } from '../src/build/build.ts';
import { drawnGlyphs } from './helpers/glyphs.ts';
import { tempDir, writeManuscript } from './helpers/paths.ts';

/*
 * Quotations and lists nested deeper than the page is wide: each level sets
 * its text further in, and past a third of the measure a level goes no
 * further, so its text keeps room. Read back by MuPDF: every character of
 * every level is drawn, in both layouts and in print's smaller page.
 */
describe('quotations and lists nested deeper than the page is wide', () => {
  const quote = '深引用标记甲乙丙';
  const items = Array.from({ length: 20 }, (_, i) => `第${i}层标记`);
  const chapter = ['# 第一章：深', '', `${'>'.repeat(18)} ${quote}`, '', ...items.map((item, i) => `${'  '.repeat(i)}- ${item}`), ''].join('\n');

  it('keep every character, drawn in order, across the page and in a column, on screen and in print', async () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 深\nauthor: 某人\nslug: deep\nprint:\n  trim: 32k\n', '01-x.md': chapter });
    const result = await build({ chaptersDir: dir, outDir: tempDir('deep-'), formats: ['pdf', 'print'], editions: ['zh-Hans'], layouts: ['horizontal', 'vertical'], sourceDateEpoch: '1700000000' });
    const books = result.outputs.filter((o) => !o.path.endsWith('.cover.pdf'));
    expect(books.length).toBe(4);
    for (const o of books) {
      const text = drawnGlyphs(o.path).glyphs.map((g) => g.c).join('');
      expect(text, o.path).toContain(quote);
      let from = text.indexOf(quote);
      for (const item of items) {
        const at = text.indexOf(item, from);
        expect(at, `${o.path}: ${item}`).toBeGreaterThan(from);
        from = at;
      }
    }
    expect(result.diagnostics.filter((d) => d.rule === 'pdf:word-broken')).toEqual([]);
  }, 240_000);
});
