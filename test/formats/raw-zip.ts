// A ZIP writer that writes whatever it is told, lies included (sizes, flags, methods), for
// building hostile archives in tests. Quire's own writer (src/exports/zip.ts) only writes honest ones.
import { deflateRawSync, constants } from 'node:zlib';
import { crc32 } from '../../src/exports/zip.ts';

export interface RawEntry {
  name: string;
  /** The bytes as stored in the archive (already compressed when method is 8). */
  packed: Buffer;
  method?: number;
  flags?: number;
  crc?: number;
  /** Declared unpacked size. */
  size: number;
  extra?: Buffer;
}

export function rawZip(entries: RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const extra = e.extra ?? Buffer.alloc(0);
    const fields = (header: Buffer, at: number) => {
      header.writeUInt16LE(e.flags ?? 0x0800, at);
      header.writeUInt16LE(e.method ?? 8, at + 2);
      header.writeUInt32LE(e.crc ?? 0, at + 8);
      header.writeUInt32LE(e.packed.length, at + 12);
      header.writeUInt32LE(e.size, at + 16);
      header.writeUInt16LE(name.length, at + 20);
      header.writeUInt16LE(extra.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    fields(local, 6);
    parts.push(local, name, extra, e.packed);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    fields(header, 8);
    header.writeUInt32LE(offset, 42);
    central.push(header, name, extra);
    offset += 30 + name.length + extra.length + e.packed.length;
  }
  const size = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

/** An honest deflated entry. */
export function deflated(name: string, data: string | Buffer): RawEntry {
  const bytes = Buffer.from(data);
  return { name, packed: deflateRawSync(bytes), crc: crc32(bytes), size: bytes.length };
}

/**
 * `mebibytes` MiB of zeros as raw deflate, built without ever holding them: one sync-flushed block
 * of 1 MiB of zeros repeated (each starts afresh, so the copies concatenate), then a final block.
 */
export function zeroBomb(mebibytes: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024), { finishFlush: constants.Z_SYNC_FLUSH });
  return Buffer.concat([...Array.from({ length: mebibytes }, () => block), deflateRawSync(Buffer.alloc(0))]);
}
