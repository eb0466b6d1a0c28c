import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EDITIONS } from '../config/editions.ts';

/**
 * What a build writes into its output folder, and only that:
 * `<slug>.<edition>` (the preview folder) and `<slug>.<edition>.<suffix>`
 * (epub, pdf, print.pdf, cover.pdf, review.tsv, vertical.epub …), plus the
 * temporary `.<name>.tmp-<pid>` and `.<name>.old-<pid>` an interrupted build
 * leaves (src/output/atomic-write.ts, atomic-dir.ts). Matched by name against
 * the book's slug, so another book's outputs in a shared folder stay too.
 */
export function buildOutputs(outDir: string, slug: string): string[] {
  let names: string[];
  try {
    names = readdirSync(outDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const editions = EDITIONS.map(escape).join('|');
  const output = new RegExp(`^${escape(slug)}\\.(?:${editions})(?:\\.[A-Za-z0-9.]+)?$`, 'u');
  const leftover = new RegExp(`^\\.${escape(slug)}\\.(?:${editions})(?:\\.[A-Za-z0-9.]+)?\\.(?:tmp|old)-\\d+$`, 'u');
  return names.filter((n) => output.test(n) || leftover.test(n)).sort();
}

/** Deletes one output buildOutputs() named; a symlink is removed, never followed. One gone meanwhile (another clean) is as good as deleted. */
export function removeOutput(outDir: string, name: string): void {
  const path = join(outDir, name);
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (stat) rmSync(path, { recursive: stat.isDirectory(), force: true });
}

function escape(s: string): string {
  // Slugs are [a-z0-9-] and edition tags [A-Za-z-]; the dot is the one character to escape, the rest is care.
  return s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
