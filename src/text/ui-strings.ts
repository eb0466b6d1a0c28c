import type { EditionTag } from '../config/editions.ts';

/** Words the pipeline itself puts into a book, per edition. */
export interface UiStrings {
  contents: string;
  partBreak: string;
  titlePage: string;
  fontNotice: string;
}

const SIMPLIFIED: UiStrings = { contents: '目录', partBreak: '＊　＊　＊', titlePage: '书名页', fontNotice: '字体说明' };
const TRADITIONAL: UiStrings = { contents: '目錄', partBreak: '＊　＊　＊', titlePage: '書名頁', fontNotice: '字型說明' };

export function uiStrings(edition: EditionTag): UiStrings {
  return edition === 'zh-Hans' ? SIMPLIFIED : TRADITIONAL;
}
