import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fail } from '../diagnostics.ts';
import { temporaryName, writeFailed } from './atomic-write.ts';
import { makeDirs } from './make-dirs.ts';

/**
 * Writes a whole folder (the HTML preview) beside the old one and swaps it in:
 * the old folder is renamed away, the new one renamed in, the old removed. A
 * failed or killed build leaves the previous folder whole, never a mix of
 * two builds; a reader can miss the folder only between the two renames.
 * Returns the bytes written.
 */
export function writeDirAtomic(dir: string, files: ReadonlyMap<string, Uint8Array | string>): number {
  refuseManuscript(dir);
  const parent = dirname(dir);
  const fresh = temporaryName(dir);
  const stale = join(parent, `.${basename(dir)}.old-${process.pid}`);
  let bytes = 0;
  try {
    makeDirs(parent);
    rmSync(fresh, { recursive: true, force: true });
    rmSync(stale, { recursive: true, force: true });
    for (const [name, data] of files) {
      if (name.split('/').some((part) => part === '..' || part === '')) throw new Error(`bad file name in an output folder: ${name}`);
      const path = join(fresh, name);
      makeDirs(dirname(path));
      writeFileSync(path, data);
      bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    }
    const hadOld = existsSync(dir);
    if (hadOld) renameSync(dir, stale);
    try {
      renameSync(fresh, dir);
    } catch (e) {
      if (hadOld) renameSync(stale, dir);
      throw e;
    }
  } catch (e) {
    try {
      rmSync(fresh, { recursive: true, force: true });
    } catch {
      // The folder itself is unusable; the error below says why.
    }
    writeFailed(dir, e);
  }
  rmSync(stale, { recursive: true, force: true });
  return bytes;
}

/**
 * A folder in the output's place that holds a manuscript (its book.yaml or
 * a chapter) is the author's work, not an earlier preview: the swap would
 * delete it. With `--out` the manuscript's parent and the folder named as
 * the preview is (`<slug>.<edition>`), that is the manuscript itself.
 */
function refuseManuscript(dir: string): void {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) return;
    names = readdirSync(dir);
  } catch {
    return;
  }
  const work = names.find((n) => n === 'book.yaml' || n.endsWith('.md'));
  if (work) fail('output:would-replace', `${dir} holds ${work}, not a preview this build wrote; the preview would replace it. Build with another --out, or rename the folder`, { file: dir });
}
