import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build/build.ts';
import { drawnGlyphs, type DrawnGlyph } from './helpers/glyphs.ts';
import { markedContentProblems, readWithPdfjs } from './helpers/pdfjs.ts';
import { tempDir, writeManuscript } from './helpers/paths.ts';

/*
 * Footnotes stand at the foot of the page that calls them (页下注), read
 * back from our PDFs by MuPDF: on the call's page, below its text (left of
 * it in a column), a long note running on to the next page ahead of that
 * page's own note, every character of every note drawn once, in order.
 */

const BODY = 10.5;
const NOTE = BODY * 0.9;
const STEMS = '甲乙丙丁戊己庚辛壬癸';
const prose = '江湖传言，机器若能学会下棋，便也能学会说话；众人将信将疑，各自回去苦练功夫，等着看谁先分出高下。';
const paragraph = (k: number, call = '') => `${STEMS[k]}段开头。${prose}${prose}${call}`;

const NOTES = {
  a: '第一条注释，短短一行，说明前文所引的出处。',
  b: `第二条注释很长：${'后人考证此事，众说纷纭，有人说机器本无心，有人说心本是机器。'.repeat(30)}至此为止。`,
  c: '第三条注释，紧随长注之后，另见[^d]。',
  /** Called only from note c: its number comes last, and so does its place. */
  d: '第四条注释，注中之注。',
};
/** A note as drawn: a call inside it is a superscript, not note-size text. */
const drawn = (note: string) => note.replace(/\[\^\w+\]/gu, '');

const CHAPTER = [
  '# 第一回　注在页下',
  '',
  ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((k) => {
    const call = k === 1 ? '乙注在此[^a]' : k === 6 ? '庚注在此[^b]' : k === 7 ? '辛注在此[^c]' : '';
    return [paragraph(k, call), ''];
  }),
  `[^a]: ${NOTES.a}`,
  '',
  `[^b]: ${NOTES.b}`,
  '',
  `[^c]: ${NOTES.c}`,
  '',
  `[^d]: ${NOTES.d}`,
  '',
].join('\n');

interface Read {
  glyphs: DrawnGlyph[];
  vertical: boolean;
}

const isNote = (g: DrawnGlyph) => Math.abs(g.size - NOTE) < 0.05;
const isBody = (g: DrawnGlyph) => Math.abs(g.size - BODY) < 0.05;

/** The page a run of characters of one size starts on. */
function pageOf(glyphs: DrawnGlyph[], text: string, size: (g: DrawnGlyph) => boolean): number {
  const chars = [...text];
  const at = glyphs.findIndex((_, i) => chars.every((c, k) => glyphs[i + k]?.c === c && size(glyphs[i + k])));
  expect(at, text).toBeGreaterThanOrEqual(0);
  return glyphs[at].page;
}

