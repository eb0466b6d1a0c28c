/**
 * GPOS cut to the kept features and written again for renumbered glyphs:
 * single adjustments (type 1), pairs (type 2, both formats, classes
 * compacted), chained contexts of format 3 (type 8; `chws`/`vchw` call
 * nested single adjustments through them) and extension lookups, unwrapped.
 * Other lookup types, other context formats and device tables are
 * Unsupported. The Noto CJK faces use nothing else in the kept features.
 */
import { readClassDef, readCoverage, selectFeatures, Unsupported, type Layout } from './layout-read.ts';
import { classDef, coverage, lookupObj, obj, writeLayout, type Obj } from './layout-write.ts';

/**
 * Latin kerning, proportional and half-width CJK forms and contextual
 * spacing, horizontal and vertical: Chromium's text-spacing-trim needs
 * halt/vhal (and uses chws/vchw where present).
 */
export const GPOS_FEATURES: ReadonlySet<string> = new Set(['kern', 'vkrn', 'palt', 'vpal', 'halt', 'vhal', 'chws', 'vchw']);

/** The lookups of the kept features and those their contextual rules call, transitively. */
export function planGpos(src: Layout, tags: ReadonlySet<string> = GPOS_FEATURES): { features: number[]; lookups: number[] } {
  const sel = selectFeatures(src, tags);
  const b = src.table;
  const all = new Set(sel.lookups);
  const pending = [...sel.lookups];
  while (pending.length) {
    const lk = src.lookups[pending.pop()!];
    if (lk.type !== 8) continue;
    for (const st of lk.subtables) {
      if (b.readUInt16BE(st) !== 3) throw new Unsupported('chained context positioning format 1 or 2');
      let p = st + 2;
      for (let k = 0; k < 3; k++) p += 2 + 2 * b.readUInt16BE(p);
      for (let i = 0; i < b.readUInt16BE(p); i++) {
        const l = b.readUInt16BE(p + 4 + 4 * i);
        if (!all.has(l)) {
          all.add(l);
          pending.push(l);
        }
      }
    }
  }
  return { features: sel.features, lookups: [...all].sort((a, c) => a - c) };
}

function valueSize(format: number): number {
  if (format & 0xf0) throw new Unsupported('value record with device tables');
  let n = 0;
  for (let f = format; f; f >>= 1) n += f & 1;
  return 2 * n;
}

/** A chained context subtable whose lookup records still name source lookups. */
interface PendingContext {
  seqs: Obj[][];
  records: Buffer;
}

function singlePos(b: Buffer, st: number, newId: Int32Array): Obj | null {
  const fmt = b.readUInt16BE(st);
  const vf = b.readUInt16BE(st + 4);
  const vs = valueSize(vf);
  const rows: Array<[number, Buffer]> = [];
  readCoverage(b, st + b.readUInt16BE(st + 2)).forEach((g, i) => {
    if (newId[g] >= 0) rows.push([newId[g], fmt === 1 ? b.subarray(st + 6, st + 6 + vs) : b.subarray(st + 8 + vs * i, st + 8 + vs * (i + 1))]);
  });
  if (!rows.length) return null;
  rows.sort((x, y) => x[0] - y[0]);
  const same = rows.every((r) => r[1].equals(rows[0][1]));
  const h = Buffer.alloc(same ? 6 + vs : 8 + vs * rows.length);
  h.writeUInt16BE(same ? 1 : 2, 0);
  h.writeUInt16BE(vf, 4);
  if (same) rows[0][1].copy(h, 6);
  else {
    h.writeUInt16BE(rows.length, 6);
    rows.forEach((r, i) => r[1].copy(h, 8 + vs * i));
  }
  return obj(h, [{ at: 2, to: coverage(rows.map((r) => r[0])) }]);
}

