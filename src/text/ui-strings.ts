import type { EditionTag } from '../config/editions.ts';

/** Words the pipeline itself puts into a book, per edition. */
export interface UiStrings {
  contents: string;
  partBreak: string;
  /** Read aloud for the part break by assistive technology (its aria-label). */
  partBreakLabel: string;
  titlePage: string;
  fontNotice: string;
}

const SIMPLIFIED: UiStrings = { contents: '目录', partBreak: '＊　＊　＊', partBreakLabel: '分节', titlePage: '书名页', fontNotice: '字体说明' };
const TRADITIONAL: UiStrings = { contents: '目錄', partBreak: '＊　＊　＊', partBreakLabel: '分節', titlePage: '書名頁', fontNotice: '字型說明' };

export function uiStrings(edition: EditionTag): UiStrings {
  return edition === 'zh-Hans' ? SIMPLIFIED : TRADITIONAL;
}
