/**
 * The watch figure of issue 7: a full EPUB build, then the rebuilds after
 * single-chapter edits, in one process with the caches a `--watch` session
 * keeps. Works on a copy of the book so the cached manuscript stays as made.
 *
 *   node --import tsx bench/incremental.ts CHAPTERS_DIR OUT_DIR
 * prints one JSON line: { fullSeconds, incrementalSeconds (the median edit), edits }
 */
import { appendFileSync, cpSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { build } from '../src/build/build.ts';
import { BuildCache } from '../src/build/cache.ts';
import { median } from './measure.ts';

const [chaptersDir, outDir] = process.argv.slice(2);
const copy = mkdtempSync(join(os.tmpdir(), 'bench-watch-'));
cpSync(chaptersDir, copy, { recursive: true });
const cache = new BuildCache();
const options = { chaptersDir: copy, outDir, formats: ['epub' as const], editions: ['zh-Hans' as const], sourceDateEpoch: '1767225600', cache };

let t = performance.now();
await build(options);
const fullSeconds = (performance.now() - t) / 1000;

// Edits an author makes: one more sentence in a chapter, in characters the book already has,
// saved five times in five chapters of the middle of the book; the median is the figure.
const chapters = readdirSync(copy).filter((f) => f.endsWith('.md')).sort();
const edits: number[] = [];
for (let i = 0; i < 5; i++) {
  appendFileSync(join(copy, chapters[(Math.floor(chapters.length / 2) + i) % chapters.length]), '\n他说完这句话，转身走了。\n');
  t = performance.now();
  await build(options);
  edits.push((performance.now() - t) / 1000);
}
const incrementalSeconds = median(edits);
process.stdout.write(`${JSON.stringify({ fullSeconds, incrementalSeconds, edits })}\n`);
