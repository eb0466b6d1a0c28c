import { spawnSync } from 'node:child_process';

export interface TracedGlyph {
  font: string;
  unicode: string;
  glyph: string;
  /** The advance MuPDF takes from the font's widths, in ems. */
  adv: number;
}

/** Lays a document out with MuPDF (`mutool trace`) and returns every glyph it draws, with its font. */
export function traceGlyphs(path: string): { glyphs: TracedGlyph[]; warnings: string } {
  const r = spawnSync('mutool', ['trace', path], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`mutool trace failed: ${r.error?.message ?? r.stderr}`);
  const glyphs: TracedGlyph[] = [];
  for (const span of r.stdout.matchAll(/<span font="([^"]*)"[^>]*>([\s\S]*?)<\/span>/gu)) {
    for (const g of span[2].matchAll(/<g unicode="([^"]*)" glyph="([^"]*)"[^>]*? adv="([^"]*)"/gu)) {
      glyphs.push({ font: span[1], unicode: decode(g[1]), glyph: g[2], adv: Number(g[3]) });
    }
  }
  return { glyphs, warnings: r.stderr };
}

function decode(s: string): string {
  return s.replace(/&#x([0-9a-f]+);/giu, (_m, h: string) => String.fromCodePoint(parseInt(h, 16))).replace(/&quot;/gu, '"').replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&amp;/gu, '&');
}
