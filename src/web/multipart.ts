// The smallest multipart/form-data reader (RFC 7578) that upload forms need: the body arrives
// whole (Fastify enforces the total size), text fields become plain properties, as
// @fastify/formbody would make them (so the CSRF check reads `_csrf` as for any form), and files
// are kept aside under a symbol.
import type { FastifyInstance } from 'fastify';

export interface UploadedFile {
  field: string;
  /** The name the browser sent, without any folder part. */
  filename: string;
  contentType: string;
  /** At most maxFileBytes + 1 bytes: a longer file is cut there and flagged, for the caller to refuse by size. */
  bytes: Buffer;
  truncated: boolean;
}

export interface MultipartLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxFields: number;
  maxFieldBytes: number;
}

const FILES = Symbol('multipart files');
export type MultipartBody = Record<string, string | string[]> & { [FILES]: UploadedFile[] };

/** The files of a body parsed by registerMultipart (none for any other body). */
export const filesOf = (body: unknown): UploadedFile[] => (body as Partial<MultipartBody> | undefined)?.[FILES] ?? [];

class MultipartError extends Error {
  constructor(
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 8 * 1024;

export function boundaryOf(contentType: string): string {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw new MultipartError('The upload has no multipart boundary');
  return boundary;
}

/** `form-data; name="files"; filename="a.txt"` → its parameters, unquoted. */
function dispositionParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  // No backslash escapes: browsers send a quote as %22 and a Windows path's backslashes as they are.
  for (const m of value.matchAll(/;\s*([^=\s;]+)\s*=\s*("[^"]*"|[^;]*)/g)) {
    const raw = m[2]!.trim();
    params.set(m[1]!.toLowerCase(), raw.startsWith('"') ? raw.slice(1, -1) : raw);
  }
  const extended = params.get('filename*');
  if (extended !== undefined) {
    // RFC 5987: charset'language'percent-encoded; only UTF-8 is worth honouring.
    const m = /^utf-8'[^']*'(.*)$/i.exec(extended);
    try {
      if (m) params.set('filename', decodeURIComponent(m[1]!));
    } catch {
      // A badly encoded extended name falls back to the plain one.
    }
  }
  return params;
}

function partHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError('The upload has a malformed part header');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

export function parseMultipart(body: Buffer, contentType: string, limits: MultipartLimits): MultipartBody {
  const delimiter = Buffer.from(`--${boundaryOf(contentType)}`);
  const nextDelimiter = Buffer.concat([CRLF, delimiter]);
  // A null prototype: a field named __proto__ or constructor is just a field.
  const fields = Object.create(null) as Record<string, string | string[]>;
  const files: UploadedFile[] = [];
  let fieldCount = 0;
  let pos = body.indexOf(delimiter);
  // A preamble before the first delimiter is allowed, if it ends its own line.
  if (pos < 0 || (pos > 0 && !body.subarray(pos - 2, pos).equals(CRLF))) throw new MultipartError('The upload is not multipart/form-data');
  pos += delimiter.length;
  for (;;) {
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // "--": the closing delimiter
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++; // transport padding after a delimiter
    if (!body.subarray(pos, pos + 2).equals(CRLF)) throw new MultipartError('The upload is cut short or malformed');
    pos += 2;
    const headerEnd = body.indexOf(HEADER_END, pos);
    if (headerEnd < 0 || headerEnd - pos > MAX_HEADER_BYTES || body.subarray(pos, pos + 2).equals(CRLF)) throw new MultipartError('The upload has a malformed part');
    const headers = partHeaders(body.subarray(pos, headerEnd).toString('utf8'));
    const start = headerEnd + HEADER_END.length;
    const end = body.indexOf(nextDelimiter, start);
    if (end < 0) throw new MultipartError('The upload is cut short (no closing boundary)');
    pos = end + nextDelimiter.length;

    const params = dispositionParams(headers.get('content-disposition') ?? '');
    const name = params.get('name');
    if (!/^form-data\s*(;|$)/i.test(headers.get('content-disposition') ?? '') || name === undefined) throw new MultipartError('A part of the upload has no form-data name');
    const content = body.subarray(start, end);
    const filename = params.get('filename');
    if (filename !== undefined) {
      if (filename === '' && content.length === 0) continue; // a file input left empty
      if (files.length >= limits.maxFiles) throw new MultipartError(`Upload at most ${limits.maxFiles} files at once`, 413);
      const truncated = content.length > limits.maxFileBytes;
      files.push({
        field: name,
        filename: filename.split(/[/\\]/).pop() ?? '',
        contentType: headers.get('content-type') ?? 'application/octet-stream',
        bytes: truncated ? content.subarray(0, limits.maxFileBytes + 1) : content,
        truncated,
      });
      continue;
    }
    if (++fieldCount > limits.maxFields) throw new MultipartError(`The form has more than ${limits.maxFields} fields`, 413);
    if (content.length > limits.maxFieldBytes) throw new MultipartError(`The form field "${name}" is too long`, 413);
    const value = content.toString('utf8');
    const prior = fields[name];
    fields[name] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  return Object.assign(fields, { [FILES]: files }) as MultipartBody;
}

/** Lets the routes of `scope` (and only them) take multipart/form-data bodies up to `maxBodyBytes`. */
export function registerMultipart(scope: FastifyInstance, maxBodyBytes: number, limits: MultipartLimits): void {
  scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: maxBodyBytes }, (request, body, done) => {
    try {
      done(null, parseMultipart(body as Buffer, request.headers['content-type'] ?? '', limits));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
}
