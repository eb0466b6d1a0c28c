import type { BookConfig, ValueAt } from '../config/load.ts';
import type { EditionTag } from '../config/editions.ts';
import { resolveCoverSpec } from '../cover/author-cover.ts';
import { BuildError, type Diagnostic } from '../diagnostics.ts';
import { resolveFontSpec, type FontRole, type FontSource } from '../fonts/sources.ts';

/** Font chains book.yaml sets, resolved to sources; roles it leaves out keep the defaults. */
export type FontOverrides = Partial<Record<EditionTag | 'all', Partial<Record<FontRole, FontSource[]>>>>;

export interface ResolvedFiles {
  fonts: FontOverrides;
  /** Absolute path of the author's cover image, checked to be a PNG or JPEG inside the folder. */
  cover?: string;
}

/**
 * The files book.yaml names, looked up: each font entry to a face the
 * registry can open, the cover to an image inside the manuscript folder.
 * Throws a BuildError with every entry that cannot be used, at its line.
 */
export function resolveConfigFiles(config: BookConfig): ResolvedFiles {
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
  let cover: string | undefined;
  if (config.cover) {
    const found = resolveCoverSpec(config.cover.value, config.dir);
    if (typeof found === 'string') report('config:cover', found, config.cover);
    else cover = found.path;
  }
  if (problems.length) throw new BuildError(problems);
  return { fonts, cover };
}
