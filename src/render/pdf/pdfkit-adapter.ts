import { createRequire } from 'node:module';
import type PDFKitDocument from 'pdfkit';
import type { Book } from '../../model/book.ts';
import { CidFonts } from './cid-fonts.ts';

/** pdfkit's CommonJS build, for the reason fontkit is loaded so (fonts/fontkit.ts): its ES module build pulls in both libraries' ES modules. */
const PDFDocument = createRequire(import.meta.url)('pdfkit') as typeof PDFKitDocument;

export type Doc = InstanceType<typeof PDFDocument>;

/**
 * A pdfkit document with the book's metadata, reproducible (every info date
 * given, so the trailer /ID is stable) and PDF 1.7, so that XMP is written.
 */
export function createDocument(book: Book, title = book.meta.title): Doc {
  const modified = book.meta.modified;
  const doc = new PDFDocument({
    margin: 0,
    autoFirstPage: false,
    pdfVersion: '1.7',
    lang: book.edition,
    displayTitle: true,
    compress: true,
    info: {
      Title: title,
      Author: book.meta.author,
      Subject: book.meta.description ?? book.meta.subtitle ?? '',
      Creator: 'suanfa-jianghu book pipeline',
      Producer: 'pdfkit',
      CreationDate: modified,
      ModDate: modified,
    },
  } as PDFKit.PDFDocumentOptions);
  escapeXmp(doc);
  return doc;
}

const fontsOf = new WeakMap<Doc, CidFonts>();

/** The document's fonts, which finish() embeds. */
export function cidFonts(doc: Doc): CidFonts {
  let f = fontsOf.get(doc);
  if (!f) fontsOf.set(doc, (f = new CidFonts(doc)));
  return f;
}

/** pdfkit writes Title and Author into XMP unescaped; escape them there, and only there. */
function escapeXmp(doc: Doc): void {
  const d = doc as unknown as { _addInfo(): void; info: Record<string, unknown> };
  const original = d._addInfo.bind(d);
  const esc = (v: unknown) => (typeof v === 'string' ? v.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;') : v);
  d._addInfo = () => {
    const raw = d.info;
    d.info = { ...raw, Title: esc(raw.Title), Author: esc(raw.Author), Subject: esc(raw.Subject), Creator: esc(raw.Creator), Keywords: esc(raw.Keywords) };
    try {
      original();
    } finally {
      d.info = raw;
    }
  };
}

export async function finish(doc: Doc): Promise<Buffer> {
  await fontsOf.get(doc)?.embed();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/**
 * Draws an image and resolves once pdfkit has written it. pdfkit decodes a
 * PNG with an alpha channel asynchronously and only then numbers its soft
 * mask and writes both: a renderer that lets the event loop run meanwhile
 * (it waits for page streams deflated elsewhere) must wait for this before
 * it goes on, or the file's object numbers would depend on timing.
 */
export function drawImage(doc: Doc, data: Buffer, x: number, y: number, options: { width: number; height: number }): Promise<void> {
  const image = (doc as unknown as { openImage(d: Buffer): { obj: unknown; finalize?: () => void } }).openImage(data);
  let written = Promise.resolve();
  if (!image.obj && typeof image.finalize === 'function') {
    const finalize = image.finalize.bind(image);
    written = new Promise((resolve) => {
      image.finalize = () => {
        finalize();
        resolve();
      };
    });
  }
  doc.image(image as never, x, y, options);
  return written;
}

/** Lower-case roman numerals, for front-matter folios. */
export function roman(n: number): string {
  const table: Array<[number, string]> = [[10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let s = '';
  for (const [v, r] of table) while (n >= v) {
    s += r;
    n -= v;
  }
  return s;
}
