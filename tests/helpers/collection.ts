/**
 * A font collection (TTC) made from whole TrueType fonts, each kept as it
 * is and placed one after the other, its table offsets moved to where it
 * now stands. No font the tests install is a collection.
 */
export function fontCollection(faces: Buffer[]): Buffer {
  const header = Buffer.alloc(12 + 4 * faces.length);
  header.write('ttcf', 0, 'latin1');
  header.writeUInt32BE(0x00010000, 4);
  header.writeUInt32BE(faces.length, 8);
  const parts: Buffer[] = [header];
  let at = header.length;
  faces.forEach((face, i) => {
    const copy = Buffer.from(face);
    const tables = copy.readUInt16BE(4);
    for (let t = 0; t < tables; t++) copy.writeUInt32BE(copy.readUInt32BE(12 + 16 * t + 8) + at, 12 + 16 * t + 8);
    header.writeUInt32BE(at, 12 + 4 * i);
    const padded = Buffer.concat([copy, Buffer.alloc((4 - (copy.length % 4)) % 4)]);
    parts.push(padded);
    at += padded.length;
  });
  return Buffer.concat(parts);
}
