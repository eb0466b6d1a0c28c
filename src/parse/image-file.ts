import { readFileSync, statSync } from 'node:fs';
import { jpegDamage, jpegHeader, turnsQuarter } from './jpeg-header.ts';
import { pngDamage } from './png-check.ts';

/**
 * Apple Books refuses an image of 4 million pixels or more, the cover and
 * those inside the book alike; 1600×2400 already fills any reader's screen.
 */
export const STORE_PIXELS = 4_000_000;

/**
 * Past this many pixels the build stops rather than load the image. The
 * print PDF decodes a colour image to convert it to gray, at about ten bytes
 * a pixel all told (a 144-megapixel PNG took 1.6 GB, a 900-megapixel one
 * 9.5 GB): 50 million keeps that near half a gigabyte, which a laptop has
 * to spare. No page needs more: a 16开 page with bleed at 600 dpi is 27 million.
 */
export const SAFE_PIXELS = 50_000_000;

export interface ImageInfo {
  mediaType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  orientation?: number;
  components?: number;
}

/** An image's type and its size as shown: a JPEG's EXIF orientation turned (jpeg-header.ts). */
export function imageInfo(data: Uint8Array): ImageInfo | undefined {
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (view.length > 24 && view.readUInt32BE(0) === 0x89504e47 && view.toString('latin1', 12, 16) === 'IHDR') {
    return { mediaType: 'image/png', width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
  }
  const jpeg = jpegHeader(view);
  if (!jpeg) return undefined;
  const { width, height, orientation, components } = jpeg;
  const info = { mediaType: 'image/jpeg' as const, components, ...(turnsQuarter(orientation) ? { width: height, height: width } : { width, height }) };
  return orientation === 1 ? info : { ...info, orientation };
}

/**
 * What stops an image file from being used, in words that follow its name
 * ("image 'x.png' …"): `unreadable` for a file that cannot be read at all,
 * `bad` for one that is not a whole PNG or JPEG, `too-large` past SAFE_PIXELS.
 */
export interface ImageProblem {
  problem: 'unreadable' | 'bad' | 'too-large';
  why: string;
}

export interface ImageFile {
  data: Buffer;
  info: ImageInfo;
}

/**
 * Reads an image and checks it whole, so that `check` finds what would
 * otherwise stop pdfkit half-way through a build (or ship a broken picture
 * in an EPUB). Its size comes from the header, never from decoding: a small
 * file may hold a picture too large to decode.
 */
export function loadImageFile(path: string): ImageFile | ImageProblem {
  let data: Buffer;
  try {
    // Reading a folder fails, and reading a FIFO or a device would hang the build.
    const stat = statSync(path);
    if (stat.isDirectory()) return { problem: 'unreadable', why: 'is a folder, not an image file' };
    if (!stat.isFile()) return { problem: 'unreadable', why: 'is not a regular file' };
    data = readFileSync(path);
  } catch (e) {
    return { problem: 'unreadable', why: `cannot be read: ${readFailure(e)}` };
  }
  // A PNG's signature says what it is meant to be, before its header: its damage is said, not "not a PNG".
  const damage = data.length >= 4 && data.readUInt32BE(0) === 0x89504e47 ? pngDamage(data, SAFE_PIXELS) : undefined;
  if (damage) return { problem: 'bad', why: `is damaged: ${damage}; export or copy it again` };
  const info = imageInfo(data);
  if (!info) return { problem: 'bad', why: data.length === 0 ? 'is an empty file, not a PNG or JPEG' : 'is not a PNG or JPEG file' };
  const pixels = info.width * info.height;
  if (pixels > SAFE_PIXELS) {
    return {
      problem: 'too-large',
      why: `is ${info.width}×${info.height} pixels, ${millions(pixels)} million: more than the ${SAFE_PIXELS / 1e6} million the build loads, since decoding it for print would take gigabytes of memory; scale it down (2000 pixels on the long side is plenty for a page)`,
    };
  }
  const jpeg = info.mediaType === 'image/jpeg' ? jpegDamage(data) : undefined;
  if (jpeg) return { problem: 'bad', why: `is damaged: ${jpeg}; export or copy it again` };
  return { data, info };
}

/** A pixel count in millions, as the messages give it. */
export function millions(pixels: number): string {
  return (pixels / 1e6).toFixed(1);
}

function readFailure(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? String(e);
}
