import { describe, expect, it } from 'vitest';
import { encodeEscaped, encodeInteger, ESCAPED_BYTES, NUMBER_BYTES, Utf8Bytes } from '../src/render/review/utf8-bytes.ts';
import { escapeXml } from '../src/text/escape-xml.ts';

/** TextEncoder is the reference: the review's TSV must be the bytes it would write. */
const encoded = (s: string) => new TextEncoder().encode(s);

describe('Utf8Bytes writes what TextEncoder writes', () => {
  const samples = ['', 'abc', 'é ß', '头发 發髮', '𠀋𡈽 and 😀', '\uD800 lone high', 'lone low \uDC00', 'end high \uD83D', '\uDE00 start low', '\u07FF\u0800\uFFFF'];

  it('for whole strings: ASCII, two-, three- and four-byte characters and lone surrogates', () => {
    for (const s of samples) {
      const out = new Utf8Bytes(4);
      out.string(s);
      expect(out.bytes(), s).toEqual(encoded(s));
    }
  });

  it('for any slice, a pair cut by the slice written as String.prototype.slice leaves it', () => {
    const s = 'a𠀋b😀中\uD800c';
    for (let from = -2; from <= s.length + 1; from++) {
      for (let to = from; to <= s.length + 2; to++) {
        const out = new Utf8Bytes(1);
        out.units(s, from, to);
        expect(out.bytes(), `${from}..${to}`).toEqual(encoded(s.slice(Math.max(0, from), Math.max(0, to))));
      }
    }
  });

  it('writes a tab or line end in a field as a space, and keeps it elsewhere', () => {
    const field = new Utf8Bytes();
    field.string('一\t二\n三\r四', true);
    expect(new TextDecoder().decode(field.bytes())).toBe('一 二 三 四');
    const plain = new Utf8Bytes();
    plain.string('一\t二');
    expect(new TextDecoder().decode(plain.bytes())).toBe('一\t二');
  });

  it('grows past its first size, and writes integers in decimal where a block is reserved for them', () => {
    const out = new Utf8Bytes(2);
    const long = '長'.repeat(5000);
    out.string(long);
    for (const n of [0, 7, 1234567]) out.at = encodeInteger(out.reserve(NUMBER_BYTES), out.at, n);
    expect(new TextDecoder().decode(out.bytes())).toBe(`${long}071234567`);
  });
});

describe('Utf8Bytes on long strings', () => {
  it('writes a long string of pieces, lone surrogates and all, as TextEncoder does', () => {
    let s = '';
    for (let k = 0; k < 40; k++) s += `<td>髮${k}\uD800 😀</td>`;
    const out = new Utf8Bytes(8);
    out.string('頭');
    out.string(s);
    out.string(s, true);
    expect(out.bytes()).toEqual(new TextEncoder().encode(`頭${s}${s}`));
  });
});

describe('Utf8Bytes with a sink', () => {
  it('hands over one block at a time, refilled, and the blocks joined are what TextEncoder writes', () => {
    // Pairs and three-byte characters land across every block boundary of a 16-byte block.
    const pieces = ['a', '頭', '😀', '髮', 'bc', '\uD800', '𠀋𡈽', '\t'];
    let s = '';
    for (let k = 0; k < 300; k++) s += pieces[k % pieces.length] + pieces[(k * 3) % pieces.length];
    const long = `<td>${'長😀'.repeat(200)}</td>`;
    const blocks: Uint8Array[] = [];
    const seen = new Set<ArrayBufferLike>();
    const out = new Utf8Bytes(16, (block) => {
      expect(block.length).toBeLessThanOrEqual(16);
      seen.add(block.buffer);
      blocks.push(block.slice());
    });
    out.string(s);
    out.units(s, 3, s.length - 2, true);
    out.string(long);
    out.flush();
    const joined = Buffer.concat(blocks);
    const field = s.slice(3, s.length - 2).replace(/\t/gu, ' ');
    expect(new Uint8Array(joined)).toEqual(encoded(`${s}${field}${long}`));
    // The same block every time: a file written so never grows a buffer of its size.
    expect(seen.size).toBe(1);
    expect(blocks.length).toBeGreaterThan(100);
  });
});

describe('writing in place into a reserved block', () => {
  it('writes integers as String() does, up to the largest safe one, and any other number as String() writes it', () => {
    for (const n of [0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 12345, 2 ** 31, 2 ** 32 + 7, 10 ** 15, Number.MAX_SAFE_INTEGER, 2 ** 53, -1, 0.1 + 0.2, NaN, -Number.MAX_VALUE]) {
      const b = new Uint8Array(NUMBER_BYTES + 2).fill(0xff);
      expect(String(n).length).toBeLessThanOrEqual(NUMBER_BYTES);
      const at = encodeInteger(b, 1, n);
      expect(new TextDecoder().decode(b.subarray(1, at)), String(n)).toBe(String(n));
      expect(b[0]).toBe(0xff);
      expect(b[at]).toBe(0xff);
    }
  });

  it('escapes as escapeXml does, then encodes as TextEncoder does', () => {
    for (const s of ['', '&', '<a href="x">&amp;</a>', '头发 & 發髮 "<>"', '😀&\uD800<', '\uDC00"', 'a&&b', '"😀"']) {
      const b = new Uint8Array(s.length * ESCAPED_BYTES);
      const at = encodeEscaped(b, 0, s);
      expect(b.subarray(0, at), s).toEqual(encoded(escapeXml(s)));
    }
    // Both read one table of entities: what it writes, spelled out.
    const s = '头发 & 發髮 "<>"';
    const b = new Uint8Array(s.length * ESCAPED_BYTES);
    expect(new TextDecoder().decode(b.subarray(0, encodeEscaped(b, 0, s)))).toBe('头发 &amp; 發髮 &quot;&lt;&gt;&quot;');
  });

  it('gives a bound larger than a block a block of that size, and hands the bytes over whole', () => {
    const blocks: Uint8Array[] = [];
    const out = new Utf8Bytes(16, (block) => blocks.push(block.slice()));
    out.string('頭髮');
    const long = '長'.repeat(40);
    const b = out.reserve(long.length * 3);
    expect(b.length).toBeGreaterThanOrEqual(long.length * 3);
    for (let k = 0; k < long.length; k++) b[out.at++] = 0x61;
    out.string('一二三四五六');
    out.flush();
    // What came before goes first; the larger block then holds the rest.
    expect(blocks.map((k) => k.length)).toEqual([6, long.length + 18]);
    expect(new TextDecoder().decode(Buffer.concat(blocks))).toBe(`頭髮${'a'.repeat(40)}一二三四五六`);
  });
});
