import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { EditionTag } from '../config/editions.ts';

const require = createRequire(import.meta.url);

/** Roles a face plays in the book. Each role is an ordered fallback chain. */
export type FontRole = 'body' | 'bold' | 'heading' | 'poem';
export const FONT_ROLES: readonly FontRole[] = ['body', 'bold', 'heading', 'poem'];

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

/** `noto-serif-sc` → `@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf`. */
function expo(family: string, weight: '400Regular' | '700Bold', label: string): FontSource {
  const dir = packageDir(`@expo-google-fonts/${family}`);
  const [a, b, region] = family.split('-');
  const stem = `${cap(a)}${cap(b)}${region.toUpperCase()}`;
  return { kind: 'file', path: join(dir, weight, `${stem}_${weight}.ttf`), label, license: 'SIL Open Font License 1.1' };
}

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

function wenkai(tc: boolean): FontSource {
  const dir = packageDir(tc ? 'lxgw-wenkai-tc-webfont' : 'lxgw-wenkai-webfont');
  return {
    kind: 'chunked',
    css: join(dir, tc ? 'lxgwwenkaitc-regular.css' : 'lxgwwenkai-regular.css'),
    label: tc ? 'LXGW WenKai TC' : 'LXGW WenKai',
    license: 'SIL Open Font License 1.1',
  };
}

/** The default chains per edition: regional Noto faces, LXGW WenKai for verse. */
export function defaultFonts(edition: EditionTag): Record<FontRole, FontSource[]> {
  const region = edition === 'zh-Hans' ? 'sc' : edition === 'zh-Hant-HK' ? 'hk' : 'tc';
  const sansRegion = region === 'hk' ? 'tc' : region;
  const serif = (w: '400Regular' | '700Bold') => expo(`noto-serif-${region}`, w, `Noto Serif ${region.toUpperCase()} ${w.slice(3)}`);
  const sans = expo(`noto-sans-${sansRegion}`, '700Bold', `Noto Sans ${sansRegion.toUpperCase()} Bold`);
  return {
    body: [serif('400Regular')],
    bold: [serif('700Bold'), serif('400Regular')],
    heading: [sans, serif('700Bold')],
    poem: [wenkai(region !== 'sc'), serif('400Regular')],
  };
}
