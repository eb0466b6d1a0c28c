import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { GPOS_FEATURES } from './gpos.ts';
import { GSUB_FEATURES } from './gsub.ts';

/**
 * hb-subset (HarfBuzz's subsetter, the WebAssembly build harfbuzzjs ships)
 * for the faces renumber-subset.ts does not handle: CFF outlines, variable
 * fonts, layout it reports Unsupported. Called directly rather than through
 * the subset-font package, which loads a WOFF2 codec and a job queue on the
 * way, and with the same layout features as our own subsets (subset-font
 * keeps every feature, whose closure adds a fifth more glyphs to a CJK face).
 *
 * The module is instantiated on first use only: its linear memory starts at
 * 64 MiB, grows to hold the largest font given and never shrinks.
 */

interface HbExports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_set_clear(set: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
  _initialize(): void;
}

/** hb_subset_sets_t: the layout feature tags to keep. */
const NAME_ID = 4;
const LAYOUT_FEATURE_TAG = 6;
/** hb_memory_mode_t: the blob only reads the bytes, which stay ours until it is destroyed. */
const READONLY = 1;

let instance: HbExports | undefined;

function harfbuzz(): HbExports {
  if (!instance) {
    // The harfbuzzjs that subset-font (a dependency) brings.
    const require = createRequire(createRequire(import.meta.url).resolve('subset-font'));
    const module = new WebAssembly.Module(readFileSync(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm')));
    instance = new WebAssembly.Instance(module, {}).exports as unknown as HbExports;
    instance._initialize();
  }
  return instance;
}

const tagValue = (tag: string) => [...tag].reduce((a, c) => ((a << 8) | c.charCodeAt(0)) >>> 0, 0);

/**
 * The font (TrueType or CFF, any face hb-subset reads) cut to the
 * characters, its glyphs renumbered, with the same GSUB and GPOS features
 * our own subsets keep. Glyph names go (post 3) and the name table keeps
 * IDs 0–6, the licence (13, 14) and those STAT refers to, as ours do.
 */
export function hbSubset(font: Uint8Array, chars: Iterable<number>): Buffer {
  const hb = harfbuzz();
  const ptr = hb.malloc(font.byteLength);
  new Uint8Array(hb.memory.buffer).set(font, ptr);
  const blob = hb.hb_blob_create(ptr, font.byteLength, READONLY, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  const input = hb.hb_subset_input_create_or_fail();
  try {
    if (!input) throw new Error('hb-subset could not allocate its input');
    const features = hb.hb_subset_input_set(input, LAYOUT_FEATURE_TAG);
    hb.hb_set_clear(features);
    for (const tag of [...GSUB_FEATURES, ...GPOS_FEATURES]) hb.hb_set_add(features, tagValue(tag));
    // hb-subset keeps IDs 0–6 by default; the licence and its URL go along, as in our own subsets (name.ts).
    const names = hb.hb_subset_input_set(input, NAME_ID);
    for (const id of [13, 14]) hb.hb_set_add(names, id);
    const unicodes = hb.hb_subset_input_unicode_set(input);
    for (const cp of chars) hb.hb_set_add(unicodes, cp);
    const subset = hb.hb_subset_or_fail(face, input);
    if (!subset) throw new Error('hb-subset failed on the font');
    const result = hb.hb_face_reference_blob(subset);
    // Copied out: the bytes live in WebAssembly memory, which the next call reuses.
    const out = Buffer.from(new Uint8Array(hb.memory.buffer, hb.hb_blob_get_data(result, 0), hb.hb_blob_get_length(result)));
    hb.hb_blob_destroy(result);
    hb.hb_face_destroy(subset);
    return out;
  } finally {
    if (input) hb.hb_subset_input_destroy(input);
    hb.hb_face_destroy(face);
    hb.free(ptr);
  }
}
