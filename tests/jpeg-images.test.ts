// Photographs as cameras write them: a JPEG whose EXIF orientation says how to turn the stored
// pixels. tests/fixtures/jpeg/colour-oN.jpg is one 64×32 colour picture tagged with each
// orientation (odd ones in big-endian EXIF, even ones little-endian); colour-oN.shown.png is
// ImageMagick's `-auto-orient` of it, the picture as a reader shows it. Our PDFs are read back
// with MuPDF, and each placed image is compared pixel by pixel with ImageMagick's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as mupdf from 'mupdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build/build.ts';
import { imageInfo } from '../src/parse/image-file.ts';
import { FIXTURES, tempDir, writeManuscript } from './helpers/paths.ts';
import { ghostscriptSays, pdfxForbidden } from './helpers/pdfx.ts';
import { nonGrayOrCmyk } from './helpers/print.ts';

const JPEG = join(FIXTURES, 'jpeg');
const ORIENTATIONS = [1, 2, 3, 4, 5, 6, 7, 8];
const jpeg = (o: number) => readFileSync(join(JPEG, `colour-o${o}.jpg`));

interface Shown {
  width: number;
  height: number;
  /** RGB, row by row. */
  rgb: number[];
}

function shown(o: number): Shown {
  const pixmap = new mupdf.Image(readFileSync(join(JPEG, `colour-o${o}.shown.png`))).toPixmap();
  const n = pixmap.getNumberOfComponents();
  const samples = [...pixmap.getPixels()];
  const rgb: number[] = [];
  for (let i = 0; i < samples.length; i += n) rgb.push(samples[i], samples[i + 1], samples[i + 2]);
  return { width: pixmap.getWidth(), height: pixmap.getHeight(), rgb };
}

interface Placed {
  ctm: number[];
  width: number;
  height: number;
  components: number;
  samples: number[];
}

/** Every image MuPDF draws in a PDF, in page order: its pixels as embedded and where they go. */
function placedImages(path: string): Placed[] {
  const doc = mupdf.Document.openDocument(readFileSync(path), 'application/pdf');
  const placed: Placed[] = [];
  for (let p = 0; p < doc.countPages(); p++) {
    const device = new mupdf.Device({
      fillImage(image, ctm) {
        const pixmap = image.toPixmap();
        placed.push({ ctm: [...ctm], width: image.getWidth(), height: image.getHeight(), components: pixmap.getNumberOfComponents(), samples: [...pixmap.getPixels()] });
      },
    });
    doc.loadPage(p).run(device, mupdf.Matrix.identity);
    device.close();
  }
  return placed;
}

/** The box an image fills on the page: the unit square through its matrix. */
function box(ctm: number[]): { x0: number; y0: number; x1: number; y1: number } {
  const [a, b, c, d, e, f] = ctm;
  const xs = [e, a + e, c + e, a + c + e];
  const ys = [f, b + f, d + f, b + d + f];
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

/**
 * Each shown pixel's centre, found on the page and taken back through the
 * image's matrix to the embedded pixel drawn there; how far that pixel's
 * gray is from the shown one. Plain affine geometry: nothing here knows
 * what an orientation means.
 */
function grayErrors(placed: Placed, want: Shown): number[] {
  const { x0, y0, x1, y1 } = box(placed.ctm);
  const [a, b, c, d, e, f] = placed.ctm;
  const det = a * d - b * c;
  const errors: number[] = [];
  for (let j = 0; j < want.height; j++) {
    for (let i = 0; i < want.width; i++) {
      const x = x0 + ((i + 0.5) / want.width) * (x1 - x0) - e;
      const y = y0 + ((j + 0.5) / want.height) * (y1 - y0) - f;
      const u = (d * x - c * y) / det;
      const v = (a * y - b * x) / det;
      const sx = Math.min(placed.width - 1, Math.floor(u * placed.width));
      const sy = Math.min(placed.height - 1, Math.floor(v * placed.height));
      const at = (sy * placed.width + sx) * placed.components;
      const got = placed.components === 1 ? placed.samples[at] : luma(placed.samples.slice(at, at + 3));
      errors.push(Math.abs(got - luma(want.rgb.slice((j * want.width + i) * 3, (j * want.width + i) * 3 + 3))));
    }
  }
  return errors;
}

const luma = ([r, g, b]: number[]) => 0.299 * r + 0.587 * g + 0.114 * b;

/** Two decoders of one JPEG differ by a few levels; a picture turned wrongly, by a hundred and more. */
function matches(errors: number[]): boolean {
  const sorted = [...errors].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] <= 4 && sorted[Math.floor(sorted.length * 0.98)] <= 12;
}

