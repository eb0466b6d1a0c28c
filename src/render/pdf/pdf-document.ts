import PDFDocument from 'pdfkit';
import type { Book } from '../../model/book.ts';
import { deflateInWorker } from './deflate-worker.ts';

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
    // Pages stay open until their content is deflated on another core (see below).
    bufferPages: true,
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
  deflatePagesElsewhere(doc);
  return doc;
}

/** A pdfkit stream object: what deflating one outside pdfkit needs. */
interface StreamRef {
  buffer: Uint8Array[];
  compress: boolean;
}

/** The pdfkit internals paging needs: its buffer of pages not yet written. */
interface PageBuffer {
  _pageBuffer: Array<{ content: StreamRef }>;
  flushPages(): void;
}

interface Deflating {
  /** When each sealed page's content is deflated. */
  ready: WeakMap<StreamRef, Promise<void>>;
  /** Seals the open page, sends what is sealed, and waits for all of it. */
  drain(): Promise<void>;
}

const deflating = new WeakMap<Doc, Deflating>();
/** Pages sent to the worker in one message. */
const BATCH = 64;
/** Pages kept open behind the one being drawn, so that a page is written only once its deflate is surely done. */
const KEEP = 2 * BATCH;

/**
 * pdfkit deflates each page's content with deflateSync as it writes the page:
 * half a second of a 2,000-page book on the main thread. Instead, finished
 * pages go in batches to a worker thread while the main thread draws on;
 * writePages() writes pages that are well behind, and finish() waits for the
 * last batch. Same zlib, same level (the default, as pdfkit's), so the same
 * bytes.
 */
function deflatePagesElsewhere(doc: Doc): void {
  const ready = new WeakMap<StreamRef, Promise<void>>();
  let batch: StreamRef[] = [];
  let open: StreamRef | undefined;
  const seal = () => {
    const ref = open;
    open = undefined;
    if (!ref?.compress || ref.buffer.length === 0) return;
    // pdfkit now writes the stream as given; its write() has already set /Filter /FlateDecode.
    ref.compress = false;
    batch.push(ref);
  };
  const send = () => {
    if (batch.length === 0) return;
    const refs = batch;
    batch = [];
    const raws = refs.map((ref) => Buffer.concat(ref.buffer));
    for (const ref of refs) ref.buffer = [];
    const done = deflateInWorker(raws).then((packed) => {
      refs.forEach((ref, i) => (ref.buffer = [packed[i]]));
    });
    for (const ref of refs) ready.set(ref, done);
  };
  doc.on('pageAdded', () => {
    seal();
    if (batch.length >= BATCH) send();
    open = (doc as unknown as { page: { content: StreamRef } }).page.content;
  });
  deflating.set(doc, {
    ready,
    async drain() {
      seal();
      send();
      const pages = (doc as unknown as PageBuffer)._pageBuffer;
      await Promise.all(pages.map((p) => ready.get(p.content)));
    },
  });
}

/**
 * Writes out the pages that lie KEEP pages or more behind the next one, once
 * their content is deflated: holding all of a long book's pages until the end
 * cost 160 MB at 2,000,000 characters. Called before each new page. The pages
 * written depend only on how many there are, never on how fast the worker
 * was, so the file is the same every time.
 */
export async function writePages(doc: Doc): Promise<void> {
  const state = deflating.get(doc);
  const d = doc as unknown as PageBuffer;
  if (!state || d._pageBuffer.length < 2 * KEEP) return;
  const done = d._pageBuffer.slice(0, d._pageBuffer.length - KEEP);
  await Promise.all(done.map((p) => state.ready.get(p.content)));
  // pdfkit writes every buffered page; hand it only the finished ones.
  const rest = d._pageBuffer.slice(done.length);
  d._pageBuffer = done;
  d.flushPages();
  d._pageBuffer = rest;
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
  await deflating.get(doc)?.drain();
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
 * (finish() waits for the page deflates) must wait for this before it goes
 * on, or the file's object numbers would depend on timing.
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
