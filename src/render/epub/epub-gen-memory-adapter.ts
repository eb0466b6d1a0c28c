import { EPub, type Chapter as EpubChapter, type Options } from 'epub-gen-memory';
import type { WebFont } from '../../fonts/web-fonts.ts';
import type { Asset } from '../../model/book.ts';
import { writeZip, type DeflateCache, type ZipEntry } from '../../output/zip.ts';

/*
 * The one module that reaches past epub-gen-memory's public API (new EPub(options,
 * chapters), render(), genEpub()). epub-gen-memory 1.1.2 (unmaintained since
 * 2024) cannot, through its options:
 * - take chapter XHTML as written: it reparses every chapter with htmlparser2
 *   and writes each non-ASCII character as &#x…; (three times the size, and
 *   attributes it does not know, such as SVG's, are dropped);
 * - be reproducible: its identifier and image names are random UUIDs, and it
 *   dates every zip entry now;
 * - embed fonts and images given as bytes: it fetches each by URL;
 * - pack the archive off the main thread: JSZip deflates in JavaScript.
 * So a subclass hands it empty chapters and puts our XHTML back, sets the
 * identifier, overrides its two protected download steps, and stands a
 * recorder in for its JSZip instance (a protected field) so that our own zip
 * writer (output/zip.ts) packs what it generated. Its templates, options
 * and generation of the package files are used as they are.
 */

export interface PackageFiles {
  /** Each chapter's body XHTML, in the order of the chapters given. */
  bodies: string[];
  fonts: WebFont[];
  assets: Array<Asset & { id: string }>;
  modified: Date;
  compression: number;
  deflateCache?: DeflateCache;
}

/** The EPUB's bytes: epub-gen-memory's package around our chapters, fonts and images. */
export function packEpub(options: Options, chapters: EpubChapter[], files: PackageFiles): Promise<Buffer> {
  return new ReproducibleEpub(options, chapters, files).genEpub();
}

/**
 * Stands in for the library's JSZip: it records each file as the library
 * adds it (`file`, `folder` are all the library calls), and we write the
 * archive. Reading files back out of a JSZip goes through its asynchronous
 * worker pipeline, which on a large book costs more than everything else in
 * an incremental build.
 */
class PackageRecorder {
  constructor(
    readonly entries: ZipEntry[],
    private readonly prefix = '',
  ) {}

  file(name: string, data: string | Uint8Array, options?: { compression?: string }): this {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    this.entries.push({ name: this.prefix + name, data: bytes, store: options?.compression === 'STORE' });
    return this;
  }

  folder(name: string): PackageRecorder {
    return new PackageRecorder(this.entries, `${this.prefix}${name}/`);
  }
}

/** Apple Books sets its own fonts unless the book asks for its embedded ones here. */
const APPLE_DISPLAY_OPTIONS = {
  name: 'com.apple.ibooks.display-options.xml',
  text:
    '<?xml version="1.0" encoding="UTF-8"?>\n<display_options>\n  <platform name="*">\n    <option name="specified-fonts">true</option>\n  </platform>\n</display_options>\n',
};

class ReproducibleEpub extends EPub {
  private readonly recorded: ZipEntry[] = [];

  constructor(
    options: Options,
    chapters: EpubChapter[],
    private readonly files: PackageFiles,
  ) {
    // Chapters go in empty so the library's HTML normaliser has nothing to rewrite;
    // our own XHTML replaces them below.
    super(options, chapters);
    // OCF: the mimetype entry first, stored, never compressed.
    (this as unknown as { zip: PackageRecorder }).zip = new PackageRecorder(this.recorded).file('mimetype', 'application/epub+zip', { compression: 'STORE' });
    this.uuid = String((options as Record<string, unknown>).identifier);
    this.content.forEach((c, i) => {
      c.content = files.bodies[i];
    });
  }

  protected override async downloadAllFonts(): Promise<void> {
    const dir = this.zip.folder('OEBPS')!.folder('fonts')!;
    for (const f of this.files.fonts) dir.file(f.filename, f.data);
  }

  protected override async downloadAllImages(): Promise<void> {
    const dir = this.zip.folder('OEBPS')!.folder('images')!;
    for (const a of this.files.assets) dir.file(a.name, a.data);
  }

  override async genEpub(): Promise<Buffer> {
    await this.render();
    this.zip.folder('META-INF')!.file(APPLE_DISPLAY_OPTIONS.name, APPLE_DISPLAY_OPTIONS.text);
    return writeZip(this.recorded, { date: this.files.modified, level: this.files.compression, cache: this.files.deflateCache });
  }
}

