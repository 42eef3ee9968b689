// Reads ZIP archives (EPUBs) from memory without trusting them: the central directory is checked
// in full before anything is unpacked, and each entry is inflated with a hard output cap, then
// compared with its declared size and CRC. No ZIP64, no encryption, only stored and deflated.
import { inflateRawSync } from 'node:zlib';
import { crc32 } from '../exports/zip.ts';
import { ImportFormatError } from './import-error.ts';
import { mebibytes, ZIP_LIMITS, type ZipLimits } from './import-limits.ts';
import { unsafeEntryName } from './zip-names.ts';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const ZIP64_EXTRA = 0x0001;

interface ZipEntryInfo {
  name: string;
  method: number;
  crc: number;
  packedSize: number;
  size: number;
  localOffset: number;
}

export interface ZipArchive {
  /** Entry names in archive order, directories left out. */
  names: string[];
  has(name: string): boolean;
  /** The unpacked bytes of an entry; throws ImportFormatError past any limit. */
  read(name: string): Buffer;
}

const broken = (why: string) => new ImportFormatError(`This file is not a readable ZIP archive (${why}).`);

function findEnd(bytes: Buffer): number {
  // The end record is 22 bytes plus a comment of at most 65,535.
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= stop; i--) if (bytes.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) return i;
  throw new ImportFormatError('This file is not a ZIP archive, so it cannot be an EPUB.');
}

function hasZip64Extra(extra: Buffer): boolean {
  for (let i = 0; i + 4 <= extra.length; i += 4 + extra.readUInt16LE(i + 2)) if (extra.readUInt16LE(i) === ZIP64_EXTRA) return true;
  return false;
}

function entryName(raw: Buffer, flags: number): string {
  // Bit 11 marks UTF-8; older tools wrote code page 437, which agrees with Latin-1 on the ASCII we need.
  return raw.toString(flags & 0x0800 ? 'utf8' : 'latin1');
}

function readDirectory(bytes: Buffer, limits: ZipLimits): ZipEntryInfo[] {
  if (bytes.length < 22) throw new ImportFormatError('This file is not a ZIP archive, so it cannot be an EPUB.');
  const end = findEnd(bytes);
  if (end >= 20 && bytes.readUInt32LE(end - 20) === ZIP64_LOCATOR) throw new ImportFormatError('ZIP64 archives are not supported; EPUBs never need them.');
  const count = bytes.readUInt16LE(end + 10);
  const dirSize = bytes.readUInt32LE(end + 12);
  const dirOffset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw new ImportFormatError('ZIP64 archives are not supported; EPUBs never need them.');
  if (bytes.readUInt16LE(end + 4) !== 0 || bytes.readUInt16LE(end + 6) !== 0 || bytes.readUInt16LE(end + 8) !== count) throw broken('it is split over several disks');
  if (count > limits.entries) throw new ImportFormatError(`This archive has ${count.toLocaleString('en')} entries; at most ${limits.entries.toLocaleString('en')} are allowed.`);
  if (dirOffset + dirSize > end) throw broken('its directory lies outside the file');

  const entries: ZipEntryInfo[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (let at = dirOffset, i = 0; i < count; i++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== CENTRAL_HEADER) throw broken('its directory is damaged');
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const name = entryName(bytes.subarray(at + 46, at + 46 + nameLength), flags);
    const info: ZipEntryInfo = {
      name,
      method,
      crc: bytes.readUInt32LE(at + 16),
      packedSize: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      localOffset: bytes.readUInt32LE(at + 42),
    };
    const extra = bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    at += 46 + nameLength + extraLength + commentLength;

    const unsafe = unsafeEntryName(name);
    if (unsafe) throw new ImportFormatError(`This archive has an entry whose name ${unsafe}: "${name.slice(0, 80)}".`);
    if (seen.has(name)) throw new ImportFormatError(`This archive has two entries named "${name.slice(0, 80)}".`);
    seen.add(name);
    if (flags & 0x0001) throw new ImportFormatError(`This archive is encrypted ("${name.slice(0, 80)}"); Quire cannot read encrypted files.`);
    if (hasZip64Extra(extra) || info.size === 0xffffffff || info.packedSize === 0xffffffff) throw new ImportFormatError('ZIP64 archives are not supported; EPUBs never need them.');
    if (method !== 0 && method !== 8) throw new ImportFormatError(`This archive uses a compression method Quire does not read (method ${method} in "${name.slice(0, 80)}").`);
    if (name.endsWith('/')) continue;
    checkSize(info, info.size, limits);
    total += info.size;
    if (total > limits.totalBytes) throw new ImportFormatError(`This archive unpacks to more than ${mebibytes(limits.totalBytes)}.`);
    entries.push(info);
  }
  return entries;
}