describe('a JPEG with an EXIF orientation', () => {
  it.each(ORIENTATIONS)('orientation %i: its size is the size a reader shows', (o) => {
    const info = imageInfo(jpeg(o))!;
    const want = shown(o);
    expect([info.width, info.height]).toEqual([want.width, want.height]);
    expect(info.orientation).toBe(o === 1 ? undefined : o);
    expect(info.components).toBe(3);
  });

  describe('in the screen and the print PDF', () => {
    let screen: Placed[];
    let print: Placed[];
    let notes: string[];
    let printPath: string;
    beforeAll(async () => {
      const figures = ORIENTATIONS.map((o) => `![方向${o}](colour-o${o}.jpg)\n\n第${o}段正文。\n`).join('\n');
      const files: Record<string, string | Buffer> = { 'book.yaml': 'title: 照片\nauthor: 某人\nslug: photos\n', '01.md': `# 第一章：照片\n\n${figures}` };
      for (const o of ORIENTATIONS) files[`colour-o${o}.jpg`] = jpeg(o);
      const dir = writeManuscript(files);
      const result = await build({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hans'], formats: ['pdf', 'print'], sourceDateEpoch: '1700000000' });
      const path = (suffix: string) => result.outputs.find((x) => x.path.endsWith(suffix))!.path;
      // The screen PDF opens with its drawn cover, an image too.
      const pictures = (placed: Placed[]) => placed.filter((p) => p.width * p.height === 64 * 32);
      screen = pictures(placedImages(path('photos.zh-Hans.pdf')));
      printPath = path('photos.zh-Hans.print.pdf');
      print = pictures(placedImages(printPath));
      notes = result.diagnostics.filter((x) => x.rule === 'print:image-gray').map((x) => x.file!);
    });

    it('places every picture in a box of the shape a reader shows, unstretched', () => {
      for (const placed of [screen, print]) {
        expect(placed).toHaveLength(ORIENTATIONS.length);
        placed.forEach((p, k) => {
          const { x0, y0, x1, y1 } = box(p.ctm);
          const want = shown(ORIENTATIONS[k]);
          expect((x1 - x0) / (y1 - y0)).toBeCloseTo(want.width / want.height, 2);
        });
      }
    });

    it('shows the screen PDF picture turned as the reader does', () => {
      screen.forEach((p, k) => {
        expect(p.components).toBe(3);
        expect(matches(grayErrors(p, shown(ORIENTATIONS[k])))).toBe(true);
      });
    });

    it('converts each colour JPEG to gray for the print PDF, turned the same, with a note', () => {
      print.forEach((p, k) => {
        expect(p.components).toBe(1);
        expect(matches(grayErrors(p, shown(ORIENTATIONS[k])))).toBe(true);
      });
      expect(notes).toHaveLength(ORIENTATIONS.length);
      // And the file stays one a printer takes: no RGB, nothing PDF/X-1a forbids, a RIP that says nothing.
      expect(nonGrayOrCmyk(printPath)).toEqual([]);
      expect(pdfxForbidden(printPath)).toEqual([]);
      expect(ghostscriptSays(printPath)).toBe('');
    });

    it('tells a picture turned wrongly from one turned right (the comparison can fail)', () => {
      // Orientation 3 is the same picture half turned; 2 mirrored.
      expect(matches(grayErrors(print[2], shown(1)))).toBe(false);
      expect(matches(grayErrors(screen[1], shown(1)))).toBe(false);
      expect(matches(grayErrors(screen[5], shown(8)))).toBe(false);
    });
  });
});

describe('a CMYK JPEG', () => {
  it('is converted to gray for the print PDF, whose book block prints in black alone, and kept as it is in the screen PDF', async () => {
    // White at the top to black at the foot, saved as CMYK by ImageMagick (with Adobe's marker, as Photoshop writes it).
    const cmyk = readFileSync(join(JPEG, 'cmyk-gradient.jpg'));
    expect(imageInfo(cmyk)!.components).toBe(4);
    const dir = writeManuscript({ 'book.yaml': 'title: 照片\nauthor: 某人\nslug: photos\n', '01.md': '# 第一章：照片\n\n![渐变](cmyk.jpg)\n\n正文。\n', 'cmyk.jpg': cmyk });
    const result = await build({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hans'], formats: ['pdf', 'print'], sourceDateEpoch: '1700000000' });
    const path = (suffix: string) => result.outputs.find((x) => x.path.endsWith(suffix))!.path;
    const picture = (p: string) => placedImages(p).find((x) => x.width === 64 && x.height === 32)!;
    expect(picture(path('photos.zh-Hans.pdf')).components).toBe(4);
    const gray = picture(path('photos.zh-Hans.print.pdf'));
    expect(gray.components).toBe(1);
    // The top row white, the foot row black: the inks read the right way round.
    expect(gray.samples.slice(0, 64).every((v) => v > 230)).toBe(true);
    expect(gray.samples.slice(64 * 31).every((v) => v < 25)).toBe(true);
    const notes = result.diagnostics.filter((d) => d.rule === 'print:image-gray');
    expect(notes.map((d) => [d.file, d.message])).toEqual([[join(dir, 'cmyk.jpg'), 'a colour (CMYK) image, converted to grayscale for the print PDF, whose book block prints in black alone']]);
  });
});
