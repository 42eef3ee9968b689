// Reads of /api/v1 are cacheable and callable from any web page:
// - an ETag (hash of the JSON body) on every 200, and 304 when If-None-Match matches;
// - Vary: Authorization, Cookie, because what a reader sees depends on who they are
//   (restricted works, their own anonymous works, their blocklist);
// - CORS for GET and HEAD only, with `*` (so browsers never send cookies cross-site).
//   Writes get no CORS at all: they need a token or a cookie plus CSRF header, and a
//   preflight for them is answered without any Allow header, so browsers refuse.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const isApiRead = (request: FastifyRequest): boolean =>
  (request.method === 'GET' || request.method === 'HEAD') && (request.url === '/api/v1' || request.url.startsWith('/api/v1/') || request.url.startsWith('/api/v1?'));

export const CORS_READ_METHODS = 'GET, HEAD';
const CORS_ALLOWED_HEADERS = 'Authorization, If-None-Match';
const CORS_EXPOSED_HEADERS = 'ETag, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Content-Disposition';

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

export function registerReadCaching(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!isApiRead(request)) return payload;
    reply.header('Access-Control-Allow-Origin', '*');
    reply.header('Access-Control-Expose-Headers', CORS_EXPOSED_HEADERS);
    const vary = String(reply.getHeader('Vary') ?? '');
    reply.header('Vary', vary ? `${vary}, Authorization, Cookie` : 'Authorization, Cookie');
    if (reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
    reply.header('ETag', etag);
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', request.viewer ? 'private, no-cache' : 'no-cache');
    if (!etagMatches(request.headers['if-none-match'], etag)) return payload;
    reply.code(304);
    reply.removeHeader('Content-Type');
    return '';
  });

  app.options('/api/v1/*', async (request, reply) => {
    const wanted = String(request.headers['access-control-request-method'] ?? '').toUpperCase();
    if (wanted === 'GET' || wanted === 'HEAD') {
      reply.header('Access-Control-Allow-Origin', '*');
      reply.header('Access-Control-Allow-Methods', CORS_READ_METHODS);
      reply.header('Access-Control-Allow-Headers', CORS_ALLOWED_HEADERS);
      reply.header('Access-Control-Max-Age', '86400');
    }
    return reply.code(204).send();
  });
}
