import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { naturalCompare } from '../load/natural-order.ts';
import { makeDirs } from '../output/make-dirs.ts';
import { templatePath } from '../paths.ts';

/**
 * The starter book `init` copies: templates/starter/, file for file. Dot
 * files are kept there without their dot (npm leaves a `.gitignore` out of a
 * package) and get it back here.
 */
function starterFiles(): Array<{ from: string; to: string }> {
  const root = templatePath('starter');
  const out: Array<{ from: string; to: string }> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push({ from: path, to: relative(root, path).replace(/^gitignore$/u, '.gitignore') });
    }
  };
  walk(root);
  return out.sort((a, b) => a.to.localeCompare(b.to));
}

export type InitOutcome = { written: string[]; ownChapters: string[] } | { existing: string[] };

/** The starter's sample chapters and what only they use: left out where the author's own chapters stand. */
const isSample = (file: string) => file.endsWith('.md') || file.startsWith('images/');

/**
 * Writes the starter book into `dir` (made if missing). Nothing is
 * overwritten: if any file it would write is there, it writes nothing and
 * names them. In a folder that holds chapters already (`ownChapters`), the
 * sample chapters and their image are left out: the build reads every
 * `*.md` of the folder, and the samples would join the author's book.
 * `written` hears of each file as it is written, so that a failure half-way
 * (a full disk) still leaves the user told what is there.
 */
export function initBook(dir: string, written: (file: string) => void = () => {}): InitOutcome {
  const starter = starterFiles();
  const existing = starter.filter((f) => existsSync(join(dir, f.to))).map((f) => f.to);
  if (existing.length) return { existing };
  const ownChapters = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.md') && !n.startsWith('.')).sort(naturalCompare) : [];
  const files = starter.filter((f) => ownChapters.length === 0 || !isSample(f.to));
  for (const f of files) {
    const to = join(dir, f.to);
    makeDirs(dirname(to));
    copyFileSync(f.from, to);
    written(f.to);
  }
  return { written: files.map((f) => f.to), ownChapters };
}
