/**
 * Pixels turned as an EXIF orientation says, so that they stand as a reader
 * shows the file: 2 mirrors, 3 turns half round, 4 flips, 5 transposes, 6
 * turns a quarter clockwise, 7 transverses, 8 turns a quarter anticlockwise.
 */
export function orientPixels(pixels: Uint8Array, width: number, height: number, orientation: number): { pixels: Uint8Array; width: number; height: number } {
  if (orientation < 2 || orientation > 8) return { pixels, width, height };
  const quarter = orientation >= 5;
  const w = quarter ? height : width;
  const h = quarter ? width : height;
  const out = new Uint8Array(pixels.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // The stored pixel shown at (x, y).
      let sx: number;
      let sy: number;
      switch (orientation) {
        case 2:
          [sx, sy] = [width - 1 - x, y];
          break;
        case 3:
          [sx, sy] = [width - 1 - x, height - 1 - y];
          break;
        case 4:
          [sx, sy] = [x, height - 1 - y];
          break;
        case 5:
          [sx, sy] = [y, x];
          break;
        case 6:
          [sx, sy] = [y, height - 1 - x];
          break;
        case 7:
          [sx, sy] = [width - 1 - y, height - 1 - x];
          break;
        default:
          [sx, sy] = [width - 1 - y, x];
      }
      out[y * w + x] = pixels[sy * width + sx];
    }
  }
  return { pixels: out, width: w, height: h };
}