/** The most an entry may unpack to: under the per-entry cap and, past the floor, the ratio. */
function allowance(info: ZipEntryInfo, limits: ZipLimits): number {
  return Math.min(limits.entryBytes, Math.max(limits.ratioFloorBytes, info.packedSize * limits.ratio));
}

function checkSize(info: ZipEntryInfo, size: number, limits: ZipLimits): void {
  if (size > limits.entryBytes) throw new ImportFormatError(`"${info.name.slice(0, 80)}" unpacks to more than ${mebibytes(limits.entryBytes)}.`);
  if (size > allowance(info, limits)) {
    throw new ImportFormatError(`"${info.name.slice(0, 80)}" is compressed more than ${limits.ratio} to 1, which only ZIP bombs are.`);
  }
}

function packedData(bytes: Buffer, info: ZipEntryInfo): Buffer {
  const at = info.localOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL_HEADER) throw broken(`the entry "${info.name.slice(0, 80)}" is missing`);
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  if (start + info.packedSize > bytes.length) throw broken(`the entry "${info.name.slice(0, 80)}" is cut short`);
  return bytes.subarray(start, start + info.packedSize);
}

function inflate(info: ZipEntryInfo, packed: Buffer, cap: number, limits: ZipLimits): Buffer {
  try {
    // One byte over the cap tells "exactly at the limit" from "past it".
    return inflateRawSync(packed, { maxOutputLength: cap + 1 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      checkSize(info, cap + 1, limits);
      throw new ImportFormatError(`This archive unpacks to more than ${mebibytes(limits.totalBytes)}.`);
    }
    throw broken(`the entry "${info.name.slice(0, 80)}" is damaged`);
  }
}

/** Opens a ZIP archive held in memory. Entries are unpacked only when read. */
export function readZip(input: Uint8Array, limits: ZipLimits = ZIP_LIMITS): ZipArchive {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const entries = new Map(readDirectory(bytes, limits).map((e) => [e.name, e]));
  let unpacked = 0;
  return {
    names: [...entries.keys()],
    has: (name) => entries.has(name),
    read(name) {
      const info = entries.get(name);
      if (!info) throw new ImportFormatError(`This archive has no "${name.slice(0, 80)}".`);
      const packed = packedData(bytes, info);
      // The declared size may lie, so the cap comes from the limits, never from the header alone.
      const cap = Math.min(allowance(info, limits), limits.totalBytes - unpacked);
      const data = info.method === 0 ? Buffer.from(packed) : inflate(info, packed, cap, limits);
      if (data.length > cap) {
        checkSize(info, data.length, limits);
        throw new ImportFormatError(`This archive unpacks to more than ${mebibytes(limits.totalBytes)}.`);
      }
      if (data.length !== info.size) throw broken(`"${info.name.slice(0, 80)}" is not the size its header says`);
      if (crc32(data) !== info.crc) throw broken(`"${info.name.slice(0, 80)}" fails its checksum`);
      unpacked += data.length;
      return data;
    },
  };
}
