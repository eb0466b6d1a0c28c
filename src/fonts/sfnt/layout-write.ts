/**
 * Writing OpenType layout tables (GSUB, GPOS, GDEF) from a graph of objects:
 * each object its own bytes and the 16-bit offsets in them to its children,
 * packed depth-first. Coverage and class definitions come out in whichever
 * format is smaller for the glyphs they hold.
 */
import { Unsupported, type Layout, type LangSys } from './layout-read.ts';

/** An object of the table graph: its bytes and the 16-bit offsets in them to other objects. */
export interface Obj {
  head: Buffer;
  links: Array<{ at: number; to: Obj }>;
}
export const obj = (head: Buffer, links: Obj['links'] = []): Obj => ({ head, links });

/**
 * The graph as bytes, each object after its parent, children in order, no
 * object shared. An offset past 64 KB is Unsupported (hb-subset moves
 * lookups into extension subtables; this writer does not).
 */
export function pack(root: Obj): Buffer {
  const order: Obj[] = [];
  const pos = new Map<Obj, number>();
  let size = 0;
  const place = (o: Obj) => {
    pos.set(o, size);
    order.push(o);
    size += o.head.length;
    for (const l of o.links) place(l.to);
  };
  place(root);
  const out = Buffer.alloc(size);
  for (const o of order) {
    const p = pos.get(o)!;
    o.head.copy(out, p);
    for (const l of o.links) {
      const d = pos.get(l.to)! - p;
      if (d > 0xffff) throw new Unsupported('offset overflow');
      out.writeUInt16BE(d, p + l.at);
    }
  }
  return out;
}

/** Coverage of sorted glyph ids: format 2 (ranges) or 1 (a list), whichever is smaller. */
export function coverage(gids: number[]): Obj {
  const ranges: Array<[number, number]> = [];
  for (const g of gids) {
    const last = ranges[ranges.length - 1];
    if (last && g === last[1] + 1) last[1] = g;
    else ranges.push([g, g]);
  }
  if (6 * ranges.length < 2 * gids.length) {
    const b = Buffer.alloc(4 + 6 * ranges.length);
    b.writeUInt16BE(2, 0);
    b.writeUInt16BE(ranges.length, 2);
    let index = 0;
    ranges.forEach(([s, e], i) => {
      b.writeUInt16BE(s, 4 + 6 * i);
      b.writeUInt16BE(e, 6 + 6 * i);
      b.writeUInt16BE(index, 8 + 6 * i);
      index += e - s + 1;
    });
    return obj(b);
  }
  const b = Buffer.alloc(4 + 2 * gids.length);
  b.writeUInt16BE(1, 0);
  b.writeUInt16BE(gids.length, 2);
  gids.forEach((g, i) => b.writeUInt16BE(g, 4 + 2 * i));
  return obj(b);
}

/** Class definition of (glyph, class ≠ 0) pairs sorted by glyph: format 1 or 2, whichever is smaller. */
export function classDef(entries: Array<[number, number]>): Obj {
  const ranges: Array<[number, number, number]> = [];
  for (const [g, c] of entries) {
    const last = ranges[ranges.length - 1];
    if (last && g === last[1] + 1 && c === last[2]) last[1] = g;
    else ranges.push([g, g, c]);
  }
  const span = entries.length ? entries[entries.length - 1][0] - entries[0][0] + 1 : 0;
  if (entries.length && 6 + 2 * span < 4 + 6 * ranges.length) {
    const b = Buffer.alloc(6 + 2 * span);
    b.writeUInt16BE(1, 0);
    b.writeUInt16BE(entries[0][0], 2);
    b.writeUInt16BE(span, 4);
    for (const [g, c] of entries) b.writeUInt16BE(c, 6 + 2 * (g - entries[0][0]));
    return obj(b);
  }
  const b = Buffer.alloc(4 + 6 * ranges.length);
  b.writeUInt16BE(2, 0);
  b.writeUInt16BE(ranges.length, 2);
  ranges.forEach(([s, e, c], i) => {
    b.writeUInt16BE(s, 4 + 6 * i);
    b.writeUInt16BE(e, 6 + 6 * i);
    b.writeUInt16BE(c, 8 + 6 * i);
  });
  return obj(b);
}

