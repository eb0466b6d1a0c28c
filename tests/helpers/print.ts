import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import * as mupdf from 'mupdf';
import { SAMPLE, tempDir } from './paths.ts';

export const MM = 72 / 25.4;

/** A copy of the sample book with its `print:` block replaced by `print` (indented lines). */
export function sampleWithPrint(print: string): string {
  const dir = tempDir('print-');
  cpSync(SAMPLE, dir, { recursive: true });
  const yaml = readFileSync(join(dir, 'book.yaml'), 'utf8').replace(/^print:\n(?: {2}.*\n)+/mu, `print:\n${print}`);
  writeFileSync(join(dir, 'book.yaml'), yaml);
  return dir;
}

export type Box = [number, number, number, number];
export interface PageBoxes {
  media: Box;
  bleed: Box;
  trim: Box;
}

/** Every page's MediaBox, BleedBox and TrimBox as poppler's `pdfinfo -box` reports them. */
export function pageBoxes(path: string): PageBoxes[] {
  const pages = Number(/Pages:\s+(\d+)/u.exec(spawnSync('pdfinfo', [path], { encoding: 'utf8' }).stdout)![1]);
  const out = spawnSync('pdfinfo', ['-box', '-f', '1', '-l', String(pages), path], { encoding: 'utf8' }).stdout;
  const result: PageBoxes[] = [];
  for (const m of out.matchAll(/^Page\s+(\d+) (MediaBox|BleedBox|TrimBox):\s+([\d.-]+)\s+([\d.-]+)\s+([\d.-]+)\s+([\d.-]+)/gmu)) {
    const i = Number(m[1]) - 1;
    result[i] ??= {} as PageBoxes;
    const key = m[2] === 'MediaBox' ? 'media' : m[2] === 'BleedBox' ? 'bleed' : 'trim';
    result[i][key] = [Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])];
  }
  if (result.length !== pages) throw new Error(`pdfinfo -box gave ${result.length} pages of ${pages}`);
  return result;
}

/** /PageLabels as qpdf reads them: the page index each range starts at, and its style. */
export function pageLabels(path: string): Array<{ index: number; style: string; start?: number }> {
  const json = JSON.parse(spawnSync('qpdf', ['--json', '--json-key=pagelabels', path], { encoding: 'utf8' }).stdout) as {
    pagelabels: Array<{ index: number; label: Record<string, unknown> }>;
  };
  return json.pagelabels.map((p) => ({ index: p.index, style: String(p.label['/S']), start: p.label['/St'] as number | undefined }));
}

/**
 * Every colour a PDF can paint with, found through MuPDF's object API: the
 * colour operators of every page's content streams (and of form XObjects),
 * the colour spaces of every image and resource dictionary, and any colour
 * space name anywhere in the file. Returns what is not DeviceGray, DeviceCMYK
 * or the registration colour (/Separation /All).
 */
export function nonGrayOrCmyk(path: string): string[] {
  const doc = mupdf.Document.openDocument(readFileSync(path), 'application/pdf').asPDF()!;
  const found: string[] = [];
  const allowedSpaces = new Set(['DeviceGray', 'DeviceCMYK']);
  for (let i = 1; i < doc.countObjects(); i++) {
    const obj = doc.newIndirect(i).resolve();
    if (obj.isNull()) continue;
    // The registration colour of crop marks, [/Separation /All /DeviceCMYK …], prints on every plate: allowed.
    const text = obj.toString(true, true).replace(/\[\s*\/Separation\s*\/All\s*\/DeviceCMYK\b/gu, '[');
    for (const m of text.matchAll(/\/(DeviceRGB|CalRGB|Lab|ICCBased|DeviceN|Separation|Indexed|Pattern)\b/gu)) found.push(`object ${i}: /${m[1]}`);
    if (!obj.isStream()) continue;
    const type = obj.get('Subtype');
    if (!type.isNull() && type.asName() === 'Image') {
      const cs = obj.get('ColorSpace');
      const name = cs.isName() ? cs.asName() : cs.toString(true, true);
      if (!allowedSpaces.has(name)) found.push(`image ${i}: ColorSpace ${name}`);
    }
  }
  const streams: mupdf.PDFObject[] = [];
  for (let p = 0; p < doc.countPages(); p++) {
    const page = doc.findPage(p);
    const contents = page.get('Contents');
    // readStream wants the indirect reference, not the resolved dictionary.
    if (contents.isArray()) contents.forEach((c) => streams.push(c));
    else if (!contents.isNull()) streams.push(contents);
    const annots = page.get('Annots');
    if (!annots.isNull() && annots.length > 0) found.push(`page ${p + 1}: ${annots.length} annotations`);
    const xobjects = page.get('Resources').get('XObject');
    if (!xobjects.isNull()) xobjects.forEach((x) => {
      if (x.resolve().get('Subtype').asName() === 'Form') streams.push(x);
    });
  }
  for (const s of streams) found.push(...colourOperators(Buffer.from(s.readStream().asUint8Array()).toString('latin1')));
  return found;
}

/** Colour operators in a content stream that are not gray or CMYK. */
export function colourOperators(content: string): string[] {
  const bad: string[] = [];
  // Strings and hex strings hold glyph codes, not operators.
  const tokens = content.replace(/\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>/gu, ' str ').split(/[\s[\]]+/u).filter(Boolean);
  const operands: string[] = [];
  for (const t of tokens) {
    if (/^[-+]?(\d+\.?\d*|\.\d+)$/u.test(t) || t.startsWith('/') || t === 'str') {
      operands.push(t);
      continue;
    }
    const numbers = operands.filter((o) => /^[-+.\d]/u.test(o)).length;
    if (t === 'rg' || t === 'RG') bad.push(`${operands.join(' ')} ${t}`);
    if (['sc', 'scn', 'SC', 'SCN'].includes(t) && numbers !== 1 && numbers !== 4) bad.push(`${operands.join(' ')} ${t}`);
    if ((t === 'cs' || t === 'CS') && !['/DeviceGray', '/DeviceCMYK', '/CSAll'].includes(operands[operands.length - 1])) bad.push(`${operands.join(' ')} ${t}`);
    operands.length = 0;
  }
  return bad;
}

/** A small truecolour PNG (colour type 2, or 6 with alpha), built by hand. */
export function rgbPng(width: number, height: number, pixel: (x: number, y: number) => number[], alpha = false): Buffer {
  const channels = alpha ? 4 : 3;
  const raw = Buffer.alloc(height * (1 + width * channels));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), y * (1 + width * channels) + 1 + x * channels);
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = alpha ? 6 : 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** The header of a baseline JPEG with three components (YCbCr): enough for the build to read its size and colour. */
export function rgbJpegHeader(width: number, height: number): Buffer {
  const sof = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return Buffer.from([0xff, 0xd8, ...sof, 0xff, 0xd9]);
}
