import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import type PDFKitDocument from 'pdfkit';
import { deflateInWorker } from '../../output/deflate-worker.ts';
import { escapeXml } from '../../text/escape-xml.ts';
import type { DocumentInfo, OutlineEntry, PageBoxes, PdfObject, PdfxIntent } from './pdf-document-types.ts';

/**
 * The one module that touches pdfkit's internals. pdfkit stays the PDF
 * writer — object numbering, the page tree, images, annotations, the
 * outline, metadata — but its public API cannot:
 * - take a page's content stream that we drew and deflated ourselves (our
 *   composer sets Chinese text, which pdfkit's text() cannot justify), nor
 *   leave its own few operators on a page uncompressed;
 * - put a font dictionary of our own into a page's resources (our CID fonts
 *   number glyphs by their ids in the whole font, pdfkit's by first use);
 * - set TrimBox and BleedBox, /PageLabels, or an outline item's destination
 *   at a heading rather than the page's right edge;
 * - write Title and Author into XMP escaped (it writes them raw);
 * - say when an image with alpha, which it decodes asynchronously, is written;
 * - hand over the StructTreeRoot and the page and annotation objects a
 *   structure tree of our own points at (see structTreeRoot);
 * - write small objects into object streams, with a cross-reference stream
 *   (see objectStreams).
 * Each of those is one method here; nothing else in the project reaches
 * past pdfkit's public API.
 */

/** pdfkit's CommonJS build, for the reason fontkit is loaded so (fonts/fontkit.ts): its ES module build pulls in both libraries' ES modules. */
const PDFDocument = createRequire(import.meta.url)('pdfkit') as typeof PDFKitDocument;

type Doc = InstanceType<typeof PDFDocument>;

interface Internals {
  ref(data?: Record<string, unknown>): PdfObject;
  page: {
    width: number;
    height: number;
    dictionary: PdfObject;
    annotations: PdfObject[];
    content: { compress: boolean; data: { Filter?: string } };
    fonts: Record<string, unknown>;
    colorSpaces: Record<string, unknown>;
  };
  _root: { data: Record<string, unknown>; toString(): string };
  _addInfo(): void;
  info: Record<string, unknown>;
  outline: OutlineEntry;
  openImage(data: Buffer): { obj: unknown; finalize?: () => void };
  getStructTreeRoot(): PdfObject;
  _write(data: string | Uint8Array): void;
  _refEnd(ref: PdfObject): void;
  _finalize(): void;
  _offsets: unknown[];
  _offset: number;
  _waiting: number;
  _info: { toString(): string };
  _id: Uint8Array;
  push(chunk: Uint8Array | null): void;
}

/** An object's number, from its reference ("12 0 R"). */
function objectNumber(ref: PdfObject): number {
  return Number.parseInt(String(ref), 10);
}

/** Where an object inside an object stream is: the stream's object number and its index there. */
interface Compressed {
  stream: number;
  index: number;
}

/**
 * A pdfkit document, PDF 1.7 (so that XMP is written), with the methods
 * pdfkit lacks; or, for print, PDF/X-1a:2001 on PDF 1.3, which has no XMP.
 */
export class PdfDocument {
  /** pdfkit's own document, for its public drawing API (paths, colours, links, destinations). */
  readonly doc: Doc;
  private readonly internals: Internals;
  private readonly pdf13: boolean;

  constructor(info: DocumentInfo) {
    this.pdf13 = info.pdfx !== undefined;
    this.doc = new PDFDocument({
      margin: 0,
      autoFirstPage: false,
      pdfVersion: info.pdfx ? '1.3' : '1.7',
      // /Lang is PDF 1.4: a strict PDF/X-1a:2001 preflight lists a key its PDF 1.3 lacks, and the press reads no language.
      lang: info.pdfx ? undefined : info.lang,
      // /DisplayDocTitle is PDF 1.4 too; a viewer's title bar means nothing to a press.
      displayTitle: !info.pdfx,
      compress: true,
      // pdfkit's MarkInfo, StructTreeRoot and /Tabs /S only; the tree itself is ours (structTreeRoot).
      // PDF/UA-1 is claimed in the XMP (pdfuaid:part 1): tests/tagged-pdf.test.ts checks the
      // requirements a machine can check, there being no veraPDF here.
      ...(info.tagged ? { tagged: true, subset: 'PDF/UA' } : {}),
      info: {
        Title: info.title,
        Author: info.author,
        Subject: info.subject,
        Creator: 'suanfa-jianghu book pipeline',
        Producer: 'pdfkit',
        CreationDate: info.modified,
        ModDate: info.modified,
      },
    } as PDFKit.PDFDocumentOptions);
    this.internals = this.doc as unknown as Internals;
    if (info.fileName) this.internals._id = createHash('md5').update(this.internals._id).update(info.fileName).digest();
    this.escapeXmp();
    if (info.pdfx) this.declarePdfx(info.pdfx);
  }

