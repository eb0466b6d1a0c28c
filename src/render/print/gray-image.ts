import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { PNG_SIGNATURE, pngFile } from '../../output/png.ts';

/**
 * PNG → 8-bit grayscale PNG, for the print PDF, which carries no RGB. Any
 * PNG a browser shows is read (pngjs: palette, 16-bit, alpha, interlaced);
 * alpha is flattened onto the paper's white, since a press prints no
 * transparency anyway.
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
  const gray = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++) {
    gray[y * (width + 1)] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      const luma = 0.299 * data[at] + 0.587 * data[at + 1] + 0.114 * data[at + 2];
      const a = data[at + 3];
      gray[y * (width + 1) + 1 + x] = Math.round((luma * a + 255 * (255 - a)) / 255);
    }
  }
  return pngFile(width, height, 0, deflateSync(gray, { level: 9 }));
}
