import type { BookConfig, ValueAt } from '../config/load.ts';
import type { EditionTag } from '../config/editions.ts';
import { resolveCoverSpec } from '../cover/author-cover.ts';
import { BuildError, type Diagnostic, type Diagnostics } from '../diagnostics.ts';
import type { Asset } from '../model/book.ts';
import { resolveFontSpec, type FontRole, type FontSource } from '../fonts/sources.ts';
import { STORE_PIXELS } from '../parse/image-file.ts';

/** Font chains book.yaml sets, resolved to sources; roles it leaves out keep the defaults. */
export type FontOverrides = Partial<Record<EditionTag | 'all', Partial<Record<FontRole, FontSource[]>>>>;

export interface ResolvedFiles {
  fonts: FontOverrides;
  /** The author's cover image, read and checked to be a PNG or JPEG inside the folder. */
  cover?: Asset;
}

/**
 * The files book.yaml names, looked up: each font entry to a face the
 * registry can open, the cover to an image inside the manuscript folder.
 * Throws a BuildError with every entry that cannot be used, at its line;
 * a cover a store would refuse is a warning there.
 */
export function resolveConfigFiles(config: BookConfig, diagnostics: Diagnostics): ResolvedFiles {
  const problems: Diagnostic[] = [];
  const report = (rule: string, message: string, where: ValueAt) => problems.push({ ...where.at, severity: 'error', rule, message });
  const fonts: FontOverrides = {};
  for (const [scope, roles] of Object.entries(config.fonts) as Array<[EditionTag | 'all', Partial<Record<FontRole, ValueAt[]>>]>) {
    const resolved: Partial<Record<FontRole, FontSource[]>> = {};
    for (const [role, specs] of Object.entries(roles) as Array<[FontRole, ValueAt[]]>) {
      resolved[role] = specs.flatMap((spec) => {
        const source = resolveFontSpec(spec.value, config.dir);
        if (typeof source !== 'string') return [source];
        report('config:font', source, spec);
        return [];
      });
    }
    fonts[scope] = resolved;
  }
  let cover: Asset | undefined;
  if (config.cover) {
    const found = resolveCoverSpec(config.cover.value, config.dir);
    if (typeof found === 'string') report('config:cover', found, config.cover);
    else {
      cover = found;
      // Apple Books refuses an EPUB whose cover has 4 million pixels or more (docs/publishing-channels.md).
      const pixels = found.width * found.height;
      if (pixels >= STORE_PIXELS) {
        diagnostics.warn('config:cover-size', `the cover image is ${found.width}×${found.height}, ${(pixels / 1e6).toFixed(1)} million pixels; Apple Books takes a cover under 4 million (1600×2400 is enough)`, config.cover.at);
      }
    }
  }
  if (problems.length) throw new BuildError(problems);
  return { fonts, cover };
}
