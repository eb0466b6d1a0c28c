import type { ChapterMeta } from '../model/book.ts';
import type { ParseEnv } from './env.ts';

/** The fields of the 元信息标注 comment, by the labels the author uses. */
const FIELDS: Record<string, keyof Omit<ChapterMeta, 'line' | 'people'> | 'people'> = {
  时间: 'time',
  地点: 'place',
  主要人物: 'people',
  人物: 'people',
  技术事件: 'event',
  核心意义: 'meaning',
};

export function isMetadataComment(text: string): boolean {
  return /^\s*元信息(标注)?[：:]/u.test(text);
}

/**
 * Parses `- 时间：…` lines. Unknown labels and malformed lines are warnings at
 * their own line, counted from `line` (the comment's first line).
 */
export function parseMetadata(text: string, line: number, env: ParseEnv): ChapterMeta {
  const meta: ChapterMeta = { people: [], line };
  // A one-line comment (`<!-- 元信息标注： - 时间：… - 地点：… -->`) reads as the multi-line one.
  const lines = text.includes('\n') ? text.split('\n') : text.replace(/\s+-\s+(?=[^\s：:]+[：:])/gu, '\n- ').split('\n');
  lines.forEach((raw, i) => {
    const at = { file: env.file, line: line + i };
    const s = raw.trim();
    if (s === '' || isMetadataComment(s)) return;
    const m = /^[-*·•]?\s*([^：:]+?)\s*[：:]\s*(.*)$/u.exec(s);
    if (!m) {
      env.diagnostics.warn('meta:malformed', `metadata line is not '- 标签：内容': ${s}`, at);
      return;
    }
    const key = FIELDS[m[1]];
    if (!key) {
      env.diagnostics.warn('meta:unknown-key', `unknown metadata label '${m[1]}' (known: ${Object.keys(FIELDS).join('、')})`, at);
      return;
    }
    const value = m[2].trim();
    if (key === 'people') {
      meta.people = value.split(/[、，,；;]/u).map((p) => p.trim()).filter(Boolean);
    } else {
      meta[key] = value;
    }
  });
  for (const required of ['time', 'place', 'event'] as const) {
    if (!meta[required]) {
      const label = Object.entries(FIELDS).find(([, v]) => v === required)?.[0];
      env.diagnostics.warn('meta:missing-field', `metadata has no ${label}`, { file: env.file, line });
    }
  }
  if (meta.people.length === 0) env.diagnostics.warn('meta:missing-field', 'metadata has no 主要人物', { file: env.file, line });
  return meta;
}
