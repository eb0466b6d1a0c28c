import { renumberedSubset, NotTrueType, type SubsetOptions } from './renumber-subset.ts';
import { sfntTables } from './sfnt.ts';

/**
 * Merges TrueType (glyf) fonts into a single font: the subsets of a role's
 * fallback faces, or the chunks of one family, each cut here to the
 * characters asked of it, their glyphs renumbered into one id space with
 * their layout tables (renumber-subset.ts).
 *
 * A chunked webfont family (LXGW WenKai on npm) spreads its glyphs over
 * hundreds of woff2 files tied together by CSS unicode-range. Not every
 * reader honours unicode-range (MuPDF rejects the rule and drops the whole
 * stylesheet), so the EPUB gets one font per role instead: the used chunks,
 * decoded, joined here, each chunk's vertical forms (GSUB `vert`) and
 * vertical metrics with them.
 */
export { NotTrueType };

export interface MergePart {
  font: Buffer;
  /**
   * The characters to take from this font, with the glyphs they need; every
   * character it maps when absent. A whole decoded chunk is cut this way,
   * without a round trip through hb-subset.
   */
  keep?: Iterable<number>;
}

/**
 * Throws NotTrueType for CFF outlines, and Unsupported (layout-read.ts) for a
 * part whose layout tables this code does not handle.
 */
export function mergeTrueType(parts: MergePart[], options: SubsetOptions = {}): Buffer {
  if (parts.length === 1 && parts[0].keep === undefined) return parts[0].font;
  return renumberedSubset(parts.map((p) => ({ tables: sfntTables(p.font), chars: p.keep })), options);
}
