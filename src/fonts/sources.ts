import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { PROJECT_FONTS } from '../paths.ts';
import type { EditionTag } from '../config/editions.ts';
import { isOutside } from '../load/outside.ts';
import { collectionFaceNames, sfntFileProblem } from './sfnt/sfnt-file.ts';

const require = createRequire(import.meta.url);


/** Roles a face plays in the book. Each role is an ordered fallback chain. */
export type FontRole = 'body' | 'bold' | 'heading' | 'poem';
export const FONT_ROLES: readonly FontRole[] = ['body', 'bold', 'heading', 'poem'];

export const OFL = 'SIL Open Font License 1.1';

export type FontSource =
  /** A TTF/OTF (or a face of a TTC, by PostScript name). */
  | { kind: 'file'; path: string; face?: string; label: string; license: string }
  /**
   * A family published as webfont chunks (LXGW WenKai on npm): a CSS file of
   * @font-face rules, each with a unicode-range and a woff2 chunk.
   */
  | { kind: 'chunked'; css: string; label: string; license: string };

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** `noto-serif-sc`, `700Bold` → `@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf`. */
function expo(family: string, weight: '400Regular' | '700Bold'): FontSource {
  const dir = packageDir(`@expo-google-fonts/${family}`);
  const [a, b, region] = family.split('-');
  const stem = `${cap(a)}${cap(b)}${region.toUpperCase()}`;
  return { kind: 'file', path: join(dir, weight, `${stem}_${weight}.ttf`), label: `${cap(a)} ${cap(b)} ${region.toUpperCase()} ${weight.slice(3)}`, license: OFL };
}

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

function wenkai(tc: boolean): FontSource {
  const dir = packageDir(tc ? 'lxgw-wenkai-tc-webfont' : 'lxgw-wenkai-webfont');
  return { kind: 'chunked', css: join(dir, tc ? 'lxgwwenkaitc-regular.css' : 'lxgwwenkai-regular.css'), label: tc ? 'LXGW WenKai TC' : 'LXGW WenKai', license: OFL };
}

/** Faces that come with the project from npm, by the names book.yaml uses for them. */
export const NAMED_FONTS: Record<string, () => FontSource> = {
  'noto-serif-sc': () => expo('noto-serif-sc', '400Regular'),
  'noto-serif-sc-bold': () => expo('noto-serif-sc', '700Bold'),
  'noto-serif-tc': () => expo('noto-serif-tc', '400Regular'),
  'noto-serif-tc-bold': () => expo('noto-serif-tc', '700Bold'),
  'noto-serif-hk': () => expo('noto-serif-hk', '400Regular'),
  'noto-serif-hk-bold': () => expo('noto-serif-hk', '700Bold'),
  'noto-sans-sc': () => expo('noto-sans-sc', '400Regular'),
  'noto-sans-sc-bold': () => expo('noto-sans-sc', '700Bold'),
  'noto-sans-tc': () => expo('noto-sans-tc', '400Regular'),
  'noto-sans-tc-bold': () => expo('noto-sans-tc', '700Bold'),
  'noto-sans-hk-bold': () => expo('noto-sans-hk', '700Bold'),
  'lxgw-wenkai': () => wenkai(false),
  'lxgw-wenkai-tc': () => wenkai(true),
};

/**
 * The default chains per edition: regional Noto faces, LXGW WenKai for verse.
 * The Traditional editions fall back to the Simplified faces last: OpenCC
 * keeps some characters (硷, 叄) that the Taiwan and Hong Kong subsets lack.
 */
export function defaultChains(edition: EditionTag): Record<FontRole, string[]> {
  if (edition === 'zh-Hans') {
    return {
      body: ['noto-serif-sc'],
      bold: ['noto-serif-sc-bold', 'noto-serif-sc'],
      heading: ['noto-sans-sc-bold', 'noto-serif-sc-bold'],
      poem: ['lxgw-wenkai', 'noto-serif-sc'],
    };
  }
  const hk = edition === 'zh-Hant-HK';
  const serif = hk ? ['noto-serif-hk', 'noto-serif-tc'] : ['noto-serif-tc'];
  return {
    body: [...serif, 'noto-serif-sc'],
    bold: [...serif.map((f) => `${f}-bold`), ...serif, 'noto-serif-sc-bold'],
    // Hong Kong's own sans: Noto Sans TC draws 19 of the sample's heading characters (顧, 詩…) to Taiwan's standard, not the body's.
    heading: [...(hk ? ['noto-sans-hk-bold'] : []), 'noto-sans-tc-bold', `${serif[0]}-bold`, 'noto-sans-sc-bold'],
    poem: ['lxgw-wenkai-tc', ...serif, 'noto-serif-sc'],
  };
}

/** An edition's chains: the defaults, overridden role by role by book.yaml's `all`, then the edition's own entry. */
export function fontChains(
  edition: EditionTag,
  overrides: Partial<Record<EditionTag | 'all', Partial<Record<FontRole, FontSource[]>>>> = {},
): Record<FontRole, FontSource[]> {
  const chains = defaultChains(edition);
  return Object.fromEntries(
    FONT_ROLES.map((r) => [r, overrides[edition]?.[r] ?? overrides.all?.[r] ?? chains[r].map((n) => NAMED_FONTS[n]())]),
  ) as Record<FontRole, FontSource[]>;
}

const FONT_FILE = /\.(ttf|otf|ttc|otc)$/iu;

/**
 * A book.yaml font entry: a name from NAMED_FONTS, or a font file (TTF, OTF,
 * or `file.ttc#PostScriptName`) in the manuscript folder or the project's
 * fonts/. Returns an error message instead of a source when it cannot be used.
 */
export function resolveFontSpec(spec: string, manuscriptDir: string): FontSource | string {
  if (NAMED_FONTS[spec]) return NAMED_FONTS[spec]();
  const [file, face] = spec.split('#');
  if (!FONT_FILE.test(file)) return `unknown font '${spec}': not a font file (.ttf .otf .ttc .otc) and not one of ${Object.keys(NAMED_FONTS).join(', ')}`;
  if (isAbsolute(file)) return `font '${spec}' must be given relative to the manuscript folder or fonts/`;
  for (const base of [manuscriptDir, PROJECT_FONTS]) {
    const path = resolve(base, file);
    if (!existsSync(path)) continue;
    if (isOutside(realpathSync(base), realpathSync(path))) return `font '${spec}' lies outside the manuscript folder and fonts/`;
    const collection = /\.(ttc|otc)$/iu.test(extname(file));
    if (collection && !face) return `font '${spec}' is a collection: name the face as '${file}#PostScriptName'`;
    if (collection) {
      const faces = collectionFaceNames(path);
      // Refused only when every face's name was read: fontkit may still find a name this reader missed.
      if (faces && faces.every(Boolean) && !faces.includes(face)) return `font '${spec}': ${file} holds no face named '${face}'; its faces are ${faces.join(', ')}`;
    }
    // A text file renamed .ttf, or a copy cut short, is told at its book.yaml line, not when the build first reads a glyph from it.
    const problem = sfntFileProblem(path);
    if (problem) return `font '${spec}' ${problem}`;
    return { kind: 'file', path, face, label: face ?? file.replace(/^.*\//u, '').replace(FONT_FILE, ''), license: 'see the font file' };
  }
  return `font file not found: '${file}' (looked in the manuscript folder and fonts/)`;
}

/** The default chains as sources, for callers that take no book.yaml into account. */
export function defaultFonts(edition: EditionTag): Record<FontRole, FontSource[]> {
  return fontChains(edition);
}
