/**
 * GSUB cut to the kept features: which glyphs their substitutions add to a
 * subset (the closure) and the lookups written again for the renumbered
 * glyphs. Single substitutions (type 1) and ligatures (type 4) only, which is
 * all the kept features (ccmp liga locl vert vrt2) use in the Noto CJK faces
 * and LXGW WenKai; anything else in a kept feature is Unsupported.
 */
import { readCoverage, selectFeatures, Unsupported, type Layout } from './layout-read.ts';
import { coverage, lookupObj, obj, offsetArray, type Obj } from './layout-write.ts';

/** The features a web subset keeps: composed dashes, Latin ligatures, regional forms, vertical forms. */
export const GSUB_FEATURES: ReadonlySet<string> = new Set(['ccmp', 'liga', 'locl', 'vert', 'vrt2']);

export interface Ligature {
  first: number;
  /** The components after the first. */
  comps: number[];
  lig: number;
}

/** A GSUB's kept features and lookups, each lookup decoded to its substitutions (in source glyph ids). */
export interface GsubPlan {
  features: number[];
  lookups: number[];
  singles: Map<number, Map<number, number>>;
  ligatures: Map<number, Ligature[]>;
}

export function planGsub(src: Layout, tags: ReadonlySet<string> = GSUB_FEATURES): GsubPlan {
  const { features, lookups } = selectFeatures(src, tags);
  const b = src.table;
  const singles = new Map<number, Map<number, number>>();
  const ligatures = new Map<number, Ligature[]>();
  for (const li of lookups) {
    const lk = src.lookups[li];
    if (lk.type === 4) {
      const list: Ligature[] = [];
      for (const st of lk.subtables) {
        if (b.readUInt16BE(st) !== 1) throw new Unsupported('LigatureSubst format');
        readCoverage(b, st + b.readUInt16BE(st + 2)).forEach((first, i) => {
          const set = st + b.readUInt16BE(st + 6 + 2 * i);
          for (let j = 0; j < b.readUInt16BE(set); j++) {
            const lg = set + b.readUInt16BE(set + 2 + 2 * j);
            const comps: number[] = [];
            for (let k = 1; k < b.readUInt16BE(lg + 2); k++) comps.push(b.readUInt16BE(lg + 2 + 2 * k));
            list.push({ first, comps, lig: b.readUInt16BE(lg) });
          }
        });
      }
      ligatures.set(li, list);
      continue;
    }
    if (lk.type !== 1 && lk.subtables.length) throw new Unsupported(`GSUB lookup type ${lk.type} in a kept feature`);
    // A glyph covered by two subtables of one lookup takes the first's substitute.
    const m = new Map<number, number>();
    for (const st of lk.subtables) {
      const fmt = b.readUInt16BE(st);
      const cov = readCoverage(b, st + b.readUInt16BE(st + 2));
      if (fmt === 1) {
        const delta = b.readInt16BE(st + 4);
        for (const g of cov) if (!m.has(g)) m.set(g, (g + delta) & 0xffff);
      } else if (fmt === 2) {
        cov.forEach((g, i) => m.has(g) || m.set(g, b.readUInt16BE(st + 6 + 2 * i)));
      } else throw new Unsupported(`SingleSubst format ${fmt}`);
    }
    singles.set(li, m);
  }
  return { features, lookups, singles, ligatures };
}

/**
 * Adds to `glyphs` what the kept substitutions can make of glyphs already in
 * it, until nothing more comes: a ligature once all its components are in
 * (hb-subset's rule).
 */
export function closeOverGsub(plan: GsubPlan, glyphs: Set<number>): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const m of plan.singles.values()) {
      for (const [s, d] of m) {
        if (glyphs.has(s) && !glyphs.has(d)) {
          glyphs.add(d);
          changed = true;
        }
      }
    }
    for (const list of plan.ligatures.values()) {
      for (const l of list) {
        if (!glyphs.has(l.lig) && glyphs.has(l.first) && l.comps.every((c) => glyphs.has(c))) {
          glyphs.add(l.lig);
          changed = true;
        }
      }
    }
  }
}

/**
 * One lookup of a plan, for the glyphs `newId` keeps (−1: dropped), as a
 * SingleSubst format 2 or LigatureSubst format 1 lookup; undefined when
 * nothing of it is left.
 */
export function gsubLookup(plan: GsubPlan, li: number, flag: number, markSet: number | undefined, newId: Int32Array): Obj | undefined {
  const list = plan.ligatures.get(li);
  if (list) {
    const kept = list.filter((l) => newId[l.first] >= 0 && newId[l.lig] >= 0 && l.comps.every((c) => newId[c] >= 0));
    if (!kept.length) return undefined;
    // One ligature set per first glyph, its ligatures in the source's order (longest first, as the source has them).
    const byFirst = new Map<number, Ligature[]>();
    for (const l of kept) {
      const f = newId[l.first];
      const set = byFirst.get(f);
      if (set) set.push(l);
      else byFirst.set(f, [l]);
    }
    const firsts = [...byFirst.keys()].sort((a, b) => a - b);
    const sets = firsts.map((f) =>
      offsetArray(
        2,
        0,
        byFirst.get(f)!.map((l) => {
          const g = Buffer.alloc(4 + 2 * l.comps.length);
          g.writeUInt16BE(newId[l.lig], 0);
          g.writeUInt16BE(l.comps.length + 1, 2);
          l.comps.forEach((c, k) => g.writeUInt16BE(newId[c], 4 + 2 * k));
          return obj(g);
        }),
      ),
    );
    const h = Buffer.alloc(6 + 2 * sets.length);
    h.writeUInt16BE(1, 0);
    h.writeUInt16BE(sets.length, 4);
    return lookupObj(4, flag, markSet, [obj(h, [{ at: 2, to: coverage(firsts) }, ...sets.map((to, i) => ({ at: 6 + 2 * i, to }))])]);
  }
  const pairs: Array<[number, number]> = [];
  for (const [s, d] of plan.singles.get(li) ?? []) if (newId[s] >= 0 && newId[d] >= 0) pairs.push([newId[s], newId[d]]);
  if (!pairs.length) return undefined;
  pairs.sort((a, b) => a[0] - b[0]);
  const b = Buffer.alloc(6 + 2 * pairs.length);
  b.writeUInt16BE(2, 0);
  b.writeUInt16BE(pairs.length, 4);
  pairs.forEach(([, d], i) => b.writeUInt16BE(d, 6 + 2 * i));
  return lookupObj(1, flag, markSet, [obj(b, [{ at: 2, to: coverage(pairs.map((p) => p[0])) }])]);
}
