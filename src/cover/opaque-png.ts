import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import { pngFile } from '../output/png.ts';

const deflateAsync = promisify(deflate);

/**
 * A cover's pixels as an 8-bit RGB PNG, flattened onto white. A PNG with an
 * alpha channel cannot go into a PDF as it is: pdfkit inflates it, splits
 * off the alpha and deflates both again, on the thread that writes the PDF.
 * An RGB PNG's image data goes in untouched. `rgba` is
 * resvg's pixmap, whose colours are premultiplied by alpha.
 *
 * The filtered rows are written over `rgba` itself, which is the caller's
 * to give up: a row of three bytes a pixel and a filter byte always ends
 * before the next row's pixels begin, and each pixel is read before
 * anything is written over it. A second buffer would be 11 MB of fresh
 * memory for a 1600 × 2400 cover, whose page faults cost more than filling it.
 */
export async function opaquePng(rgba: Uint8Array, width: number, height: number): Promise<Buffer> {
  const row = width * 3 + 1;
  const raw = rgba;
  for (let y = 0; y < height; y++) {
    const out = y * row;
    // PNG filter Sub: each byte less the same channel of the pixel to its left, which flat colour turns to zeros.
    let left0 = 0;
    let left1 = 0;
    let left2 = 0;
    for (let x = 0, i = y * width * 4, o = out + 1; x < width; x++, i += 4, o += 3) {
      const blank = 255 - rgba[i + 3];
      const r = rgba[i] + blank;
      const g = rgba[i + 1] + blank;
      const b = rgba[i + 2] + blank;
      raw[o] = r - left0;
      raw[o + 1] = g - left1;
      raw[o + 2] = b - left2;
      left0 = r;
      left1 = g;
      left2 = b;
    }
    // Last: in the first row this byte is the first pixel's red.
    raw[out] = 1;
  }
  // Deflated on the thread pool: the cover is drawn while the build subsets its fonts.
  return pngFile(width, height, 2, await deflateAsync(raw.subarray(0, row * height)));
}
