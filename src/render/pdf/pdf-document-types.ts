/**
 * What the PDF writer's modules say to the one pdfkit adapter
 * (pdfkit-adapter.ts) and hear back: the document's settings and the
 * handles of objects it made. Kept apart so that the adapter file holds only
 * the code that reaches into pdfkit.
 */

/** An indirect object pdfkit numbers and writes: its dictionary, and for a stream the bytes `end` is given. */
export interface PdfObject {
  readonly data: Record<string, unknown>;
  end(chunk?: Buffer | string): void;
}

/** An outline entry, to which entries of the next level are added. */
export interface OutlineEntry {
  addItem(title: string, options?: { expanded?: boolean }): OutlineEntry;
  outlineData: Record<string, unknown>;
}

export interface DocumentInfo {
  title: string;
  author: string;
  subject: string;
  /** BCP 47 tag of the text. */
  lang: string;
  /** CreationDate and ModDate: given, never read from the clock, so the trailer /ID is stable. */
  modified: Date;
  /** A Tagged PDF (the screen PDF): /MarkInfo, a StructTreeRoot, /Tabs /S on its pages, and the PDF/UA-1 claim. */
  tagged?: boolean;
  /** Write PDF/X-1a:2001 (print files): PDF 1.3, the X keys in Info, and an OutputIntent for this condition. */
  pdfx?: PdfxIntent;
  /**
   * The output's file name. pdfkit derives the trailer /ID from Info alone,
   * which an edition's screen, print and cover files share in both layouts:
   * with the name, each file has an /ID of its own, as a printer's system
   * that tells files apart by it expects.
   */
  fileName?: string;
}

/** A registered printing condition (ICC characterisation registry): named, not embedded. */
export interface PdfxIntent {
  /** OutputConditionIdentifier, e.g. FOGRA39. */
  condition: string;
  /** RegistryName of the condition's registry. */
  registry: string;
}

export interface PageBoxes {
  /** [x0, y0, x1, y1] in PDF's own axes (y up from the media's foot). */
  bleed: number[];
  trim: number[];
}
