import { promisify } from 'node:util';
import { crc32, deflateRaw } from 'node:zlib';
import { fail } from '../diagnostics.ts';

const deflateRawAsync = promisify(deflateRaw);

export interface ZipEntry {
  /** Path inside the archive, with forward slashes. */
  name: string;
  data: Buffer;
  /** Stored as is (the EPUB's `mimetype` must be). */
  store?: boolean;
}

interface Packed {
  crc: number;
  method: 0 | 8;
  bytes: Buffer;
}

/**
 * Deflated entries kept between the builds of a watch session, by name and
 * level, and checked against the content: an edit recompresses the chapter it
 * touched, not the fonts and the other two hundred chapters.
 */
export class DeflateCache {
  private entries = new Map<string, { data: Buffer; packed: Packed }>();
  private used = new Set<string>();
  hits = 0;
  misses = 0;

  async pack(name: string, data: Buffer, level: number, store: boolean): Promise<Packed> {
    const key = `${level}:${store}:${name}`;
    this.used.add(key);
    const known = this.entries.get(key);
    if (known && known.data.equals(data)) {
      this.hits++;
      return known.packed;
    }
    this.misses++;
    const packed = await packEntry(data, level, store);
    this.entries.set(key, { data, packed });
    return packed;
  }

  /** Forgets entries the last archive did not have, so a long session keeps one version of each. */
  sweep(): void {
    for (const key of this.entries.keys()) if (!this.used.has(key)) this.entries.delete(key);
    this.used.clear();
  }
}

async function packEntry(data: Buffer, level: number, store: boolean): Promise<Packed> {
  const crc = crc32(data);
  if (store) return { crc, method: 0, bytes: data };
  // Already-compressed data (PNG, JPEG) can come out larger: keep the smaller.
  const deflated = await deflateRawAsync(data, { level });
  return deflated.length < data.length ? { crc, method: 8, bytes: deflated } : { crc, method: 0, bytes: data };
}

/**
 * A ZIP archive of the entries, in their order, all dated `date`.
 * Not JSZip's generator: it deflates in JavaScript on the main thread, where
 * node's zlib runs natively on the thread pool, several entries at once, and
 * a watch session can hand in a cache of entries deflated before.
 */
export async function writeZip(entries: ZipEntry[], options: { date: Date; level: number; cache?: DeflateCache }): Promise<Buffer> {
  if (entries.length > 0xffff) fail('output:zip-too-large', `an archive of ${entries.length} files needs ZIP64, which EPUB readers do not all read`);
  const pack = (e: ZipEntry) => (options.cache ? options.cache.pack(e.name, e.data, options.level, e.store ?? false) : packEntry(e.data, options.level, e.store ?? false));
  const packed = await mapLimited(entries, DEFLATING_AT_ONCE, pack);
  options.cache?.sweep();
  const { time, date } = dosDateTime(options.date);
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  entries.forEach((entry, i) => {
    const p = packed[i];
    const name = Buffer.from(entry.name, 'utf8');
    // Bit 11: the name is UTF-8; set only when it needs to be, as other writers do.
    const flags = /^[\x20-\x7e]*$/u.test(entry.name) ? 0 : 0x0800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(p.method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(p.crc, 14);
    local.writeUInt32LE(p.bytes.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const head = Buffer.alloc(46);
    head.writeUInt32LE(0x02014b50, 0);
    // Made on Unix, as Info-ZIP writes it: unzip reads an MS-DOS entry's name in the
    // DOS code page even when the UTF-8 flag is set. Hence also a file mode, rw-r--r--.
    head.writeUInt16LE((3 << 8) | 20, 4);
    head.writeUInt16LE(20, 6);
    local.copy(head, 8, 6, 28);
    head.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    head.writeUInt32LE(offset, 42);
    central.push(head, name);
    chunks.push(local, name, p.bytes);
    offset += 30 + name.length + p.bytes.length;
    if (offset > 0xffffffff) fail('output:zip-too-large', 'the archive would pass 4 GiB, which needs ZIP64');
  });
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

/**
 * Entries deflated at once: as many as libuv's thread pool runs. Each deflate
 * stream holds a few hundred KB of zlib state; an EPUB's two hundred entries
 * started together touched 60 MB of fresh memory, whose page faults cost more
 * than the deflating (0.3 s of a 1M-character book's EPUB).
 */
const DEFLATING_AT_ONCE = 4;

/** `f` over the items with at most `limit` unfinished at a time; results in the items' order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/** MS-DOS date and time fields, from the UTC fields so every time zone writes the same bytes. */
function dosDateTime(d: Date): { time: number; date: number } {
  // The format holds 1980 to 2107: earlier dates (SOURCE_DATE_EPOCH=0) and later ones (a `modified:`
  // of 2206 for 2026) are clamped to it; the package's own metadata keeps the date as given.
  const t = new Date(Math.min(Math.max(d.getTime(), Date.UTC(1980, 0, 1, 12)), Date.UTC(2107, 11, 31, 23, 59, 58)));
  return {
    time: (t.getUTCHours() << 11) | (t.getUTCMinutes() << 5) | (t.getUTCSeconds() >> 1),
    date: ((t.getUTCFullYear() - 1980) << 9) | ((t.getUTCMonth() + 1) << 5) | t.getUTCDate(),
  };
}
