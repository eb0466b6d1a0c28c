/**
 * GDEF for a renumbered font: the glyph classes (base, ligature, mark,
 * component) of every source, through each source's own id map. A GDEF
 * with more (attachment points, ligature carets, mark attachment classes or
 * glyph sets, variation data) is Unsupported.
 */
import { readClassDef, Unsupported } from './layout-read.ts';
import { classDef, obj, pack } from './layout-write.ts';

export function mergedGdef(sources: Array<{ gdef: Buffer; newId: Int32Array }>): Buffer | undefined {
  const classes = new Map<number, number>();
  for (const { gdef, newId } of sources) {
    const minor = gdef.readUInt16BE(2);
    if (gdef.readUInt16BE(6) || gdef.readUInt16BE(8) || gdef.readUInt16BE(10) || (minor >= 2 && gdef.readUInt16BE(12)) || (minor >= 3 && gdef.readUInt32BE(14))) {
      throw new Unsupported('GDEF with more than glyph classes');
    }
    for (const [g, c] of readClassDef(gdef, gdef.readUInt16BE(4))) if (newId[g] >= 0 && !classes.has(newId[g])) classes.set(newId[g], c);
  }
  if (!classes.size) return undefined;
  const head = Buffer.alloc(12);
  head.writeUInt32BE(0x00010000, 0);
  return pack(obj(head, [{ at: 4, to: classDef([...classes].sort((a, b) => a[0] - b[0])) }]));
}
