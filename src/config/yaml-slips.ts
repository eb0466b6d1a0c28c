/*
 * The YAML parser's complaints about book.yaml's grammar, said as an author
 * would fix them: where it words its own grammar ("Map keys must be unique",
 * "Nested mappings are not allowed in compact mappings"), the key and the
 * line to look at instead.
 */

/**
 * A key the parser found twice in one mapping, named with the line it was
 * first set on (the nearest line above at the same indent with that key).
 */
export function duplicateKey(lines: string[], line: number | undefined): string {
  const m = line === undefined ? null : /^(\s*(?:-\s+)?)([^\s:#][^:#]*?)\s*:/u.exec(lines[line - 1] ?? '');
  if (!m || line === undefined) return 'a key is set twice in one mapping; a key is set once: delete one';
  const [, indent, key] = m;
  let first: number | undefined;
  for (let l = line - 1; l >= 1; l--) {
    const other = /^(\s*)([^\s:#][^:#]*?)\s*:/u.exec(lines[l - 1]);
    if (!other) continue;
    if (other[1].length < indent.length) break;
    if (other[1].length === indent.length && other[2] === key) first = l;
  }
  return `'${key}' is set twice${first ? ` (first at line ${first})` : ''}; a key is set once in a mapping: delete one`;
}

/**
 * Three slips the YAML parser words for its own grammar ("Nested mappings
 * are not allowed in compact mappings", "Implicit keys need to be on a single
 * line"), said as an author would fix them: a value with `: ` in it
 * (`title: AI: 江湖`) reads as a key of its own; a key indented past the keys
 * above it reads as part of the value before it; a line without `key: value`
 * reads as the start of a key that never ends. `line` is where the parser
 * stopped (1-based).
 */
export function grammarSlip(code: string, lines: string[], line: number | undefined): { line: number; column: number; message: string } | undefined {
  if (line === undefined) return undefined;
  if (code === 'BLOCK_AS_IMPLICIT_KEY' || (code === 'MULTILINE_IMPLICIT_KEY' && /:\s/u.test(`${lines[line - 1]} `))) {
    const colon = colonInValue(lines[line - 1] ?? '');
    if (colon) return { line, ...colon };
    // The value went on to the next line that holds something: that line's key is the slip.
    let next = line;
    while (next < lines.length && lines[next].trim() === '') next++;
    const key = /^(\s*)([^\s:#][^:#]*?):(\s|$)/u.exec(lines[next] ?? '');
    if (!key) return undefined;
    const above = /^\s*([^\s:#][^:#]*?):/u.exec(lines[line - 1])?.[1];
    return {
      line: next + 1,
      column: key[1].length + 1,
      message: `'${key[2]}:' is indented more than ${above ? `'${above}:'` : 'the key'} above it and reads as part of its value; keys of one mapping start at the same column`,
    };
  }
  if (code === 'MULTILINE_IMPLICIT_KEY') {
    const text = lines[line - 1]?.trim() ?? '';
    return { line, column: 1, message: `'${text}' is not 'key: value': a key needs a colon and a space after it` };
  }
  return undefined;
}

/**
 * A plain value holding `: ` (a colon and a space, or a colon at its end),
 * which YAML reads as the key of a mapping inside the value: where the value
 * starts, and the line quoted as it should be written.
 */
function colonInValue(text: string): { column: number; message: string } | undefined {
  const m = /^(\s*(?:-\s+)?)([^\s:#'"][^:#]*?):[ \t]+([^\s'"[{|>&*!].*?)\s*(?:\s#.*)?$/u.exec(text);
  if (!m || !/:(\s|$)/u.test(m[3])) return undefined;
  const [, lead, key, value] = m;
  const quoted = value.includes('"') ? `'${value.replace(/'/gu, "''")}'` : `"${value.replace(/\\/gu, '\\\\')}"`;
  const column = [...text.slice(0, text.indexOf(value, lead.length + key.length + 1))].length + 1;
  return { column, message: `the value of '${key}:' holds ': ' (${value}), which YAML reads as a key of its own; put the value in quotes: ${key}: ${quoted}` };
}
