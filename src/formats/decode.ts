// Story files come from every word processor and decade: UTF-8 with or without BOM, UTF-16 with a
// BOM, and old Windows files in code page 1252.
import { ImportFormatError } from './import-error.ts';

// Node 20.18.3+ decodes 'windows-1252' as Latin-1 (nodejs/node#60888), turning 0x93/0x94 curly
// quotes into C1 controls, so the 32 bytes where the two differ are mapped here.
const CP1252_80_9F = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let start = 0; start < bytes.length; start += 8192) {
    const chunk = bytes.subarray(start, start + 8192);
    out += String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_80_9F[b - 0x80] : b)));
  }
  return out;
}

function startsWith(bytes: Uint8Array, ...prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function decodeBytes(bytes: Uint8Array): string {
  // TextDecoder drops the BOM itself.
  if (startsWith(bytes, 0xef, 0xbb, 0xbf)) return new TextDecoder('utf-8').decode(bytes);
  if (startsWith(bytes, 0xff, 0xfe)) return new TextDecoder('utf-16le').decode(bytes);
  if (startsWith(bytes, 0xfe, 0xff)) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

// Text never holds NULs, and only a sprinkle of other control characters (form feeds, stray
// escapes); more than that means an image, archive or word-processor file renamed to .txt.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f]/g;
const MAX_CONTROL_SHARE = 0.01;

/** Decodes an uploaded file to text with `\n` line endings, or throws ImportFormatError. */
export function decodeText(bytes: Uint8Array): string {
  const text = decodeBytes(bytes);
  const controls = text.match(CONTROL)?.length ?? 0;
  const replaced = text.match(/\uFFFD/g)?.length ?? 0;
  if (text.includes('\u0000') || controls + replaced > text.length * MAX_CONTROL_SHARE + 2) {
    throw new ImportFormatError('This file does not look like text. Upload a plain text, Markdown or HTML file.');
  }
  return text.replace(/\r\n?/g, '\n');
}