describe('footnotes at the foot of the page', () => {
  const read: Record<string, Read> = {};
  beforeAll(async () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 页下注\nauthor: 测试者\n', '01-notes.md': CHAPTER });
    const out = tempDir('page-notes-');
    const result = await build({ chaptersDir: dir, outDir: out, formats: ['pdf'], editions: ['zh-Hans'], layouts: ['horizontal', 'vertical'], sourceDateEpoch: '1700000000' });
    for (const o of result.outputs) read[o.path.includes('vertical') ? 'vertical' : 'horizontal'] = { glyphs: drawnGlyphs(o.path).glyphs, vertical: o.path.includes('vertical') };
  }, 240_000);

  for (const layout of ['horizontal', 'vertical']) {
    describe(layout, () => {
      it('sets each note on the page of its call, below the text (left of it in a column)', () => {
        const { glyphs, vertical } = read[layout];
        for (const [call, note] of [['乙注在此', NOTES.a], ['庚注在此', NOTES.b]]) {
          const page = pageOf(glyphs, call, isBody);
          expect(pageOf(glyphs, note.slice(0, 8), isNote), call).toBe(page);
          const body = glyphs.filter((g) => g.page === page && isBody(g));
          const notes = glyphs.filter((g) => g.page === page && isNote(g));
          if (vertical) expect(Math.max(...notes.map((g) => g.x))).toBeLessThan(Math.min(...body.map((g) => g.x)));
          else expect(Math.min(...notes.map((g) => g.y))).toBeGreaterThan(Math.max(...body.map((g) => g.y)));
        }
      });

      it('runs the long note on to the next page, ahead of that page\'s note, every character once and in order', () => {
        const { glyphs } = read[layout];
        const noteGlyphs = glyphs.filter(isNote);
        expect(noteGlyphs.map((g) => g.c).join('').replace(/\s/gu, '')).toBe(`1${NOTES.a}2${NOTES.b}3${drawn(NOTES.c)}4${NOTES.d}`);
        const start = pageOf(glyphs, NOTES.b.slice(0, 8), isNote);
        const end = pageOf(glyphs, '至此为止', isNote);
        expect(end).toBeGreaterThan(start);
        // The note called after it follows its end, on the page of its call or the first after it that has room.
        expect(pageOf(glyphs, NOTES.c.slice(0, 8), isNote)).toBe(end);
        expect(end).toBeGreaterThanOrEqual(pageOf(glyphs, '辛注在此', isBody));
        // The note called from a note follows the last note called from the text, under the same rule.
        expect(pageOf(glyphs, NOTES.d.slice(0, 8), isNote)).toBe(end);
      });
    });
  }
});

describe('a note called again', () => {
  const again = '再注一次，说明此处与前文同出一源。';
  const other = '另一条注释，只在后面的页上出现。';
  // Called twice on its first page, then again pages later beside a note called there first.
  const chapter = [
    '# 第一回　一注两引',
    '',
    ...[0, 1, 2, 3, 4, 5, 6, 7, 8].flatMap((k) => [paragraph(k, k === 0 ? '甲处引之[^a]' : k === 1 ? '乙处又引[^a]' : k === 8 ? '壬处再引[^a]，又引他注[^e]' : ''), '']),
    `[^a]: ${again}`,
    '',
    `[^e]: ${other}`,
    '',
  ].join('\n');
  const read: Record<string, { glyphs: DrawnGlyph[]; path: string }> = {};
  beforeAll(async () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 一注两引\nauthor: 测试者\n', '01-notes.md': chapter });
    const result = await build({ chaptersDir: dir, outDir: tempDir('note-again-'), formats: ['pdf'], editions: ['zh-Hans'], layouts: ['horizontal', 'vertical'], sourceDateEpoch: '1700000000' });
    for (const o of result.outputs) read[o.path.includes('vertical') ? 'vertical' : 'horizontal'] = { glyphs: drawnGlyphs(o.path).glyphs, path: o.path };
  }, 240_000);

  for (const layout of ['horizontal', 'vertical']) {
    it(`stands again at the foot of a later page that calls it, in call order, and once on a page that calls it twice (${layout})`, async () => {
      const { glyphs, path } = read[layout];
      const first = pageOf(glyphs, '甲处引之', isBody);
      expect(pageOf(glyphs, '乙处又引', isBody)).toBe(first);
      const later = pageOf(glyphs, '壬处再引', isBody);
      expect(later).toBeGreaterThan(first);
      const notesOn = (page: number) => glyphs.filter((g) => g.page === page && isNote(g)).map((g) => g.c).join('').replace(/\s/gu, '');
      expect(notesOn(first)).toBe(`1${again}`);
      expect(notesOn(later)).toBe(`1${again}2${other}`);
      // Read once: the copy is an artifact, and the tagged text holds the note once.
      const doc = await readWithPdfjs(path);
      const tagged = doc.pages.flatMap((p) => [...p.textById.values()]).join('').replace(/\s/gu, '');
      expect(tagged.split(again).length - 1).toBe(1);
      // drawnGlyphs counts pages from 0, pdf.js from 1.
      expect(doc.pages.find((p) => p.n === later + 1)!.artifacts.join('').replace(/\s/gu, '')).toContain(again);
      expect(await markedContentProblems(path)).toEqual([]);
    });
  }
});
