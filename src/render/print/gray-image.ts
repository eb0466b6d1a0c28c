import { deflateSync, inflateSync } from 'node:zlib';
import { PNG_SIGNATURE, pngFile } from '../../output/png.ts';

/**
 * PNG → 8-bit grayscale PNG, for the print PDF, which carries no RGB.
 * Covers non-interlaced truecolour, truecolour with alpha and palette images
 * at every bit depth PNG allows. Alpha and transparent colours are flattened
 * onto the paper's white, since a press prints no transparency anyway.
 */

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
}

interface Chunk {
  type: string;
  data: Buffer;
}

function chunks(png: Uint8Array): Chunk[] {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG file');
  const out: Chunk[] = [];
  for (let pos = 8; pos + 8 <= buf.length; ) {
    const length = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    out.push({ type, data: buf.subarray(pos + 8, pos + 8 + length) });
    pos += 12 + length;
    if (type === 'IEND') break;
  }
  return out;
}

export function pngHeader(png: Uint8Array): PngHeader {
  const ihdr = chunks(png).find((c) => c.type === 'IHDR');
  if (!ihdr) throw new Error('PNG without IHDR');
  return { width: ihdr.data.readUInt32BE(0), height: ihdr.data.readUInt32BE(4), bitDepth: ihdr.data[8], colorType: ihdr.data[9], interlaced: ihdr.data[12] === 1 };
}

/** Gray (type 0) and gray with alpha (type 4) need no conversion: pdfkit embeds them as DeviceGray. */
export function isGrayPng(h: PngHeader): boolean {
  return h.colorType === 0 || h.colorType === 4;
}

/** Converts a colour PNG to gray (Rec. 601 luma on the encoded values, as most image editors do). Interlaced files are not handled. */
export function pngToGray(png: Uint8Array): Buffer {
  const all = chunks(png);
  const h = pngHeader(png);
  if (h.interlaced) throw new Error('interlaced PNG');
  const channels = CHANNELS[h.colorType];
  const palette = all.find((c) => c.type === 'PLTE')?.data;
  const trns = all.find((c) => c.type === 'tRNS')?.data;
  const raw = inflateSync(Buffer.concat(all.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const rowBytes = Math.ceil((h.width * channels * h.bitDepth) / 8);
  const bpp = Math.max(1, (channels * h.bitDepth) >> 3);
  const rows = unfilter(raw, h.height, rowBytes, bpp);

  const gray = Buffer.alloc(h.height * (h.width + 1));
  const maxSample = (1 << h.bitDepth) - 1;
  for (let y = 0; y < h.height; y++) {
    const row = rows[y];
    const sample = (i: number): number => {
      if (h.bitDepth === 16) return row[i * 2];
      if (h.bitDepth === 8) return row[i];
      const bitPos = i * h.bitDepth;
      return (row[bitPos >> 3] >> (8 - h.bitDepth - (bitPos & 7))) & maxSample;
    };
    const sample16 = (i: number): number => (h.bitDepth === 16 ? row.readUInt16BE(i * 2) : sample(i));
    gray[y * (h.width + 1)] = 0; // filter: none
    for (let x = 0; x < h.width; x++) {
      let r: number, g: number, b: number;
      let a = 255;
      if (h.colorType === 3) {
        const index = sample(x);
        r = palette?.[index * 3] ?? 0;
        g = palette?.[index * 3 + 1] ?? 0;
        b = palette?.[index * 3 + 2] ?? 0;
        if (trns && index < trns.length) a = trns[index];
      } else {
        const base = x * channels;
        r = sample(base);
        g = sample(base + 1);
        b = sample(base + 2);
        if (h.colorType === 6) a = sample(base + 3);
        else if (trns && trns.length >= 6 && sample16(base) === trns.readUInt16BE(0) && sample16(base + 1) === trns.readUInt16BE(2) && sample16(base + 2) === trns.readUInt16BE(4)) a = 0;
      }
      const luma = 0.299 * r + 0.587 * g + 0.114 * b;
      gray[y * (h.width + 1) + 1 + x] = Math.round((luma * a + 255 * (255 - a)) / 255);
    }
  }
  return pngFile(h.width, h.height, 0, deflateSync(gray, { level: 9 }));
}

function unfilter(raw: Buffer, height: number, rowBytes: number, bpp: number): Buffer[] {
  const rows: Buffer[] = [];
  let prev = Buffer.alloc(rowBytes);
  for (let y = 0; y < height; y++) {
    const start = y * (rowBytes + 1);
    const type = raw[start];
    const row = Buffer.from(raw.subarray(start + 1, start + 1 + rowBytes));
    for (let i = 0; i < rowBytes; i++) {
      const left = i >= bpp ? row[i - bpp] : 0;
      const up = prev[i];
      const upLeft = i >= bpp ? prev[i - bpp] : 0;
      let add = 0;
      if (type === 1) add = left;
      else if (type === 2) add = up;
      else if (type === 3) add = (left + up) >> 1;
      else if (type === 4) add = paeth(left, up, upLeft);
      row[i] = (row[i] + add) & 0xff;
    }
    rows.push(row);
    prev = row;
  }
  return rows;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