function pairPos(b: Buffer, st: number, newId: Int32Array): Obj | null {
  const keep = (g: number) => newId[g] >= 0;
  const fmt = b.readUInt16BE(st);
  const vf1 = b.readUInt16BE(st + 4);
  const vf2 = b.readUInt16BE(st + 6);
  const s1 = valueSize(vf1);
  const s2 = valueSize(vf2);
  const cov = readCoverage(b, st + b.readUInt16BE(st + 2));
  if (fmt === 1) {
    const sets: Array<[number, Obj]> = [];
    const rec = 2 + s1 + s2;
    cov.forEach((g, i) => {
      if (!keep(g)) return;
      const ps = st + b.readUInt16BE(st + 10 + 2 * i);
      const recs: Buffer[] = [];
      for (let j = 0; j < b.readUInt16BE(ps); j++) {
        const r = ps + 2 + rec * j;
        const second = b.readUInt16BE(r);
        if (!keep(second)) continue;
        const copy = Buffer.from(b.subarray(r, r + rec));
        copy.writeUInt16BE(newId[second], 0);
        recs.push(copy);
      }
      if (!recs.length) return;
      recs.sort((x, y) => x.readUInt16BE(0) - y.readUInt16BE(0));
      const count = Buffer.alloc(2);
      count.writeUInt16BE(recs.length, 0);
      sets.push([newId[g], obj(Buffer.concat([count, ...recs]))]);
    });
    if (!sets.length) return null;
    sets.sort((x, y) => x[0] - y[0]);
    const h = Buffer.alloc(10 + 2 * sets.length);
    h.writeUInt16BE(1, 0);
    h.writeUInt16BE(vf1, 4);
    h.writeUInt16BE(vf2, 6);
    h.writeUInt16BE(sets.length, 8);
    return obj(h, [{ at: 2, to: coverage(sets.map((x) => x[0])) }, ...sets.map(([, to], i) => ({ at: 10 + 2 * i, to }))]);
  }
  if (fmt !== 2) throw new Unsupported(`PairPos format ${fmt}`);
  // Format 2: only the classes of kept glyphs remain, renumbered in order; class 0 stays class 0.
  const cd1 = readClassDef(b, st + b.readUInt16BE(st + 8));
  const cd2 = readClassDef(b, st + b.readUInt16BE(st + 10));
  const n2 = b.readUInt16BE(st + 14);
  const firsts = cov.filter(keep);
  if (!firsts.length) return null;
  const used1 = new Set<number>([0]);
  for (const g of firsts) used1.add(cd1.get(g) ?? 0);
  const used2 = new Set<number>([0]);
  for (const [g, c] of cd2) if (keep(g)) used2.add(c);
  const c1 = [...used1].sort((x, y) => x - y);
  const c2 = [...used2].sort((x, y) => x - y);
  const m1 = new Map(c1.map((c, i) => [c, i]));
  const m2 = new Map(c2.map((c, i) => [c, i]));
  const rec = s1 + s2;
  const h = Buffer.alloc(16 + rec * c1.length * c2.length);
  h.writeUInt16BE(2, 0);
  h.writeUInt16BE(vf1, 4);
  h.writeUInt16BE(vf2, 6);
  h.writeUInt16BE(c1.length, 12);
  h.writeUInt16BE(c2.length, 14);
  c1.forEach((a, i) =>
    c2.forEach((c, j) => {
      const from = st + 16 + rec * (a * n2 + c);
      b.copy(h, 16 + rec * (i * c2.length + j), from, from + rec);
    }),
  );
  const e1 = firsts.filter((g) => cd1.has(g)).map((g) => [newId[g], m1.get(cd1.get(g)!)!] as [number, number]);
  const e2 = [...cd2].filter(([g]) => keep(g)).map(([g, c]) => [newId[g], m2.get(c)!] as [number, number]);
  e1.sort((x, y) => x[0] - y[0]);
  e2.sort((x, y) => x[0] - y[0]);
  const covered = firsts.map((g) => newId[g]).sort((x, y) => x - y);
  return obj(h, [
    { at: 2, to: coverage(covered) },
    { at: 8, to: classDef(e1) },
    { at: 10, to: classDef(e2) },
  ]);
}

