import { readFileSync } from 'node:fs';
import * as mupdf from 'mupdf';

/** A structure element as the file holds it, read with MuPDF's object API (not pdf.js, not our writer). */
export interface FileElem {
  S: string;
  ID?: string;
  Alt?: string;
  ActualText?: string;
  hasParent: boolean;
  parentS?: string;
  /** Table attribute /Scope of a TH. */
  scope?: string;
}

export interface FileAnnot {
  page: number;
  subtype: string;
  structParent?: number;
  contents?: string;
  /** The URI of a link to the web. */
  uri?: string;
}

export interface PdfObjects {
  root: mupdf.PDFObject;
  elems: FileElem[];
  annots: FileAnnot[];
  /** /Tabs of each page that has annotations. */
  tabs: Array<string | undefined>;
  xmp: string;
  hasStructTreeRoot: boolean;
}

export function readObjects(path: string): PdfObjects {
  const doc = mupdf.Document.openDocument(readFileSync(path), 'application/pdf').asPDF()!;
  const root = doc.getTrailer().get('Root');
  const str = (o: mupdf.PDFObject) => (o.isNull() ? undefined : o.asString());
  const elems: FileElem[] = [];
  const str0 = root.get('StructTreeRoot');
  const seen = new Set<number>();
  const walk = (o: mupdf.PDFObject, parentS?: string) => {
    if (o.isArray()) {
      for (let i = 0; i < o.length; i++) walk(o.get(i), parentS);
      return;
    }
    if (!o.isDictionary()) return;
    const s = o.get('S');
    if (s.isNull()) return; // MCR, OBJR
    if (o.isIndirect()) {
      if (seen.has(o.asIndirect())) return;
      seen.add(o.asIndirect());
    }
    const scope = o.get('A', 'Scope');
    elems.push({ S: s.asName(), ID: str(o.get('ID')), Alt: str(o.get('Alt')), ActualText: str(o.get('ActualText')), hasParent: !o.get('P').isNull(), parentS, scope: scope.isNull() ? undefined : scope.asName() });
    walk(o.get('K'), s.asName());
  };
  if (!str0.isNull()) walk(str0.get('K'));
  const annots: FileAnnot[] = [];
  const tabs: Array<string | undefined> = [];
  for (let p = 0; p < doc.countPages(); p++) {
    const page = doc.findPage(p);
    const list = page.get('Annots');
    if (list.isNull() || list.length === 0) continue;
    tabs.push(page.get('Tabs').isNull() ? undefined : page.get('Tabs').asName());
    for (let i = 0; i < list.length; i++) {
      const a = list.get(i);
      const sp = a.get('StructParent');
      const uri = a.get('A', 'URI');
      annots.push({ page: p + 1, subtype: a.get('Subtype').asName(), structParent: sp.isNull() ? undefined : sp.asNumber(), contents: str(a.get('Contents')), uri: uri.isNull() ? undefined : uri.asString() });
    }
  }
  const meta = root.get('Metadata');
  const xmp = meta.isNull() ? '' : new TextDecoder().decode(meta.readStream().asUint8Array());
  return { root, elems, annots, tabs, xmp, hasStructTreeRoot: !str0.isNull() };
}
