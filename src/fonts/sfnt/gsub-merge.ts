/**
 * The GSUB of a renumbered font made of one or more sources (a face alone,
 * a face with its fallback faces, a chunked family's chunks).
 *
 * The first source with a GSUB gives the scripts, language systems and
 * features. Every source's kept lookups are appended, renumbered, to the
 * feature of the same tag (the n-th feature record of a tag to the n-th),
 * or to a new feature named in every language system when the first source
 * has none of that tag. Lookups of different sources see disjoint glyphs,
 * so appending changes no source's result. Composing each feature into a
 * single lookup instead would lose the split between `locl`'s default and
 * ZHS language systems.
 */
import type { Layout, Lookup, Script } from './layout-read.ts';
import { writeLayout, type Obj } from './layout-write.ts';
import { gsubLookup, type GsubPlan } from './gsub.ts';

export interface GsubSource {
  layout: Layout;
  plan: GsubPlan;
  /** Source glyph id → id in the new font, −1 for a glyph left out. */
  newId: Int32Array;
}

export function mergedGsub(sources: GsubSource[]): Buffer | undefined {
  if (!sources.length) return undefined;
  const first = sources[0];
  const features: Array<{ tag: string; lookups: number[] }> = [];
  const lookups: Obj[] = [];
  const featureOfFirst = new Map<number, number>();
  for (const f of first.plan.features) {
    featureOfFirst.set(f, features.length);
    features.push({ tag: first.layout.features[f].tag, lookups: [] });
  }
  const remap = (ls: { required: number; features: number[] }) => ({
    required: featureOfFirst.get(ls.required) ?? 0xffff,
    features: ls.features.filter((f) => featureOfFirst.has(f)).map((f) => featureOfFirst.get(f)!),
  });
  const scripts: Script[] = first.layout.scripts.map((s) => ({
    tag: s.tag,
    dflt: s.dflt && remap(s.dflt),
    langs: s.langs.map((l) => ({ tag: l.tag, ls: remap(l.ls) })),
  }));

  for (const src of sources) {
    const local = new Map<number, number>();
    for (const li of src.plan.lookups) {
      const lk: Lookup = src.layout.lookups[li];
      const made = gsubLookup(src.plan, li, lk.flag, lk.markSet, src.newId);
      if (!made) continue;
      local.set(li, lookups.length);
      lookups.push(made);
    }
    const rank = new Map<string, number>();
    for (const f of src.plan.features) {
      const tag = src.layout.features[f].tag;
      const r = rank.get(tag) ?? 0;
      rank.set(tag, r + 1);
      const ls = src.layout.features[f].lookups.filter((l) => local.has(l)).map((l) => local.get(l)!);
      if (!ls.length) continue;
      let target = src === first ? featureOfFirst.get(f) : features.map((x, i) => (x.tag === tag ? i : -1)).filter((i) => i >= 0)[r];
      if (target === undefined) {
        target = features.length;
        features.push({ tag, lookups: [] });
        for (const s of scripts) {
          s.dflt?.features.push(target);
          for (const l of s.langs) l.ls.features.push(target);
        }
      }
      for (const l of ls) if (!features[target].lookups.includes(l)) features[target].lookups.push(l);
    }
  }
  // Lookups apply in lookup-list order whatever order a feature names them in; sorted for a canonical table.
  for (const f of features) f.lookups.sort((a, b) => a - b);
  const kept = features.map((_, i) => i).filter((i) => features[i].lookups.length > 0);
  if (!kept.length) return undefined;
  const identity = new Map(lookups.map((_, i) => [i, i]));
  return writeLayout({ scripts, features }, kept, identity, lookups);
}
