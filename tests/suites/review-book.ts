import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.ts';
import { openEpub, visibleText } from '../helpers/epub.ts';
import { tempDir } from '../helpers/paths.ts';
import { readReviewTsv, type ReviewTsvRow } from '../helpers/review-tsv.ts';

/**
 * The Taiwan review of a whole book: the sample (`npm test`) and the
 * author's own chapter (`npm run test:seed`), whose text no fixture of ours
 * imitates. Every row must stand where its character or word stands in the
 * raw file, as an editor counts columns.
 */
export function reviewBookSuite(name: string, manuscript: () => string): void {
  describe(`the Taiwan review of the ${name}`, () => {
    let dir: string;
    let rows: ReviewTsvRow[];
    let epubText: string;

    beforeAll(async () => {
      dir = manuscript();
      const out = tempDir('review-book-');
      await build({ chaptersDir: dir, outDir: out, editions: ['zh-Hant-TW'], formats: ['epub', 'review'], sourceDateEpoch: '1700000000' });
      const [tsv] = readdirSync(out).filter((n) => n.endsWith('.review.tsv'));
      rows = readReviewTsv(join(out, tsv));
      const epub = await openEpub(join(out, tsv.replace(/\.review\.tsv$/u, '.epub')));
      epubText = (await epub.spineDocuments()).map((d) => visibleText(d.xhtml)).join('\n');
    }, 120_000);

    it('puts every row at the place its character or word stands in the raw file', () => {
      const files = new Map<string, string[]>();
      const lines = (file: string) => files.get(file) ?? files.set(file, readFileSync(join(dir, file), 'utf8').split('\n')).get(file)!;
      let placed = 0;
      for (const r of rows) {
        // Text the pipeline made (an appendix heading), or a character from an entity: no place to check.
        if (!r.file || r.column === '0') continue;
        const at = [...lines(r.file)[Number(r.line) - 1]].slice(Number(r.column) - 1, Number(r.column) - 1 + [...r.source].length).join('');
        expect(`${r.file}:${r.line}:${r.column} ${at}`).toBe(`${r.file}:${r.line}:${r.column} ${r.source}`);
        placed++;
      }
      expect(placed).toBeGreaterThan(100);
    });

    it('lists the words Taiwan writes otherwise, each as the EPUB prints it', () => {
      const words = rows.filter((r) => r.decided_by === 'vocabulary');
      expect(words.length).toBeGreaterThan(0);
      for (const r of words) {
        expect(r.alternatives.split(' ')[0], r.source).toBe(r.chosen);
        expect(epubText, `${r.source} → ${r.chosen}`).toContain(r.chosen);
      }
    });
  });
}
