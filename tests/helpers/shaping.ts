import * as hb from 'harfbuzzjs';

/**
 * Shapes texts with harfbuzzjs (the HarfBuzz a browser shapes with) in a
 * source face and in a subset of it, and lists where they differ: glyph
 * outline (as an SVG path), advances, offsets, cluster. Horizontal and
 * vertical (ttb, where `vert`/`vrt2` apply by default), with the CJK
 * spacing features each way.
 */
type HbFont = { glyphToPath(g: number): string };
const open = (bytes: Uint8Array): HbFont => new hb.Font(new hb.Face(new hb.Blob(bytes))) as unknown as HbFont;

function shape(font: HbFont, text: string, vertical: boolean, features: string[], lang: string): string[] {
  const buffer = new hb.Buffer();
  buffer.addText(text);
  buffer.guessSegmentProperties();
  if (vertical) buffer.setDirection(hb.Direction.TTB);
  buffer.setLanguage(lang);
  hb.shape(font as never, buffer, features.map((f) => hb.Feature.fromString(f)!));
  const positions = buffer.getGlyphPositions();
  return buffer.getGlyphInfos().map((g, i) => {
    const p = positions[i];
    return `${g.cluster} ${p.xAdvance},${p.yAdvance},${p.xOffset},${p.yOffset} ${font.glyphToPath(g.codepoint)}`;
  });
}

export const CONFIGS: Array<[vertical: boolean, features: string[]]> = [
  [false, []],
  [false, ['halt']],
  [false, ['chws']],
  [false, ['palt']],
  [false, ['kern=0']],
  [true, []],
  [true, ['vhal']],
  [true, ['vchw']],
  [true, ['vpal']],
  [true, ['vert=0', 'vrt2=0']],
];

/** The texts, shaped in every configuration, on which the subset differs from the source; [] when none does. */
export function shapingDifferences(source: Uint8Array, subset: Uint8Array, texts: string[], lang = 'zh-Hans'): string[] {
  const a = open(source);
  const b = open(subset);
  const out: string[] = [];
  for (const [vertical, features] of CONFIGS) {
    for (const text of texts) {
      const x = shape(a, text, vertical, features, lang);
      const y = shape(b, text, vertical, features, lang);
      if (x.join('\n') !== y.join('\n')) out.push(`${vertical ? 'ttb' : 'ltr'} [${features.join(' ')}] ${JSON.stringify(text)}`);
    }
  }
  return out;
}

/** Glyph ids and vertical advances of a text shaped top to bottom (vert applied by default). */
export function shapeVertical(font: Uint8Array, text: string, lang = 'zh-Hans'): Array<{ glyph: number; yAdvance: number; path: string }> {
  const f = open(font);
  const buffer = new hb.Buffer();
  buffer.addText(text);
  buffer.guessSegmentProperties();
  buffer.setDirection(hb.Direction.TTB);
  buffer.setLanguage(lang);
  hb.shape(f as never, buffer);
  const positions = buffer.getGlyphPositions();
  return buffer.getGlyphInfos().map((g, i) => ({ glyph: g.codepoint, yAdvance: positions[i].yAdvance, path: f.glyphToPath(g.codepoint) }));
}
