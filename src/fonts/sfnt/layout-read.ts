/**
 * Reading the OpenType layout tables (GSUB, GPOS) a renumbering subset cuts:
 * their script, feature and lookup lists, coverage tables and class
 * definitions. Only what the structure needs is decoded; the subtables are
 * read where they are used (gsub.ts, gpos.ts).
 */

/**
 * A layout construct the TypeScript subsetter does not handle (a lookup type,
 * a subtable format, an offset past 64 KB): the face is left to hb-subset.
 */
export class Unsupported extends Error {}

/** The glyph ids a coverage table lists, in coverage-index order. */
export function readCoverage(b: Buffer, off: number): number[] {
  const fmt = b.readUInt16BE(off);
  const n = b.readUInt16BE(off + 2);
  const out: number[] = [];
  if (fmt === 1) for (let i = 0; i < n; i++) out.push(b.readUInt16BE(off + 4 + 2 * i));
  else if (fmt === 2) {
    for (let i = 0; i < n; i++) {
      const r = off + 4 + 6 * i;
      const end = b.readUInt16BE(r + 2);
      for (let g = b.readUInt16BE(r); g <= end; g++) out.push(g);
    }
  } else throw new Unsupported(`coverage format ${fmt}`);
  return out;
}

/** A class definition's glyphs of a class other than 0 (class 0 is every glyph not listed). */
export function readClassDef(b: Buffer, off: number): Map<number, number> {
  const out = new Map<number, number>();
  if (off === 0) return out;
  const fmt = b.readUInt16BE(off);
  if (fmt === 1) {
    const start = b.readUInt16BE(off + 2);
    const n = b.readUInt16BE(off + 4);
    for (let i = 0; i < n; i++) {
      const c = b.readUInt16BE(off + 6 + 2 * i);
      if (c) out.set(start + i, c);
    }
  } else if (fmt === 2) {
    const n = b.readUInt16BE(off + 2);
    for (let i = 0; i < n; i++) {
      const r = off + 4 + 6 * i;
      const end = b.readUInt16BE(r + 2);
      const c = b.readUInt16BE(r + 4);
      if (c) for (let g = b.readUInt16BE(r); g <= end; g++) out.set(g, c);
    }
  } else throw new Unsupported(`class definition format ${fmt}`);
  return out;
}

export interface LangSys {
  /** A feature index, or 0xFFFF for none. */
  required: number;
  features: number[];
}
export interface Script {
  tag: string;
  dflt: LangSys | null;
  langs: Array<{ tag: string; ls: LangSys }>;
}
export interface Lookup {
  /** The real lookup type: an extension lookup's wrapped type, 0 for an empty extension lookup. */
  type: number;
  flag: number;
  markSet?: number;
  /** Absolute offsets in the table of the subtables, unwrapped from their extension records. */
  subtables: number[];
}
export interface Layout {
  table: Buffer;
  scripts: Script[];
  features: Array<{ tag: string; lookups: number[] }>;
  lookups: Lookup[];
}

function readLangSys(b: Buffer, off: number): LangSys {
  const n = b.readUInt16BE(off + 4);
  const features: number[] = [];
  for (let i = 0; i < n; i++) features.push(b.readUInt16BE(off + 6 + 2 * i));
  return { required: b.readUInt16BE(off + 2), features };
}

/**
 * A GSUB (extension type 7) or GPOS (9) table's lists. Version 1.1 tables
 * (FeatureVariations, variable fonts) and feature parameters (`size`,
 * stylistic-set names) are Unsupported: dropping them silently would change
 * what the font does.
 */
export function readLayout(b: Buffer, extensionType: number): Layout {
  if (b.readUInt16BE(0) !== 1) throw new Unsupported('layout table major version');
  if (b.readUInt16BE(2) !== 0) throw new Unsupported('layout table version 1.1 (FeatureVariations)');
  const sl = b.readUInt16BE(4);
  const fl = b.readUInt16BE(6);
  const ll = b.readUInt16BE(8);
  const scripts: Script[] = [];
  for (let i = 0; i < b.readUInt16BE(sl); i++) {
    const rec = sl + 2 + 6 * i;
    const so = sl + b.readUInt16BE(rec + 4);
    const d = b.readUInt16BE(so);
    const langs: Script['langs'] = [];
    for (let j = 0; j < b.readUInt16BE(so + 2); j++) {
      const lr = so + 4 + 6 * j;
      langs.push({ tag: b.toString('latin1', lr, lr + 4), ls: readLangSys(b, so + b.readUInt16BE(lr + 4)) });
    }
    scripts.push({ tag: b.toString('latin1', rec, rec + 4), dflt: d ? readLangSys(b, so + d) : null, langs });
  }
  const features: Layout['features'] = [];
  for (let i = 0; i < b.readUInt16BE(fl); i++) {
    const rec = fl + 2 + 6 * i;
    const fo = fl + b.readUInt16BE(rec + 4);
    if (b.readUInt16BE(fo) !== 0) throw new Unsupported('feature parameters');
    const lookups: number[] = [];
    for (let j = 0; j < b.readUInt16BE(fo + 2); j++) lookups.push(b.readUInt16BE(fo + 4 + 2 * j));
    features.push({ tag: b.toString('latin1', rec, rec + 4), lookups });
  }
  const lookups: Lookup[] = [];
  for (let i = 0; i < b.readUInt16BE(ll); i++) {
    const lo = ll + b.readUInt16BE(ll + 2 + 2 * i);
    const wrapped = b.readUInt16BE(lo);
    let type = wrapped;
    const flag = b.readUInt16BE(lo + 2);
    const n = b.readUInt16BE(lo + 4);
    const subtables: number[] = [];
    for (let j = 0; j < n; j++) {
      let st = lo + b.readUInt16BE(lo + 6 + 2 * j);
      if (wrapped === extensionType) {
        type = b.readUInt16BE(st + 2);
        st += b.readUInt32BE(st + 4);
      }
      subtables.push(st);
    }
    if (type === extensionType) type = 0;
    lookups.push({ type, flag, markSet: flag & 0x10 ? b.readUInt16BE(lo + 6 + 2 * n) : undefined, subtables });
  }
  return { table: b, scripts, features, lookups };
}

/** The features with these tags, and the lookups they name, sorted. */
export function selectFeatures(src: Layout, tags: ReadonlySet<string>): { features: number[]; lookups: number[] } {
  const features: number[] = [];
  src.features.forEach((f, i) => tags.has(f.tag) && features.push(i));
  const lookups = new Set<number>();
  for (const f of features) for (const l of src.features[f].lookups) lookups.add(l);
  return { features, lookups: [...lookups].sort((a, b) => a - b) };
}
