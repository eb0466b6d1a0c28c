import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import type { PunctuationStyle } from '../../src/typeset/atoms.ts';
import type { ComposedLine } from '../../src/typeset/line-breaker.ts';
import { LayoutFace, type LayoutFontSet } from '../../src/typeset/layout-face.ts';

const require = createRequire(import.meta.url);
export const serif = new LayoutFace(
  'serif',
  'Noto Serif SC',
  fontkit.openSync(require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf')) as fontkit.Font,
  0,
);
/** The Traditional styles are set in a Traditional face, whose stops sit centred in the em box. */
export const serifTC = new LayoutFace(
  'serif-tc',
  'Noto Serif TC',
  fontkit.openSync(require.resolve('@expo-google-fonts/noto-serif-tc/400Regular/NotoSerifTC_400Regular.ttf')) as fontkit.Font,
  1,
);
export const fontSet = (face: LayoutFace): LayoutFontSet => ({
  find: (_role, test) => (test(face) ? face : undefined),
  faceFor: (_role, cp) => (face.has(cp) ? face : undefined),
  face: () => face,
});
export const fonts = fontSet(serif);
export const fontsFor = (style: PunctuationStyle) => (style === 'sc' ? fonts : fontSet(serifTC));

export const SIZE = 10;
export const lineText = (l: ComposedLine) => l.atoms.map((a) => a.text).join('');
export const right = (l: ComposedLine) => {
  const last = l.atoms.length - 1;
  return l.starts[last] + l.advances[last];
};