  /** A new indirect object. */
  object(data?: Record<string, unknown>): PdfObject {
    return this.internals.ref(data);
  }

  addPage(width: number, height: number): void {
    this.doc.addPage({ size: [width, height], margin: 0 });
    // pdfkit writes /UserUnit 1, a PDF 1.6 key that only restates the default: left out of a PDF 1.3 file.
    if (this.pdf13) delete this.internals.page.dictionary.data.UserUnit;
    this.pages++;
  }

  /** Pages added so far: the current page's number, counted from 1. */
  get pageCount(): number {
    return this.pages;
  }

  private pages = 0;

  /** The current page's height: the flip between pdfkit's top-down axes and PDF's. */
  get pageHeight(): number {
    return this.internals.page.height;
  }

  /** TrimBox and BleedBox of the current page (PDF 1.3+), and the MediaBox rounded as they are. */
  setPageBoxes(boxes: PageBoxes): void {
    const page = this.internals.page;
    const r = (n: number) => Math.round(n * 1000) / 1000;
    page.dictionary.data.MediaBox = [0, 0, r(page.width), r(page.height)];
    page.dictionary.data.BleedBox = boxes.bleed.map(r);
    page.dictionary.data.TrimBox = boxes.trim.map(r);
  }

  /**
   * Makes `deflated` (a zlib stream of operators in PDF's own axes, balanced
   * q … Q) the current page's first content stream, before pdfkit's own,
   * which flips the axes for whatever pdfkit then draws.
   */
  setFirstContent(deflated: Buffer): void {
    const ref = this.object({ Filter: 'FlateDecode' });
    ref.end(deflated);
    const page = this.internals.page;
    page.dictionary.data.Contents = [ref, page.content];
  }

  /** pdfkit's own stream of the current page holds a few operators at most: not worth a deflate. */
  leaveOwnContentUncompressed(): void {
    const content = this.internals.page.content;
    content.compress = false;
    delete content.data.Filter;
  }

  /** Puts a font dictionary into the current page's resources under `name`. */
  useFont(name: string, font: PdfObject): void {
    this.internals.page.fonts[name] = font;
  }

  /** Pages follow each other right to left (/ViewerPreferences /Direction /R2L): a two-up viewer puts page 1 on the right, as a right-bound book has it. */
  readRightToLeft(): void {
    // pdfkit makes the dictionary (for DisplayDocTitle, on screen) and ends it with the document: add to it, never replace it.
    const root = this.internals._root.data as { ViewerPreferences?: PdfObject };
    if (root.ViewerPreferences) root.ViewerPreferences.data.Direction = 'R2L';
    else root.ViewerPreferences = this.object({ Direction: 'R2L' });
  }

  /** /PageLabels from [first page index, style, …] pairs, as the number tree lists them. */
  setPageLabels(nums: unknown[]): void {
    this.internals._root.data.PageLabels = { Nums: nums };
  }

  /** The outline's root, to which chapters are added. */
  get outline(): OutlineEntry {
    return this.internals.outline;
  }

  /** Points an outline entry at `top` (top-down) on the current page, rather than at pdfkit's default, the page's right edge. */
  pointAtCurrentPage(entry: OutlineEntry, top: number): void {
    const page = this.internals.page;
    entry.outlineData.Dest = [page.dictionary, 'XYZ', 0, page.height - Math.max(0, top), null];
  }

