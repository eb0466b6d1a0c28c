import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from '../src/files/decode-utf8.ts';
import { SourceLocator } from '../src/review/locate.ts';

// The review asks the locator for the places of its decisions only; those must be the places the
// whole text's walk gives them, or a row's column would depend on which characters had a choice.
describe('SourceLocator.columns with wanted code points', () => {
  const dir = mkdtempSync(join(tmpdir(), 'locate-'));
  const file = join(dir, 'a.md');
  // A reference, markup, a character outside the BMP and a normalised compatibility form, on two lines.
  writeFileSync(file, ['# 标题', '', '他说："头发……" `code` 干了<b>后</b>𠀋来&#x53F0;湾，', '又到了里面。', ''].join('\n'));
  const texts: Array<[number, string]> = [
    [1, '标题'],
    [3, '他说：“头发……” code 干了后𠀋来台湾，又到了里面。'],
  ];

  it('gives each wanted code point, repeats included, the place the whole walk gives it', () => {
    for (const [line, text] of texts) {
      const whole = new SourceLocator().columns(file, line, text);
      const n = Array.from(text).length;
      expect(whole.columns.length).toBe(n);
      const wanted = [0, 2, 2, 5, 9, n - 6, n - 3, n - 1].filter((k) => k >= 0 && k < n).sort((a, b) => a - b);
      const some = new SourceLocator().columns(file, line, text, wanted);
      expect(some.columns).toEqual(wanted.map((k) => whole.columns[k]));
      expect(some.lines).toEqual(wanted.map((k) => whole.lines[k]));
    }
  });

  it('leaves the cursor where the whole walk leaves it, for the next node on the line', () => {
    const a = new SourceLocator();
    const b = new SourceLocator();
    a.columns(file, 3, '他说：');
    b.columns(file, 3, '他说：', [1]);
    expect(b.columns(file, 3, '头发')).toEqual(a.columns(file, 3, '头发'));
    // And the places found are real ones: 头 is the raw line's fifth code point (他说："头).
    expect(new SourceLocator().columns(file, 3, '他说：“头', [4]).columns).toEqual([5]);
  });
});

// The build hands the locator the chapters as it read them: the columns are counted in that text,
// the one the book was made from, even should the file change on disk while the build runs.
describe('SourceLocator with the files as the build read them', () => {
  it('counts columns in the text it is given, not in the file on disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'locate-'));
    const file = join(dir, 'b.md');
    writeFileSync(file, '一二三四五头发\n');
    const read = new Map([[file, '# 题\n\n甲乙头发\n']]);
    expect(new SourceLocator(read).columns(file, 3, '甲乙头发')).toEqual({ lines: [3, 3, 3, 3], columns: [1, 2, 3, 4] });
    // Without the text, the file on disk: 头 is its sixth code point, on line 1.
    expect(new SourceLocator().columns(file, 1, '头发').columns).toEqual([6, 7]);
  });

  it('counts a byte-order mark written twice as a column of line 1, as an editor shows it, either way', () => {
    const dir = mkdtempSync(join(tmpdir(), 'locate-'));
    const file = join(dir, 'c.md');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from('# 头发\n')]));
    const fromDisk = new SourceLocator().columns(file, 1, '头发');
    expect(fromDisk.columns).toEqual([4, 5]);
    // As the loader decodes it (its first mark dropped, the second kept for the control-character check).
    const asRead = decodeUtf8(readFileSync(file), file, 'chapter file', 'load:not-utf8');
    expect(new SourceLocator(new Map([[file, asRead]])).columns(file, 1, '头发')).toEqual(fromDisk);
  });
});
