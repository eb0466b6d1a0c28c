/**
 * What a chapter file that is not UTF-8 most likely is, so the message can
 * name it and give the command that converts it. Chinese manuscripts come
 * from Windows editors in GB18030 (GBK) or Big5, or as UTF-16 from Word's
 * "Unicode text".
 */
/** Named as iconv names them; plain UTF-16 is one with a byte-order mark, which iconv reads and drops. */
export type GuessedEncoding = 'UTF-16' | 'UTF-16LE' | 'UTF-16BE' | 'GB18030' | 'Big5';

export function guessEncoding(bytes: Uint8Array): GuessedEncoding | undefined {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'UTF-16';
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return utf16;
  if (mostlyUtf8(bytes)) return undefined;
  // GB2312's characters (the bulk of GBK and GB18030 text) have a second byte of
  // 0xA1–0xFE; Big5's take 0x40–0x7E for four in ten of theirs, its ，and 。 among them.
  let pairs = 0;
  let lowTrail = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i] < 0x81) continue;
    pairs++;
    if (bytes[i + 1] >= 0x40 && bytes[i + 1] <= 0x7e) lowTrail++;
    i++;
  }
  if (pairs === 0) return undefined;
  const big5 = decodes(bytes, 'big5');
  const gb = decodes(bytes, 'gb18030');
  if (big5 && lowTrail / pairs > 0.15) return 'Big5';
  if (gb) return 'GB18030';
  return big5 ? 'Big5' : undefined;
}

/**
 * Text in UTF-16 without a byte-order mark. Its line ends and ASCII leave
 * zero bytes, which UTF-8, GB18030 and Big5 text never holds; read in the
 * right byte order, nearly every character is then ASCII, Han or CJK
 * punctuation.
 */
function utf16WithoutBom(bytes: Uint8Array): GuessedEncoding | undefined {
  if (bytes.length < 4 || bytes.length % 2 !== 0 || !bytes.includes(0)) return undefined;
  const plausible = (label: string) => {
    const text = new TextDecoder(label).decode(bytes);
    const good = text.match(/[\t\n\r\x20-\x7e\p{Script=Han}\u3000-\u303f\uff00-\uffef\u2010-\u206f]/gu)?.length ?? 0;
    return good / Math.max(1, text.length);
  };
  const le = plausible('utf-16le');
  const be = plausible('utf-16be');
  if (le >= 0.9 && le > be) return 'UTF-16LE';
  if (be >= 0.9 && be > le) return 'UTF-16BE';
  return undefined;
}

/** UTF-8 with a damaged byte or two, not another encoding: naming one would mislead. */
function mostlyUtf8(bytes: Uint8Array): boolean {
  const text = new TextDecoder('utf-8').decode(bytes);
  let bad = 0;
  let wide = 0;
  for (const c of text) {
    if (c === '\ufffd') bad++;
    else if (c.codePointAt(0)! > 0x7f) wide++;
  }
  return wide > 0 && bad <= Math.max(2, wide / 50);
}

function decodes(bytes: Uint8Array, label: string): boolean {
  try {
    new TextDecoder(label, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** What to run to convert the file in place: iconv is on every Linux and macOS. */
export function conversionCommand(encoding: GuessedEncoding, path: string): string {
  const q = `'${path.replace(/'/gu, "'\\''")}'`;
  const tmp = `'${`${path}.utf8`.replace(/'/gu, "'\\''")}'`;
  return `iconv -f ${encoding} -t UTF-8 ${q} > ${tmp} && mv ${tmp} ${q}`;
}
