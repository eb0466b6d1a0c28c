import type { Block, Book } from '../../model/book.ts';
import type { EditionTag } from '../../config/editions.ts';

/**
 * EPUB Accessibility 1.1 metadata, derived from what the book holds. Nothing
 * is claimed that the content does not bear out: `alternativeText` only when
 * every image has a description of its own, and a conformance claim only when
 * book.yaml names the person or body who evaluated the book (WCAG needs checks
 * by a person; Ace alone cannot make the claim).
 */
export interface AccessibilityMetadata {
  accessModes: string[];
  /** Each entry one schema:accessModeSufficient value (a comma-separated set). */
  sufficient: string[];
  features: string[];
  hazards: string[];
  summary: string;
  conformsTo?: string;
  certifiedBy?: string;
}

export const CONFORMANCE = 'EPUB Accessibility 1.1 - WCAG 2.2 Level AA';

export function accessibilityMetadata(book: Book): AccessibilityMetadata {
  const images = imagesOf(book);
  const visual = images.total > 0;
  const described = visual && images.withOwnAlt === images.total;
  // An image with neither a description nor a caption: the text alone may not tell what it shows.
  const textSuffices = images.bare === 0;
  const features = ['structuralNavigation', 'tableOfContents', 'readingOrder', ...(described ? ['alternativeText'] : [])];
  const own = book.meta.accessibility;
  return {
    accessModes: visual ? ['textual', 'visual'] : ['textual'],
    // Every image is described (alt) or labelled by its caption, so text alone suffices; else only with the images.
    sufficient: visual ? (textSuffices ? ['textual', 'textual,visual'] : ['textual,visual']) : ['textual'],
    features,
    hazards: ['none'],
    summary: own?.summary ?? derivedSummary(book.edition, images.figures > 0, described, textSuffices, book.cover !== undefined),
    ...(own?.certifiedBy ? { conformsTo: CONFORMANCE, certifiedBy: own.certifiedBy } : {}),
  };
}

/** The cover counts: it is an image with its own description. `figures`: the images that are not the cover; `bare`: those with neither description nor caption. */
function imagesOf(book: Book): { total: number; withOwnAlt: number; figures: number; bare: number } {
  const cover = book.cover ? 1 : 0;
  let figures = 0;
  let bare = 0;
  let withOwnAlt = cover;
  const visit = (blocks: Block[]) => {
    for (const b of blocks) {
      if (b.kind === 'figure' && book.assets.has(b.image.asset)) {
        figures++;
        if (b.alt?.length) withOwnAlt++;
        else if (!b.caption.length) bare++;
      } else if (b.kind === 'recap' || b.kind === 'note' || b.kind === 'quote') visit(b.blocks);
      else if (b.kind === 'list') b.items.forEach(visit);
    }
  };
  for (const ch of book.chapters) {
    visit(ch.blocks);
    ch.footnotes.forEach((fn) => visit(fn.blocks));
  }
  return { total: cover + figures, withOwnAlt, figures, bare };
}

interface SummaryWords {
  base: string;
  described: string;
  captioned: string;
  /** Some image has neither a description nor a caption. */
  bare: string;
  /** For a book whose only image is its cover: no illustration to speak of. */
  cover: string;
  hazards: string;
}

const SIMPLIFIED: SummaryWords = {
  base: '本书为文字可重排的电子书，内容以文本呈现，可由读屏软件朗读；设有目录与逐级标题，阅读顺序与正文一致。',
  described: '插图均附有文字描述。',
  captioned: '部分插图仅以图注说明。',
  bare: '部分插图没有文字说明。',
  cover: '封面附有文字描述。',
  hazards: '本书不含闪烁、声音或动态画面等可能引起不适的内容。',
};
const TAIWAN: SummaryWords = {
  base: '本書為文字可重排的電子書，內容以文字呈現，可由螢幕閱讀器朗讀；設有目錄與逐級標題，閱讀順序與正文一致。',
  described: '插圖均附有文字描述。',
  captioned: '部分插圖僅以圖說說明。',
  bare: '部分插圖沒有文字說明。',
  cover: '封面附有文字描述。',
  hazards: '本書不含閃爍、聲音或動態畫面等可能引起不適的內容。',
};
const HONG_KONG: SummaryWords = {
  base: '本書為文字可重排的電子書，內容以文字呈現，可由屏幕閲讀器朗讀；設有目錄與逐級標題，閲讀次序與正文一致。',
  described: '插圖均附有文字描述。',
  captioned: '部分插圖僅以圖註説明。',
  bare: '部分插圖沒有文字説明。',
  cover: '封面附有文字描述。',
  hazards: '本書不含閃爍、聲音或動態畫面等可能引起不適的內容。',
};

/** `illustrated`: the book has figures; `labelled`: each has a description or a caption; `cover`: it has a cover, described by its alt text. */
function derivedSummary(edition: EditionTag, illustrated: boolean, described: boolean, labelled: boolean, cover: boolean): string {
  const w = edition === 'zh-Hans' ? SIMPLIFIED : edition === 'zh-Hant-HK' ? HONG_KONG : TAIWAN;
  return w.base + (illustrated ? (described ? w.described : labelled ? w.captioned : w.bare) : cover ? w.cover : '') + w.hazards;
}
