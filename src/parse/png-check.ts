import { crc32, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Channels of each colour type: gray, RGB, palette index, gray + alpha, RGBA. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** The bit depths each colour type allows (PNG spec, table 11.1). */
const DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
/** Adam7's seven passes: first column and row, then the step between them. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

interface Header {
  width: number;
  height: number;
  depth: number;
  colourType: number;
  interlaced: boolean;
}

/**
 * What is wrong with a PNG, in words, or undefined when it is whole: its
 * chunks each within the file and matching their checksums, IHDR first and
 * IEND last, and the image data inflating to every row the header promises.
 * png-js, inside pdfkit, throws out of a callback on anything less (a crash,
 * not a message), and an EPUB would carry the broken picture as it is.
 * The image data of a picture past `maxPixels` is not inflated: it could
 * take gigabytes, and the caller refuses the picture for its size.
 */
export function pngDamage(data: Uint8Array, maxPixels: number): string | undefined {
  const png = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  // \r\n turned into \n, or \n into \r\n: the file went through a text-mode transfer.
  if (png.length < 8 || !png.subarray(0, 8).equals(SIGNATURE)) return 'its PNG signature is damaged (a copy in text mode changes it)';
  let header: Header | undefined;
  let palette = false;
  const idat: Buffer[] = [];
  let p = 8;
  for (;;) {
    if (p + 8 > png.length) return 'the file is cut off before its end chunk (IEND)';
    const length = png.readUInt32BE(p);
    const type = png.toString('latin1', p + 4, p + 8);
    if (!/^[A-Za-z]{4}$/u.test(type) || length > 0x7fffffff) return `a chunk at byte ${p} is corrupt`;
    if (p + 12 + length > png.length) return `the file is cut off inside its ${type} chunk`;
    const body = png.subarray(p + 8, p + 8 + length);
    if (crc32(body, crc32(png.subarray(p + 4, p + 8))) !== png.readUInt32BE(p + 8 + length)) return `its ${type} chunk fails its checksum`;
    if (!header && type !== 'IHDR') return 'its header (IHDR) is not the first chunk';
    if (type === 'IHDR') {
      if (header) return 'it has two headers (IHDR)';
      header = readHeader(body);
      if (!header) return 'its header (IHDR) is invalid';
    } else if (type === 'PLTE') palette = true;
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    p += 12 + length;
  }
  if (idat.length === 0) return 'it holds no image data (IDAT)';
  if (header!.colourType === 3 && !palette) return 'it is a palette image without its palette (PLTE)';
  if (header!.width * header!.height > maxPixels) return undefined;
  return imageDataDamage(Buffer.concat(idat), header!);
}

function readHeader(body: Buffer): Header | undefined {
  if (body.length !== 13) return undefined;
  const width = body.readUInt32BE(0);
  const height = body.readUInt32BE(4);
  const [depth, colourType, compression, filter, interlace] = body.subarray(8);
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) return undefined;
  if (!DEPTHS[colourType]?.includes(depth) || compression !== 0 || filter !== 0 || interlace > 1) return undefined;
  return { width, height, depth, colourType, interlaced: interlace === 1 };
}

/**
 * Inflates the image data, holding no more than the rows the header
 * promises, and checks that each row starts with one of the five filter types.
 */
function imageDataDamage(idat: Buffer, h: Header): string | undefined {
  const bits = h.depth * CHANNELS[h.colourType];
  // Each pass as its count of rows and their size; an image 50 million rows tall has only one pass.
  const passes: Array<{ rows: number; size: number }> = [];
  for (const [x0, y0, dx, dy] of h.interlaced ? ADAM7 : [[0, 0, 1, 1]]) {
    const w = Math.ceil((h.width - x0) / dx);
    const rows = Math.ceil((h.height - y0) / dy);
    if (w > 0 && rows > 0) passes.push({ rows, size: 1 + Math.ceil((w * bits) / 8) });
  }
  const expected = passes.reduce((sum, pass) => sum + pass.rows * pass.size, 0);
  let raw: Buffer;
  try {
    raw = inflateSync(idat, { maxOutputLength: expected });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // More data than the rows take: decoders ignore what follows the last row.
    if (code === 'ERR_BUFFER_TOO_LARGE') return undefined;
    if (code === 'Z_BUF_ERROR') return 'its image data is cut off';
    return `its image data is corrupt (${(e as Error).message})`;
  }
  if (raw.length < expected) return `its image data ends early, at ${Math.round((raw.length / expected) * 100)}% of the picture`;
  let at = 0;
  for (const { rows, size } of passes) {
    for (let r = 0; r < rows; r++, at += size) if (raw[at] > 4) return `its image data is corrupt (row filter ${raw[at]})`;
  }
  return undefined;
}
