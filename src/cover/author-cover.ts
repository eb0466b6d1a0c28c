import { realpathSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Asset } from '../model/book.ts';
import { loadImageFile } from '../parse/image-file.ts';
import { isOutside } from '../load/outside.ts';

/**
 * book.yaml `cover:`, the author's own cover image: a PNG or JPEG inside the
 * manuscript folder, read once, as the model carries it (its name inside
 * outputs keeps the file's own type); or why it cannot be used (the build
 * reports that at the key's line, as it does for fonts). The bytes checked
 * are the bytes built: a file read again could have changed in between.
 */
export function resolveCoverSpec(spec: string, manuscriptDir: string): Asset | string {
  if (isAbsolute(spec) || /^[a-z][a-z0-9+.-]*:/iu.test(spec)) return `cover '${spec}' must be a file given relative to the manuscript folder`;
  let real: string;
  try {
    real = realpathSync(resolve(manuscriptDir, spec));
  } catch {
    return `cover image not found: ${spec}`;
  }
  if (isOutside(realpathSync(manuscriptDir), real)) return `cover image '${spec}' lies outside the manuscript folder`;
  const loaded = loadImageFile(real);
  if ('problem' in loaded) return `cover image '${spec}' ${loaded.why}`;
  const { data, info } = loaded;
  return { name: `cover.${info.mediaType === 'image/png' ? 'png' : 'jpg'}`, data, source: real, ...info };
}