  /**
   * Draws an image and resolves once pdfkit has written it. pdfkit decodes a
   * PNG with an alpha channel asynchronously and only then numbers its soft
   * mask and writes both: a renderer that lets the event loop run meanwhile
   * (it waits for page streams deflated elsewhere) must wait for this before
   * it goes on, or the file's object numbers would depend on timing.
   */
  drawImage(data: Buffer, x: number, y: number, size: { width: number; height: number }): Promise<void> {
    const image = this.internals.openImage(data);
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
    this.doc.image(image as never, x, y, size);
    return written;
  }

  /**
   * The registration colour, `/Separation /All`, in the current page's
   * resources: marks in it print on every plate. Its alternate is full CMYK.
   * Returns the resource name for `CS`/`cs`.
   */
  useRegistrationColour(): string {
    if (!this.registration) {
      this.registration = this.object({ FunctionType: 2, Domain: [0, 1], C0: [0, 0, 0, 0], C1: [1, 1, 1, 1], N: 1 });
      this.registration.end();
    }
    const name = 'CSAll';
    this.internals.page.colorSpaces[name] = ['Separation', 'All', 'DeviceCMYK', this.registration];
    return name;
  }

  private registration?: PdfObject;

  /**
   * PDF/X-1a:2001 (ISO 15930-1): the OutputIntent in the catalog, and in the
   * Info dictionary the version keys and /Trapped as a name. pdfkit writes
   * each Info value as a string object, which PDF/X checkers reject for
   * /Trapped, so the keys go into the Info dictionary itself as it is ended.
   */
  private declarePdfx(intent: PdfxIntent): void {
    const d = this.internals;
    const outputIntent = this.object({
      Type: 'OutputIntent',
      S: 'GTS_PDFX',
      OutputConditionIdentifier: new String(intent.condition),
      OutputCondition: new String(intent.condition),
      RegistryName: new String(intent.registry),
      Info: new String(intent.condition),
    });
    outputIntent.end();
    d._root.data.OutputIntents = [outputIntent];
    const doc = this.doc as unknown as { end(): void; ref(data?: unknown): PdfObject };
    const end = doc.end.bind(doc);
    doc.end = () => {
      const ref = doc.ref.bind(doc);
      // The first object end() makes without data is the Info dictionary.
      doc.ref = (data?: unknown) => {
        const made = ref(data);
        if (data !== undefined) return made;
        doc.ref = ref;
        const close = made.end.bind(made);
        made.end = (chunk) => {
          Object.assign(made.data, { GTS_PDFXVersion: new String('PDF/X-1:2001'), GTS_PDFXConformance: new String('PDF/X-1a:2001'), Trapped: 'False' });
          close(chunk);
        };
        return made;
      };
      end();
    };
  }

  /**
   * The StructTreeRoot, which pdfkit makes for a tagged document and ends
   * in end(); render/pdf/struct-tree.ts fills it. pdfkit's structure API
   * (struct(), markStructureContent()) does not fit our writer: it writes
   * BDC/EMC into its own content stream, never ours; it registers content
   * only on the current page, while our body is drawn before the front
   * matter that comes first in the file; an element's OBJR gets the page
   * current when the element is flushed, not the annotation's; and it has
   * no /ID or IDTree for notes. So the tree is ours, and only its root,
   * /MarkInfo and /Tabs are pdfkit's.
   */
  get structTreeRoot(): PdfObject {
    return this.internals.getStructTreeRoot();
  }

  /** The current page's dictionary. */
  get currentPage(): PdfObject {
    return this.internals.page.dictionary;
  }

  /** The annotation made last on the current page. */
  get lastAnnotation(): PdfObject {
    const annotations = this.internals.page.annotations;
    return annotations[annotations.length - 1];
  }

  /**
   * Numbers `count` objects for objectStreams to write, without a pdfkit
   * object for each: a tagged book has tens of thousands. The first's number.
   */
  reserveObjects(count: number): number {
    const offsets = this.internals._offsets;
    const first = offsets.length + 1;
    for (let i = 0; i < count; i++) offsets.push(null);
    return first;
  }

  /** A reference to a reserved object (reserveObjects), for a dictionary pdfkit writes. */
  referenceTo(number: number): unknown {
    // One of pdfkit's own reference objects, which it writes as `n 0 R`.
    return Object.assign(Object.create(Object.getPrototypeOf(this.internals._root)), { id: number, gen: 0 });
  }

