import { existsSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's own files (templates/, fonts/, chapters/, dist/), found from
 * this one module. Whatever folder a source file moves to, or wherever the
 * compiled JavaScript is put, the project root is the nearest folder above
 * this file that holds both package.json and templates/.
 */
function findProjectRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no project root (package.json beside templates/) above ${start}`);
  }
}

export const PROJECT_ROOT = findProjectRoot();

/** A file or folder under templates/, e.g. `templatePath('epub', 'style.css')`. */
export function templatePath(...parts: string[]): string {
  const dir = resolve(PROJECT_ROOT, 'templates');
  const path = resolve(dir, ...parts);
  // Templates are named by the code, never by a manuscript: a path out of the folder is a bug.
  if (!path.startsWith(`${dir}${sep}`)) throw new Error(`template path outside templates/: ${parts.join('/')}`);
  return path;
}

/** The project's fonts/ folder, where an author may also drop faces. */
export const PROJECT_FONTS = resolve(PROJECT_ROOT, 'fonts');
