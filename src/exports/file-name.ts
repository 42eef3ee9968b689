// Download file names: safe on every common file system, and sent as RFC 6266 / RFC 5987
// Content-Disposition with an ASCII fallback for old clients.

export const MAX_NAME_LENGTH = 100;

// Controls (C0, DEL, C1), path separators and the characters Windows forbids in names.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f/\\:*?"<>|]+/g;
// Bidirectional controls and other invisible format characters could make a name display
// differently from what it is ("evil\u202Efdp.exe").
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Cuts to at most `max` UTF-16 units without splitting a character (or a grapheme where Intl knows them). */
function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  for (const { segment } of new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(s)) {
    if (out.length + segment.length > max) break;
    out += segment;
  }
  return out;
}

/** A name fragment with nothing unsafe in it: separators and controls become spaces, runs collapse, ends trimmed. */
export function safeNamePart(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(UNSAFE, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
}

/**
 * The file name (without extension) for a work: "Title - Author", at most 100 characters, the
 * title shortened first so the author (or "Anonymous") stays; "work-ID" when nothing is left.
 */
export function fileStem(workId: number, title: string, authors: string[]): string {
  const fallback = `work-${workId}`;
  const by = safeNamePart(authors.join(', '));
  let name = safeNamePart(title) || fallback;
  if (by) {
    const room = MAX_NAME_LENGTH - by.length - 3;
    name = room >= 20 ? `${truncate(name, room).trim()} - ${by}` : truncate(`${name} - ${by}`, MAX_NAME_LENGTH);
  } else name = truncate(name, MAX_NAME_LENGTH);
  name = name.replace(/[.\s]+$/, '');
  if (WINDOWS_RESERVED.test(name)) name = `${name}_`;
  return name || fallback;
}

/**
 * The same name in printable ASCII for `filename=`, for clients too old for `filename*`: accents
 * are dropped ("Café" → "Cafe"); a name that cannot be written in ASCII becomes "work-ID".
 */
export function asciiFallback(name: string, workId: number, extension: string): string {
  const ascii = name.normalize('NFKD').replace(/\p{M}/gu, '').replace(/["\\%]/g, '_');
  const stem = /^[\x20-\x7e]+$/.test(ascii) && /[A-Za-z0-9]/.test(ascii) ? ascii : `work-${workId}`;
  return `${stem}.${extension}`;
}

/** RFC 5987 attr-char: everything else is percent-encoded as UTF-8. */
export function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function contentDisposition(fileName: string, workId: number): string {
  const dot = fileName.lastIndexOf('.');
  const extension = dot > 0 ? fileName.slice(dot + 1) : '';
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
  return `attachment; filename="${asciiFallback(stem, workId, extension)}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}
