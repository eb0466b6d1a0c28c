import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Diagnostics, Location } from '../diagnostics.ts';
import type { Asset } from '../model/book.ts';
import { isOutside } from '../load/outside.ts';
import { jpegHeader, turnsQuarter } from './jpeg-header.ts';

/**
 * Loads the images a manuscript references, once each, under deterministic
 * names (a content hash) so two builds name them alike.
 */
export class AssetStore {
  readonly assets = new Map<string, Asset>();
  /** Assets asked for since the caller last cleared it: what one chapter uses. */
  readonly requested = new Set<string>();
  private readonly byPath = new Map<string, string>();

  constructor(private readonly root: string) {}

  /**
   * Returns the asset key, or undefined after reporting why the image cannot
   * be used, to the diagnostics of the chapter that asks (a watch session
   * keeps them with the chapter).
   */
  image(src: string, at: Location & { file: string }, diagnostics: Diagnostics): string | undefined {
    if (/^[a-z][a-z0-9+.-]*:/iu.test(src)) {
      diagnostics.error('asset:remote-image', `image '${src}' is not a file in the manuscript folder; download it into the folder`, at);
      return undefined;
    }
    // markdown-it percent-encodes the path (剑庐.png is %E5%89%91%E5%BA%90.png); files and messages use it as written.
    const written = decodeURIComponent(src.split(/[?#]/u)[0]);
    const path = resolve(dirname(at.file), written);
    const cached = this.byPath.get(path);
    if (cached) {
      this.requested.add(cached);
      return cached;
    }
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      diagnostics.error('asset:missing-image', `image not found: ${written}`, at);
      return undefined;
    }
    if (isOutside(realpathSync(this.root), real)) {
      diagnostics.error('asset:outside-folder', `image '${written}' lies outside the manuscript folder`, at);
      return undefined;
    }
    const data = readFileSync(real);
    const info = imageInfo(data);
    if (!info) {
      diagnostics.error('asset:bad-image', `image '${written}' is not a PNG or JPEG file`, at);
      return undefined;
    }
    const hash = createHash('sha256').update(data).digest('hex').slice(0, 12);
    const name = `img-${hash}.${info.mediaType === 'image/png' ? 'png' : 'jpg'}`;
    this.assets.set(name, { name, data, source: real, ...info });
    this.byPath.set(path, name);
    this.requested.add(name);
    return name;
  }
}

interface ImageInfo {
  mediaType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  orientation?: number;
  components?: number;
}

/** An image's type and its size as shown: a JPEG's EXIF orientation turned (jpeg-header.ts). */
export function imageInfo(data: Uint8Array): ImageInfo | undefined {
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (view.length > 24 && view.readUInt32BE(0) === 0x89504e47 && view.toString('latin1', 12, 16) === 'IHDR') {
    return { mediaType: 'image/png', width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
  }
  const jpeg = jpegHeader(view);
  if (!jpeg) return undefined;
  const { width, height, orientation, components } = jpeg;
  const info = { mediaType: 'image/jpeg' as const, components, ...(turnsQuarter(orientation) ? { width: height, height: width } : { width, height }) };
  return orientation === 1 ? info : { ...info, orientation };
}
