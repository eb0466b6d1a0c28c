/**
 * What a JPEG's headers say, read without decoding the image: its size as
 * stored, its colour components, and the EXIF orientation a camera writes
 * instead of turning the pixels (a phone's portrait photo is stored
 * landscape, orientation 6). Readers and pdfkit show the image turned, so
 * its box on the page must be laid out turned too.
 */
export interface JpegHeader {
  /** As stored, before the orientation turns it. */
  width: number;
  height: number;
  /** 1 gray, 3 YCbCr or RGB, 4 CMYK or YCCK. */
  components: number;
  /** EXIF orientation, 1–8; 1 when the file has none or an invalid one. */
  orientation: number;
}

export function jpegHeader(data: Uint8Array): JpegHeader | undefined {
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (view.length < 4 || view[0] !== 0xff || view[1] !== 0xd8) return undefined;
  let orientation = 1;
  let p = 2;
  while (p + 4 <= view.length) {
    if (view[p] !== 0xff) return undefined;
    const marker = view[p + 1];
    // Fill bytes before a marker; markers that stand alone, with no length.
    if (marker === 0xff || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      p += marker === 0xff ? 1 : 2;
      continue;
    }
    const len = view.readUInt16BE(p + 2);
    // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC) carry the frame header.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (p + 10 > view.length) return undefined;
      return { height: view.readUInt16BE(p + 5), width: view.readUInt16BE(p + 7), components: view[p + 9], orientation };
    }
    if (marker === 0xe1 && orientation === 1) orientation = exifOrientation(view.subarray(p + 4, Math.min(view.length, p + 2 + len)));
    p += 2 + len;
  }
  return undefined;
}

/**
 * What is wrong with a JPEG, in words, or undefined when it is whole: every
 * segment within the file and the image data running on to the end marker
 * (EOI). A file cut off in a download or a copy lacks it, and readers show
 * its picture half grey or not at all. What follows EOI (a phone's appended
 * motion-photo video, padding) is no part of the image and is not read.
 */
export function jpegDamage(data: Uint8Array): string | undefined {
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (view.length < 4 || view[0] !== 0xff || view[1] !== 0xd8) return 'it does not start as a JPEG does';
  const cutOff = 'the file is cut off before its end marker (EOI)';
  let frame = false;
  let p = 2;
  for (;;) {
    if (p + 2 > view.length) return cutOff;
    if (view[p] !== 0xff) return `it is corrupt at byte ${p}`;
    const marker = view[p + 1];
    if (marker === 0xd9) return frame ? undefined : 'it has no frame header (SOF)';
    if (marker === 0xff || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      p += marker === 0xff ? 1 : 2;
      continue;
    }
    if (p + 4 > view.length) return cutOff;
    const len = view.readUInt16BE(p + 2);
    if (len < 2) return `it is corrupt at byte ${p}`;
    if (p + 2 + len > view.length) return cutOff;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) frame = true;
    p += 2 + len;
    if (marker !== 0xda) continue;
    // Entropy-coded data after a scan header: a 0xFF in it is stuffed (FF 00) or a restart marker; any other ends it.
    for (;;) {
      const ff = view.indexOf(0xff, p);
      if (ff === -1 || ff + 1 >= view.length) return cutOff;
      const next = view[ff + 1];
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) p = ff + 2;
      else if (next === 0xff) p = ff + 1;
      else {
        p = ff;
        break;
      }
    }
  }
}

/** Whether the orientation turns the image a quarter, so that it shows `height` wide. */
export function turnsQuarter(orientation: number): boolean {
  return orientation >= 5 && orientation <= 8;
}

/** Tag 0x0112 of IFD0 in an APP1 `Exif` segment's TIFF structure, either byte order. */
function exifOrientation(app1: Buffer): number {
  if (app1.length < 14 || app1.toString('latin1', 0, 6) !== 'Exif\0\0') return 1;
  const tiff = app1.subarray(6);
  const little = tiff.toString('latin1', 0, 2) === 'II';
  if (!little && tiff.toString('latin1', 0, 2) !== 'MM') return 1;
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return 1;
  const entries = u16(ifd);
  for (let k = 0; k < entries; k++) {
    const at = ifd + 2 + k * 12;
    if (at + 12 > tiff.length) return 1;
    // A SHORT, its value in the entry's first two bytes.
    if (u16(at) === 0x0112) {
      const value = u16(at + 2) === 3 ? u16(at + 8) : 1;
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}
