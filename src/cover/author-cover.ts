import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Asset } from '../model/book.ts';
import { imageInfo, loadImageFile } from '../parse/image-file.ts';
import { isOutside } from '../load/outside.ts';

/**
 * book.yaml `cover:`, the author's own cover image: a PNG or JPEG inside the
 * manuscript folder. Returns the absolute path and the size as shown, or
 * why it cannot be used (the build reports that at the key's line, as it
 * does for fonts).
 */
export function resolveCoverSpec(spec: string, manuscriptDir: string): { path: string; width: number; height: number } | string {
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
  const { info } = loaded;
  return { path: real, width: info.width, height: info.height };
}

/** The author's cover as the model carries it; its name inside outputs keeps the file's own type. */
export function readCoverAsset(path: string): Asset {
  const data = readFileSync(path);
  const info = imageInfo(data)!;
  const ext = info.mediaType === 'image/png' ? 'png' : 'jpg';
  return { name: `cover.${ext}`, data, source: path, ...info };
}
