import { BuildError, type Diagnostic, type Diagnostics } from '../../diagnostics.ts';
import type { Asset } from '../../model/book.ts';
import { isGrayPng, isPlainGrayPng, jpegToGray, pngHeader, pngToGray } from './gray-image.ts';

/**
 * The images of the print PDF, none in RGB and none with a soft mask
 * (PDF/X-1a), and none in colour: the book block prints in black alone, and
 * a CMYK photo would put ink on three more plates of its page, which a
 * printer quoting one colour queries. A plain gray PNG or a gray JPEG goes
 * in as it is (pdfkit turns a JPEG by its EXIF orientation, as the screen
 * PDF does); a gray PNG with alpha is flattened onto white. A colour PNG or
 * JPEG (RGB or CMYK) is converted to gray here, with a note. A colour JPEG
 * the decoder cannot read stops the build, named: the author converts it once.
 */
export function printImages(assets: Iterable<Asset>, diagnostics: Diagnostics): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const problems: Diagnostic[] = [];
  for (const asset of assets) {
    const data = Buffer.from(asset.data);
    if (asset.mediaType === 'image/jpeg') {
      if (asset.components === 1) {
        out.set(asset.name, data);
        continue;
      }
      const kind = asset.components === 4 ? 'CMYK' : 'RGB';
      try {
        out.set(asset.name, jpegToGray(data, asset.orientation ?? 1));
        diagnostics.info('print:image-gray', `a colour (${kind}) image, converted to grayscale for the print PDF, whose book block prints in black alone`, { file: asset.source });
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        problems.push({ file: asset.source, severity: 'error', rule: 'print:rgb-image', message: `a colour (${kind}) JPEG the build cannot decode to gray for the print PDF (the decoder reports: ${why}); save it as grayscale, or as a PNG` });
      }
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
