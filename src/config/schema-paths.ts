/**
 * What book.yaml's schema allows at a path: the keys a mapping takes and the
 * values a setting takes, read from the zod schema itself so a message never
 * lists a key or value the schema does not know.
 */

/** The parts of a zod v4 schema's definition this module reads. */
interface Def {
  type: string;
  shape?: Record<string, Schema>;
  innerType?: Schema;
  options?: Schema[];
  keyType?: Schema;
  valueType?: Schema;
  element?: Schema;
  items?: Schema[];
  entries?: Record<string, string | number>;
  in?: Schema;
}
interface Schema {
  def: Def;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'readonly', 'nonoptional', 'catch']);

/** The schema with optional() and the like taken off; a union stays a union. */
function unwrap(s: Schema): Schema {
  let node = s;
  while (WRAPPERS.has(node.def.type) && node.def.innerType) node = node.def.innerType;
  if (node.def.type === 'pipe' && node.def.in) return unwrap(node.def.in);
  return node;
}

/** Every schema a value at `path` may be checked against (more than one through a union). */
export function schemasAt(root: Schema, path: ReadonlyArray<string | number>): Schema[] {
  let current = [unwrap(root)];
  for (const key of path) {
    const next: Schema[] = [];
    const visit = (s: Schema) => {
      const node = unwrap(s);
      const def = node.def;
      if (def.type === 'union') for (const o of def.options ?? []) visit(o);
      else if (def.type === 'object' && typeof key === 'string' && def.shape?.[key]) next.push(unwrap(def.shape[key]));
      else if (def.type === 'record' && def.valueType) next.push(unwrap(def.valueType));
      else if (def.type === 'array' && typeof key === 'number' && def.element) next.push(unwrap(def.element));
      else if (def.type === 'tuple' && typeof key === 'number' && def.items?.[key]) next.push(unwrap(def.items[key]));
    };
    for (const s of current) visit(s);
    current = next;
  }
  return current;
}

/** The keys a mapping at `path` takes. */
export function knownKeys(root: Schema, path: ReadonlyArray<string | number>): string[] {
  const keys = new Set<string>();
  const visit = (s: Schema) => {
    const def = unwrap(s).def;
    if (def.type === 'union') for (const o of def.options ?? []) visit(o);
    else if (def.type === 'object') for (const k of Object.keys(def.shape ?? {})) keys.add(k);
    else if (def.type === 'record' && def.keyType) for (const k of enumValues(def.keyType)) keys.add(String(k));
  };
  for (const s of schemasAt(root, path)) visit(s);
  return [...keys];
}

function enumValues(s: Schema): Array<string | number> {
  const def = unwrap(s).def;
  return def.type === 'enum' ? Object.values(def.entries ?? {}) : [];
}

/** The named values a setting at `path` takes, e.g. the trim sizes; whether it also takes a list of numbers. */
export function allowedValues(root: Schema, path: ReadonlyArray<string | number>): { names: string[]; pair: boolean; boolean: boolean } {
  const names = new Set<string>();
  let pair = false;
  let boolean = false;
  const visit = (s: Schema) => {
    const def = unwrap(s).def;
    if (def.type === 'union') for (const o of def.options ?? []) visit(o);
    else if (def.type === 'enum') for (const v of Object.values(def.entries ?? {})) names.add(String(v));
    else if (def.type === 'tuple') pair = true;
    else if (def.type === 'boolean') boolean = true;
  };
  for (const s of schemasAt(root, path)) visit(s);
  return { names: [...names], pair, boolean };
}

/** The known key nearest a misspelt one, when it is near enough to be what was meant. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  // One edit in a short key, a third of a longer one: 'auther' → author, not 'ab' → toc.
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

/** Edit distance with adjacent transpositions (optimal string alignment), in code points. */
function distance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[x.length][y.length];
}
