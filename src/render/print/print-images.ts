import { BuildError, type Diagnostic, type Diagnostics } from '../../diagnostics.ts';
import type { Asset } from '../../model/book.ts';
import { isGrayPng, isPlainGrayPng, pngHeader, pngToGray } from './gray-image.ts';

/**
 * The images of the print PDF, none in RGB and none with a soft mask
 * (PDF/X-1a). A plain gray PNG or a gray or CMYK JPEG goes in as it is;
 * a gray PNG with alpha is flattened onto white. A colour PNG is converted to gray here, with a note.
 * A colour JPEG cannot be (that needs a JPEG codec the project does not
 * carry), so the build stops and names it: the author converts it once.
 */
export function printImages(assets: Iterable<Asset>, diagnostics: Diagnostics): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const problems: Diagnostic[] = [];
  for (const asset of assets) {
    const data = Buffer.from(asset.data);
    if (asset.mediaType === 'image/jpeg') {
      const components = jpegComponents(data);
      if (components === 3) {
        problems.push({ file: asset.source, severity: 'error', rule: 'print:rgb-image', message: 'a colour (RGB) JPEG cannot go into the print PDF; save it as grayscale or CMYK, or as a PNG, which the build converts to gray' });
      }
      out.set(asset.name, data);
      continue;
    }
    const header = pngHeader(data);
    if (isPlainGrayPng(header)) {
      out.set(asset.name, data);
    } else if (isGrayPng(header)) {
      // Gray already, with alpha or 16 bits: flattened onto white and written as 8-bit gray, silently.
      out.set(asset.name, pngToGray(data));
    } else {
      out.set(asset.name, pngToGray(data));
      diagnostics.info('print:image-gray', 'a colour image, converted to grayscale for the print PDF', { file: asset.source });
    }
  }
  if (problems.length) throw new BuildError(problems);
  return out;
}

/** The number of colour components in a JPEG's frame header (1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK). */
function jpegComponents(data: Buffer): number | undefined {
  let pos = 2;
  while (pos + 4 <= data.length) {
    if (data[pos] !== 0xff) {
      pos++;
      continue;
    }
    const marker = data[pos + 1];
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame header.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return data[pos + 9];
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0xff) {
      pos += marker === 0xff ? 1 : 2;
      continue;
    }
    pos += 2 + data.readUInt16BE(pos + 2);
  }
  return undefined;
}
