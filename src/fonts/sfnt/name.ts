/**
 * The name table of a web subset: the records a reader needs to name the
 * face (IDs 0–6: copyright, family, subfamily, unique ID, full name,
 * version, PostScript name), the licence and its URL (13, 14: the OFL asks
 * that its notice travel with every copy of the font, and machine-readable
 * fields are one of the ways it names; Noto's are 150 characters), and
 * those STAT refers to, without which OTS (Chrome's and Firefox's font
 * sanitiser) drops STAT. The rest (descriptions, designer and vendor URLs,
 * sample text) is what a 20-character subset need not pay for in every copy.
 */

/** The name IDs a STAT table refers to: axis names, axis value names and the elided fallback name. */
export function statNameIds(stat: Buffer | undefined): number[] {
  if (!stat) return [];
  const ids: number[] = [];
  const axisSize = stat.readUInt16BE(4);
  const axes = stat.readUInt16BE(6);
  const axesAt = stat.readUInt32BE(8);
  for (let i = 0; i < axes; i++) ids.push(stat.readUInt16BE(axesAt + i * axisSize + 4));
  const values = stat.readUInt16BE(12);
  const valuesAt = stat.readUInt32BE(14);
  // Every axis value format has its valueNameID at offset 6.
  for (let i = 0; i < values; i++) ids.push(stat.readUInt16BE(valuesAt + stat.readUInt16BE(valuesAt + 2 * i) + 6));
  if (stat.readUInt16BE(2) >= 1) ids.push(stat.readUInt16BE(18));
  return ids;
}

/** The name table with only the records of IDs 0–6, 13, 14 and STAT's; a format 1 table (language tags) is kept whole. */
export function webNameTable(name: Buffer, stat: Buffer | undefined): Buffer {
  if (name.readUInt16BE(0) !== 0) return name;
  const ids = new Set([0, 1, 2, 3, 4, 5, 6, 13, 14, ...statNameIds(stat)]);
  const count = name.readUInt16BE(2);
  const storage = name.readUInt16BE(4);
  const records: Buffer[] = [];
  const strings: Buffer[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const r = 6 + 12 * i;
    if (!ids.has(name.readUInt16BE(r + 6))) continue;
    const length = name.readUInt16BE(r + 8);
    const at = storage + name.readUInt16BE(r + 10);
    const record = Buffer.from(name.subarray(r, r + 12));
    record.writeUInt16BE(offset, 10);
    records.push(record);
    strings.push(name.subarray(at, at + length));
    offset += length;
  }
  const head = Buffer.alloc(6);
  head.writeUInt16BE(records.length, 2);
  head.writeUInt16BE(6 + 12 * records.length, 4);
  return Buffer.concat([head, ...records, ...strings]);
}

/**
 * The family name (ID 1) when every record of it says the same: what
 * fontkit's familyName gives, read without fontkit. Undefined when the
 * records differ by language or the table is one this does not decode.
 */
export function unanimousFamilyName(name: Buffer | undefined): string | undefined {
  if (!name || name.readUInt16BE(0) !== 0) return undefined;
  const storage = name.readUInt16BE(4);
  const found = new Set<string>();
  for (let i = 0; i < name.readUInt16BE(2); i++) {
    const r = 6 + 12 * i;
    if (name.readUInt16BE(r + 6) !== 1) continue;
    const platform = name.readUInt16BE(r);
    const encoding = name.readUInt16BE(r + 2);
    const at = storage + name.readUInt16BE(r + 10);
    const bytes = name.subarray(at, at + name.readUInt16BE(r + 8));
    // UTF-16BE (Unicode platform, Windows Unicode), or Mac Roman, which is ASCII below 0x80.
    if (platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10))) found.add(Buffer.from(bytes).swap16().toString('utf16le'));
    else if (platform === 1 && encoding === 0 && bytes.every((b) => b < 0x80)) found.add(bytes.toString('latin1'));
    else return undefined;
  }
  return found.size === 1 ? [...found][0] : undefined;
}
