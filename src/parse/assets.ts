import { createHash } from 'node:crypto';
import { readdirSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Diagnostics, Location } from '../diagnostics.ts';
import type { Asset } from '../model/book.ts';
import { isOutside } from '../load/outside.ts';
import { loadImageFile, millions, STORE_PIXELS, type ImageProblem } from './image-file.ts';
import { BROKEN_LINK, isBrokenLink } from '../files/broken-link.ts';

/** The rule each problem with an image file is reported under. */
const RULES: Record<ImageProblem['problem'], string> = { unreadable: 'asset:unreadable', bad: 'asset:bad-image', 'too-large': 'asset:image-size' };

/**
 * Loads the images a manuscript references, once each, under deterministic
 * names (a content hash) so two builds name them alike.
 */
export class AssetStore {
  readonly assets = new Map<string, Asset>();
  /** Assets asked for since the caller last cleared it: what one chapter uses. */
  readonly requested = new Set<string>();
  private readonly byPath = new Map<string, string>();
  /**
   * By the file itself, for a picture named two ways (`./images/a.png`, a
   * link): each file is read and checked once, the unusable ones too.
   */
  private readonly byReal = new Map<string, string | ImageProblem>();

  constructor(private readonly root: string) {}

  /**
   * Returns the asset key, or undefined after reporting why the image cannot
   * be used, to the diagnostics of the chapter that asks (a watch session
   * keeps them with the chapter).
   */
  image(src: string, at: Location & { file: string }, diagnostics: Diagnostics): string | undefined {
    const scheme = /^([a-z][a-z0-9+.-]*):/iu.exec(src)?.[1].toLowerCase();
    if (scheme !== undefined) {
      // A web address is downloaded, a file: path copied; anything else (javascript:, a data: text) names no picture.
      const fix = /^(https?|ftp)$/u.test(scheme) ? 'download it into the folder' : scheme === 'file' ? 'copy the file into the folder and write its path there' : 'write the path of a picture in the manuscript folder';
      diagnostics.error('asset:remote-image', `image '${src}' is not a file in the manuscript folder; ${fix}`, at);
      return undefined;
    }
    // markdown-it percent-encodes the path (剑庐.png is %E5%89%91%E5%BA%90.png); files and messages use it as written.
    const written = decodeURIComponent(src.split(/[?#]/u)[0]);
    // `![图]()`, a placeholder while drafting, would name the chapter's own folder.
    if (written.trim() === '') {
      diagnostics.error('asset:missing-image', 'image has no file: write its path between the parentheses, as in ![图](images/图.png)', at);
      return undefined;
    }
    const path = resolve(dirname(at.file), written);
    const cached = this.byPath.get(path);
    if (cached) return this.place(cached, written, path, at, diagnostics);
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      diagnostics.error('asset:missing-image', isBrokenLink(path) ? `image '${written}' ${BROKEN_LINK}` : `image not found: ${written}${sameNameOtherCase(path, written)}`, at);
      return undefined;
    }
    if (isOutside(realpathSync(this.root), real)) {
      diagnostics.error('asset:outside-folder', `image '${written}' lies outside the manuscript folder`, at);
      return undefined;
    }
    const known = this.byReal.get(real);
    if (typeof known === 'string') return this.place(known, written, path, at, diagnostics);
    const loaded = known ?? loadImageFile(real);
    if ('problem' in loaded) {
      this.byReal.set(real, loaded);
      diagnostics.error(RULES[loaded.problem], `image '${written}' ${loaded.why}`, at);
      return undefined;
    }
    const { data, info } = loaded;
    const hash = createHash('sha256').update(data).digest('hex').slice(0, 12);
    const name = `img-${hash}.${info.mediaType === 'image/png' ? 'png' : 'jpg'}`;
    this.assets.set(name, { name, data, source: real, ...info });
    this.byReal.set(real, name);
    return this.place(name, written, path, at, diagnostics);
  }

  /**
   * One more place for a loaded image. Its size is said at every place, not
   * once: a watch session keeps each chapter's findings with that chapter.
   */
  private place(name: string, written: string, path: string, at: Location, diagnostics: Diagnostics): string {
    this.byPath.set(path, name);
    this.requested.add(name);
    const { width, height } = this.assets.get(name)!;
    if (width * height >= STORE_PIXELS) {
      diagnostics.warn(
        'asset:image-size',
        `image '${written}' is ${width}×${height} pixels, ${millions(width * height)} million; Apple Books refuses an image of 4 million or more, and it makes the book slow to open: scale it down (2000 pixels on the long side is plenty)`,
        at,
      );
    }
    return name;
  }
}

/**
 * A file of the same name in another case beside where the image was
 * looked for (images/Qiao.png written, images/qiao.png there): a hint, as
 * names are read in their case, on this disk and on most readers'.
 */
function sameNameOtherCase(path: string, written: string): string {
  try {
    const name = basename(path).toLowerCase();
    // The name itself is no other case: that is a link to nothing, told as such before this.
    const found = readdirSync(dirname(path)).find((n) => n.toLowerCase() === name && n !== basename(path));
    return found ? ` (there is ${join(dirname(written), found)}: names are read in their case)` : '';
  } catch {
    return '';
  }
}
