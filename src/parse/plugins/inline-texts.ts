import type { StateCore } from 'markdown-it';

/** A text run markdown-it made, and the source line it stands on. */
export interface LineText {
  text: string;
  line: number;
}

/**
 * The text children of a parse's inline tokens, each with its line (the
 * inline's first line plus the line breaks before it): what the checks that
 * report markup markdown-it left as text read. `wanted` passes over an inline
 * whose source holds nothing a check looks for, as most do.
 */
export function* inlineTexts(state: StateCore, wanted: (source: string) => boolean): Generator<LineText> {
  for (const tok of state.tokens) {
    if (tok.type !== 'inline' || !wanted(tok.content)) continue;
    let line = (tok.map?.[0] ?? 0) + 1;
    for (const child of tok.children ?? []) {
      if (child.type === 'softbreak' || child.type === 'hardbreak') line++;
      else if (child.type === 'text') yield { text: child.content, line };
    }
  }
}