/** Format 3 (planGpos checked): a rule one of whose coverages loses every glyph can never match and goes. */
function chainContext(b: Buffer, st: number, newId: Int32Array): PendingContext | null {
  let p = st + 2;
  const seqs: Obj[][] = [];
  for (let k = 0; k < 3; k++) {
    const n = b.readUInt16BE(p);
    const covs: Obj[] = [];
    for (let i = 0; i < n; i++) {
      const gl = readCoverage(b, st + b.readUInt16BE(p + 2 + 2 * i))
        .filter((g) => newId[g] >= 0)
        .map((g) => newId[g])
        .sort((x, y) => x - y);
      if (!gl.length) return null;
      covs.push(coverage(gl));
    }
    seqs.push(covs);
    p += 2 + 2 * n;
  }
  return { seqs, records: b.subarray(p + 2, p + 2 + 4 * b.readUInt16BE(p)) };
}

function resolveContext(s: PendingContext, lookupMap: Map<number, number>): Obj {
  const recs: Array<[number, number]> = [];
  for (let i = 0; i < s.records.length; i += 4) {
    const l = lookupMap.get(s.records.readUInt16BE(i + 2));
    if (l !== undefined) recs.push([s.records.readUInt16BE(i), l]);
  }
  const h = Buffer.alloc(2 + s.seqs.reduce((a, q) => a + 2 + 2 * q.length, 0) + 2 + 4 * recs.length);
  h.writeUInt16BE(3, 0);
  const links: Obj['links'] = [];
  let p = 2;
  for (const q of s.seqs) {
    h.writeUInt16BE(q.length, p);
    q.forEach((c, i) => links.push({ at: p + 2 + 2 * i, to: c }));
    p += 2 + 2 * q.length;
  }
  h.writeUInt16BE(recs.length, p);
  recs.forEach(([seq, l], i) => {
    h.writeUInt16BE(seq, p + 2 + 4 * i);
    h.writeUInt16BE(l, p + 4 + 4 * i);
  });
  return obj(h, links);
}

/** The GPOS of a plan for the glyphs `newId` keeps; undefined when no kept feature has anything left. */
export function writeGpos(src: Layout, plan: { features: number[]; lookups: number[] }, newId: Int32Array): Buffer | undefined {
  const b = src.table;
  // First pass: each lookup's subtables; a lookup left empty goes and the rest are renumbered.
  const built = new Map<number, Array<Obj | PendingContext>>();
  for (const li of plan.lookups) {
    const lk = src.lookups[li];
    const sts: Array<Obj | PendingContext> = [];
    for (const st of lk.subtables) {
      let made: Obj | PendingContext | null;
      if (lk.type === 1) made = singlePos(b, st, newId);
      else if (lk.type === 2) made = pairPos(b, st, newId);
      else if (lk.type === 8) made = chainContext(b, st, newId);
      else throw new Unsupported(`GPOS lookup type ${lk.type}`);
      if (made) sts.push(made);
    }
    if (sts.length) built.set(li, sts);
  }
  const lookupMap = new Map<number, number>();
  [...built.keys()].forEach((li, i) => lookupMap.set(li, i));
  const lookups: Obj[] = [];
  for (const [li, sts] of built) {
    const lk = src.lookups[li];
    lookups.push(lookupObj(lk.type, lk.flag, lk.markSet, sts.map((s) => ('seqs' in s ? resolveContext(s, lookupMap) : s))));
  }
  const features = plan.features.filter((f) => src.features[f].lookups.some((l) => lookupMap.has(l)));
  if (!features.length) return undefined;
  return writeLayout(src, features, lookupMap, lookups);
}
