import { glyphOffsets } from './sfnt.ts';

/**
 * A glyph's metrics down a column, in font units: its vertical advance and
 * its vertical origin (the y, in the glyph's own coordinates, that lies on
 * the top edge of its cell).
 *
 * Read from the bytes, not through fontkit: fontkit 2.0.4 reads vhea's
 * version as 16 bits where the table has 32 (foliojs/fontkit#340), so every
 * field after it is two bytes off, numberOfMetrics reads 0 and every
 * advanceHeight is 0. The origin is VORG's where the font has one (CFF),
 * else the glyph's yMax plus its top side bearing; never a fixed 880, since
 * the vertical two-em dash of the Noto CJK faces has its origin at 1380.
 */
export interface VerticalMetrics {
  /** Whether the font has vhea and vmtx; without them every glyph is one em tall, its top at the ascender. */
  readonly present: boolean;
  advance(gid: number): number;
  origin(gid: number): number;
}

export interface SfntBytes {
  bytes: Uint8Array;
  tables: Record<string, { offset: number; length: number } | undefined>;
}

export function verticalMetrics(font: SfntBytes, unitsPerEm: number): VerticalMetrics {
  const { bytes, tables } = font;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const os2 = tables['OS/2'];
  const ascender = os2 && os2.length >= 70 ? dv.getInt16(os2.offset + 68) : Math.round(unitsPerEm * 0.88);
  const vhea = tables.vhea;
  const vmtx = tables.vmtx;
  const cache = new Map<number, number>();
  if (!vhea || !vmtx || vhea.length < 36) {
    return { present: false, advance: () => unitsPerEm, origin: () => ascender };
  }
  const numLong = Math.max(1, dv.getUint16(vhea.offset + 34));
  const m = vmtx.offset;
  const advance = (gid: number) => dv.getUint16(m + 4 * Math.min(gid, numLong - 1));
  const tsb = (gid: number) => (gid < numLong ? dv.getInt16(m + 4 * gid + 2) : dv.getInt16(m + 4 * numLong + 2 * (gid - numLong)));

  let origin: (gid: number) => number;
  const vorg = tables.VORG;
  const glyf = tables.glyf;
  const loca = tables.loca;
  const head = tables.head;
  if (vorg) {
    const count = dv.getUint16(vorg.offset + 6);
    const byGid = new Map<number, number>();
    for (let i = 0; i < count; i++) byGid.set(dv.getUint16(vorg.offset + 8 + 4 * i), dv.getInt16(vorg.offset + 10 + 4 * i));
    const fallback = dv.getInt16(vorg.offset + 4);
    origin = (gid) => byGid.get(gid) ?? fallback;
  } else if (glyf && loca && head) {
    const at = glyphOffsets(bytes.subarray(head.offset, head.offset + head.length), bytes.subarray(loca.offset, loca.offset + loca.length));
    origin = (gid) => {
      let o = cache.get(gid);
      if (o === undefined) {
        const start = at(gid);
        // A glyph with no outline (a space) has no yMax: its cell's top is the ascender.
        o = at(gid + 1) > start ? dv.getInt16(glyf.offset + start + 8) + tsb(gid) : ascender;
        cache.set(gid, o);
      }
      return o;
    };
  } else origin = () => ascender;
  return { present: true, advance, origin };
}