/** A header of `headerSize` bytes followed by an array of offsets to the children, their count at `countAt`. */
export function offsetArray(headerSize: number, countAt: number, children: Obj[]): Obj {
  const b = Buffer.alloc(headerSize + 2 * children.length);
  b.writeUInt16BE(children.length, countAt);
  return obj(b, children.map((to, i) => ({ at: headerSize + 2 * i, to })));
}

/** A lookup table: its type, flag, subtables and, when the flag says so, its mark filtering set. */
export function lookupObj(type: number, flag: number, markSet: number | undefined, subtables: Obj[]): Obj {
  const b = Buffer.alloc(6 + 2 * subtables.length + (markSet === undefined ? 0 : 2));
  b.writeUInt16BE(type, 0);
  b.writeUInt16BE(flag, 2);
  b.writeUInt16BE(subtables.length, 4);
  if (markSet !== undefined) b.writeUInt16BE(markSet, 6 + 2 * subtables.length);
  return obj(b, subtables.map((to, i) => ({ at: 6 + 2 * i, to })));
}

/**
 * A GSUB or GPOS table: the source's scripts and language systems, which
 * keep `locl` language-specific, naming only the features kept (in the
 * order given), each with its lookups through `lookupMap`; `lookups` are the
 * new lookup list.
 */
export function writeLayout(src: Pick<Layout, 'scripts' | 'features'>, keptFeatures: number[], lookupMap: Map<number, number>, lookups: Obj[]): Buffer {
  const featureMap = new Map(keptFeatures.map((f, i) => [f, i]));
  const langSys = (ls: LangSys) => {
    const feats = ls.features.filter((f) => featureMap.has(f)).map((f) => featureMap.get(f)!);
    const b = Buffer.alloc(6 + 2 * feats.length);
    b.writeUInt16BE(featureMap.get(ls.required) ?? 0xffff, 2);
    b.writeUInt16BE(feats.length, 4);
    feats.forEach((f, i) => b.writeUInt16BE(f, 6 + 2 * i));
    return obj(b);
  };
  const scriptObjs = src.scripts.map((s) => {
    const b = Buffer.alloc(4 + 6 * s.langs.length);
    const links: Obj['links'] = [];
    if (s.dflt) links.push({ at: 0, to: langSys(s.dflt) });
    b.writeUInt16BE(s.langs.length, 2);
    s.langs.forEach((l, i) => {
      b.write(l.tag, 4 + 6 * i, 'latin1');
      links.push({ at: 8 + 6 * i, to: langSys(l.ls) });
    });
    return obj(b, links);
  });
  const recordList = (tags: string[], children: Obj[]) => {
    const b = Buffer.alloc(2 + 6 * children.length);
    b.writeUInt16BE(children.length, 0);
    tags.forEach((t, i) => b.write(t, 2 + 6 * i, 'latin1'));
    return obj(b, children.map((to, i) => ({ at: 6 + 6 * i, to })));
  };
  const featureObjs = keptFeatures.map((f) => {
    const ls = src.features[f].lookups.filter((l) => lookupMap.has(l)).map((l) => lookupMap.get(l)!);
    const b = Buffer.alloc(4 + 2 * ls.length);
    b.writeUInt16BE(ls.length, 2);
    ls.forEach((l, i) => b.writeUInt16BE(l, 4 + 2 * i));
    return obj(b);
  });
  const head = Buffer.alloc(10);
  head.writeUInt16BE(1, 0);
  return pack(
    obj(head, [
      { at: 4, to: recordList(src.scripts.map((s) => s.tag), scriptObjs) },
      { at: 6, to: recordList(keptFeatures.map((f) => src.features[f].tag), featureObjs) },
      { at: 8, to: offsetArray(2, 0, lookups) },
    ]),
  );
}