  /**
   * Writes the objects numbered `first`, `first + 1`, … (reserveObjects),
   * each given in `bodies` as its dictionary in PDF syntax and a line end
   * (object i's from `starts[i]`; the last start is the end), into object
   * streams rather than one by one (PDF 1.5, ISO 32000-1 §7.5.7). A tagged book has an
   * object per paragraph, list item and link: written plainly, with their
   * cross-reference entries, they would add half as much again to the file;
   * deflated together they add a few percent. The file then ends in a
   * cross-reference stream, which can point into object streams.
   *
   * The streams are deflated on the worker from now on; the function
   * returned writes them, where in the file the caller wants them.
   */
  objectStreams(first: number, bodies: Uint8Array, starts: number[], perStream = 4000): () => Promise<void> {
    const groups: Array<{ from: number; count: number; headerLength: number }> = [];
    const texts: Uint8Array[] = [];
    const total = starts.length - 1;
    for (let from = 0; from < total; from += perStream) {
      const count = Math.min(perStream, total - from);
      let header = '';
      for (let i = from; i < from + count; i++) header += `${first + i} ${starts[i] - starts[from]} `;
      groups.push({ from, count, headerLength: header.length });
      texts.push(Buffer.concat([Buffer.from(header, 'latin1'), bodies.subarray(starts[from], starts[from + count])]));
    }
    const packed = deflateInWorker(texts);
    packed.catch(() => undefined);
    return async () => {
      const deflated = await packed;
      const offsets = this.internals._offsets;
      groups.forEach(({ from, count, headerLength }, k) => {
        const stream = this.object({ Type: 'ObjStm', N: count, First: headerLength, Filter: 'FlateDecode' });
        const number = objectNumber(stream);
        // The cross-reference stream finds each object in its stream.
        for (let i = 0; i < count; i++) offsets[first + from + i - 1] = { stream: number, index: i } satisfies Compressed;
        stream.end(deflated[k]);
      });
      this.useXrefStream();
    };
  }

  /** Ends the file with a cross-reference stream (types 1 and 2) instead of pdfkit's table and trailer. */
  private useXrefStream(): void {
    const d = this.internals;
    if ((d as { xrefStream?: boolean }).xrefStream) return;
    (d as { xrefStream?: boolean }).xrefStream = true;
    d._finalize = () => {
      const xrefOffset = d._offset;
      const size = d._offsets.length + 2;
      const self = size - 1;
      // W [1 4 2]: type, offset or object stream number, generation or index.
      const rows = Buffer.alloc(size * 7);
      const row = (i: number, type: number, a: number, b: number) => {
        rows.writeUInt8(type, i * 7);
        rows.writeUInt32BE(a, i * 7 + 1);
        rows.writeUInt16BE(b, i * 7 + 5);
      };
      row(0, 0, 0, 65535);
      d._offsets.forEach((o, i) => {
        if (typeof o === 'number') row(i + 1, 1, o, 0);
        else row(i + 1, 2, (o as Compressed).stream, (o as Compressed).index);
      });
      row(self, 1, xrefOffset, 0);
      const data = deflateSync(rows);
      const id = Buffer.from(d._id).toString('hex');
      d._write(`${self} 0 obj`);
      d._write(`<<\n/Type /XRef\n/Size ${size}\n/W [1 4 2]\n/Root ${d._root}\n/Info ${d._info}\n/ID [<${id}> <${id}>]\n/Filter /FlateDecode\n/Length ${data.length}\n>>`);
      d._write('stream');
      d._write(data);
      d._write('\nendstream');
      d._write('endobj');
      d._write('startxref');
      d._write(`${xrefOffset}`);
      d._write('%%EOF');
      d.push(null);
    };
  }

  /** Ends the document: the file's bytes. */
  finish(): Promise<Buffer> {
    const doc = this.doc;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      doc.on('data', (c: Buffer) => chunks.push(c));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      doc.end();
    });
  }

  /** pdfkit writes Title and Author into XMP unescaped; escape them there, and only there. */
  private escapeXmp(): void {
    const d = this.internals;
    const original = d._addInfo.bind(d);
    const esc = (v: unknown) => (typeof v === 'string' ? escapeXml(v) : v);
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
}
