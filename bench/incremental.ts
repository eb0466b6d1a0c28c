/**
 * The watch figure of issue 7: a full EPUB build, then the rebuild after one
 * chapter changes, in one process with the parse cache a `--watch` session
 * keeps. Works on a copy of the book so the cached manuscript stays as made.
 *
 *   node --import tsx bench/incremental.ts CHAPTERS_DIR OUT_DIR
 * prints one JSON line: { fullSeconds, incrementalSeconds }
 */
import { appendFileSync, cpSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { build } from '../src/build.ts';
import { ChapterCache } from '../src/parse/chapter-cache.ts';

const [chaptersDir, outDir] = process.argv.slice(2);
const copy = mkdtempSync(join(os.tmpdir(), 'bench-watch-'));
cpSync(chaptersDir, copy, { recursive: true });
const chapterCache = new ChapterCache();
const options = { chaptersDir: copy, outDir, formats: ['epub' as const], editions: ['zh-Hans' as const], sourceDateEpoch: '1767225600', chapterCache };

let t = performance.now();
await build(options);
const fullSeconds = (performance.now() - t) / 1000;

// An edit an author makes: one more sentence in a middle chapter, in characters the book already has.
const chapters = readdirSync(copy).filter((f) => f.endsWith('.md')).sort();
appendFileSync(join(copy, chapters[Math.floor(chapters.length / 2)]), '\n他说完这句话，转身走了。\n');
t = performance.now();
await build(options);
const incrementalSeconds = (performance.now() - t) / 1000;
process.stdout.write(`${JSON.stringify({ fullSeconds, incrementalSeconds })}\n`);
