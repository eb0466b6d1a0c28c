/**
 * Where the stored pixel shown at (x, y) lies, per EXIF orientation, as
 * [sx at the origin, sx per x, sx per y, sy at the origin, sy per x, sy per y],
 * the origins counted in stored widths and heights less one (w1, h1): 2
 * mirrors, 3 turns half round, 4 flips, 5 transposes, 6 turns a quarter
 * clockwise, 7 transverses, 8 turns a quarter anticlockwise.
 */
const MAPS: Record<number, (w1: number, h1: number) => number[]> = {
  2: (w1) => [w1, -1, 0, 0, 0, 1],
  3: (w1, h1) => [w1, -1, 0, h1, 0, -1],
  4: (_, h1) => [0, 1, 0, h1, 0, -1],
  5: () => [0, 0, 1, 0, 1, 0],
  6: (_, h1) => [0, 0, 1, h1, -1, 0],
  7: (w1, h1) => [w1, 0, -1, h1, -1, 0],
  8: (w1) => [w1, 0, -1, 0, 1, 0],
};

/** Pixels (one byte each) turned as an EXIF orientation says, so that they stand as a reader shows the file. */
export function orientPixels(pixels: Uint8Array, width: number, height: number, orientation: number): { pixels: Uint8Array; width: number; height: number } {
  const map = MAPS[orientation];
  if (!map) return { pixels, width, height };
  const [x0, xx, xy, y0, yx, yy] = map(width - 1, height - 1);
  // The stored index steps by a fixed amount along a shown row and down a shown column.
  const base = y0 * width + x0;
  const alongRow = yx * width + xx;
  const downColumn = yy * width + xy;
  const w = orientation >= 5 ? height : width;
  const h = orientation >= 5 ? width : height;
  const out = new Uint8Array(pixels.length);
  for (let y = 0, o = 0; y < h; y++) {
    let i = base + y * downColumn;
    for (let x = 0; x < w; x++, o++, i += alongRow) out[o] = pixels[i];
  }
  return { pixels: out, width: w, height: h };
}
