import { existsSync, mkdtempSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SAMPLE = join(ROOT, 'chapters');
/** Fixtures we made for the tests: golden Markdown and XHTML, images of each kind. */
export const FIXTURES = join(ROOT, 'tests', 'fixtures');
/**
 * A book of one chapter we wrote in the shape of the author's: numbered 七, not
 * 一, a long chapter with dialogue in straight quotes, half-width punctuation
 * typed by mistake, Latin words with digits and a year range in parentheses.
 * The whole-book suites run on it as they run on the author's chapter.
 */
export const LONE_CHAPTER = join(FIXTURES, 'lone-chapter');
/**
 * The author's real chapter, beside the project and never copied into it. Only
 * `npm run test:seed` (tests/seed/) reads it; `npm test` runs on our own fixtures.
 */
export const SEED = resolve(ROOT, '../shared/seeds/000_c41c116c02fbbf2e.txt');

export function tempDir(prefix = 'book-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A manuscript folder holding the seed chapter as a .md file. */
export function seedManuscript(): string {
  if (!existsSync(SEED)) throw new Error(`the author's chapter is not at ${SEED}; npm run test:seed needs it`);
  const dir = tempDir('seed-');
  copyFileSync(SEED, join(dir, '07-seed.md'));
  return dir;
}

/** Writes a small manuscript: file name → content (book.yaml included if given). */
export function writeManuscript(files: Record<string, string | Buffer>): string {
  const dir = tempDir('ms-');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}
