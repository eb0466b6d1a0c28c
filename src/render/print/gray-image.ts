import { deflateSync } from 'node:zlib';
import { decode as decodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { PNG_SIGNATURE, pngFile } from '../../output/png.ts';
import { orientPixels } from './orient-pixels.ts';

/**
 * A colour PNG or JPEG → 8-bit grayscale PNG, for the print PDF, which
 * carries no RGB. Any PNG a browser shows is read (pngjs: palette, 16-bit,
 * alpha, interlaced); alpha is flattened onto the paper's white, since a
 * press prints no transparency anyway.
 */

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
  /** A tRNS chunk: one gray value (or palette entries) to be shown as transparent. */
  transparent: boolean;
}

/** The IHDR fields, read without decoding the image: a gray PNG goes into the PDF as it is. */
export function pngHeader(png: Uint8Array): PngHeader {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (buf.length < 29 || !buf.subarray(0, 8).equals(PNG_SIGNATURE) || buf.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG file');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), bitDepth: buf[24], colorType: buf[25], interlaced: buf[28] === 1, transparent: buf.includes('tRNS', 33, 'latin1') };
}

/**
 * A PNG PDF/X-1a takes as it is: gray, no alpha and no transparent colour
 * (pdfkit would make either a soft mask, which PDF 1.3 lacks), at most 8
 * bits (16 came with PDF 1.5), not interlaced (pdfkit decodes those itself).
 */
export function isPlainGrayPng(h: PngHeader): boolean {
  return h.colorType === 0 && h.bitDepth <= 8 && !h.interlaced && !h.transparent;
}

/** Gray (type 0) and gray with alpha (type 4) need no conversion: pdfkit embeds them as DeviceGray. */
export function isGrayPng(h: PngHeader): boolean {
  return h.colorType === 0 || h.colorType === 4;
}

/** Converts a colour PNG to gray: Rec. 601 luma on the encoded values, as most image editors do. */
export function pngToGray(png: Uint8Array): Buffer {
  // pngjs gives 8 bits per channel, RGBA, whatever the file's depth, palette or interlacing.
  const image = PNG.sync.read(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  const { width, height, data } = image;
  const gray = new Uint8Array(width * height);
  for (let i = 0; i < gray.length; i++) {
    const at = i * 4;
    const a = data[at + 3];
    gray[i] = Math.round((luma(data[at], data[at + 1], data[at + 2]) * a + 255 * (255 - a)) / 255);
  }
  return grayPng(width, height, gray, 9);
}

/**
 * Converts a colour JPEG to gray, turned as its EXIF orientation says (a
 * PNG has none, so the pixels turn instead). jpeg-js decodes baseline and
 * progressive files; it throws on what it cannot read (arithmetic coding, a
 * damaged file) rather than hand back a half-decoded picture.
 */
export function jpegToGray(jpeg: Uint8Array, orientation: number): Buffer {
  const image = decodeJpeg(jpeg, { useTArray: true, formatAsRGBA: false, tolerantDecoding: false });
  const { width, height, data } = image;
  const gray = new Uint8Array(width * height);
  for (let i = 0; i < gray.length; i++) gray[i] = Math.round(luma(data[i * 3], data[i * 3 + 1], data[i * 3 + 2]));
  const shown = orientPixels(gray, width, height, orientation);
  // A photograph deflates little better at level 9 than at 6, and far more slowly.
  return grayPng(shown.width, shown.height, shown.pixels, 6);
}

/** Rec. 601 luma on the encoded values, as most image editors convert to gray. */
function luma(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

/** 8-bit gray pixels, row by row, as a PNG: each row filtered with none, the whole deflated. */
function grayPng(width: number, height: number, gray: Uint8Array, level: number): Buffer {
  const rows = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++) rows.set(gray.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  return pngFile(width, height, 0, deflateSync(rows, { level }));
}
