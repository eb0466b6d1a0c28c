/**
 * book.yaml `appendices:`, resolved. The appendices are on unless switched
 * off; `honorifics` replaces the default list (it does not extend it), so an
 * author can also remove a title that is part of a name.
 */
export interface AppendixOptions {
  /** 人物谱: each person with the chapters they appear in. */
  people: boolean;
  /** 大事年表: each chapter's 时间 and 技术事件. */
  timeline: boolean;
  /** Titles stripped from the end of a name before people are matched (扎克伯格掌门 = 扎克伯格). */
  honorifics: string[];
}

export const DEFAULT_HONORIFICS: readonly string[] = ['掌门', '长老', '宗主', '护法', '院长', '学士', '先生', '宗师', '爵士', '教授'];

export function resolveAppendices(input: Partial<AppendixOptions> | undefined): AppendixOptions {
  return {
    people: input?.people ?? true,
    timeline: input?.timeline ?? true,
    honorifics: input?.honorifics ?? [...DEFAULT_HONORIFICS],
  };
}
