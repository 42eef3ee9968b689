// API rate limits: API_RATE_LIMIT requests a minute per token when a Bearer token is
// sent, else per client IP. A token has its own budget, so a tool never spends its
// neighbours' behind one NAT, and a guest never spends a tool's. Made-up tokens must
// not buy fresh budgets: each unknown token counts against its IP's "bad token"
// window, and an IP over it gets 429 for every token request.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TooManyRequests } from '../errors.ts';
import type { RateStore } from './rate-store.ts';

export const WINDOW_MS = 60_000;

const bearerOf = (request: FastifyRequest): string | undefined => /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
const tokenKey = (token: string): string => `t:${createHash('sha256').update(token).digest('base64url').slice(0, 32)}`;

function setHeaders(reply: FastifyReply, limit: number, count: number, resetMs: number): void {
  reply.header('X-RateLimit-Limit', String(limit));
  reply.header('X-RateLimit-Remaining', String(Math.max(limit - count, 0)));
  reply.header('X-RateLimit-Reset', String(Math.ceil(resetMs / 1000)));
}

export function registerRateLimit(app: FastifyInstance, store: RateStore, limit: number): void {
  if (limit === 0) return;
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/') || request.method === 'OPTIONS') return;
    const bearer = bearerOf(request);
    let hit;
    try {
      if (bearer !== undefined) {
        const bad = await store.peek(`b:${request.ip}`);
        if (bad.count >= limit) throw new TooManyRequests(Math.max(1, Math.ceil(bad.resetMs / 1000)), 'Too many requests with unknown tokens from this address');
      }
      hit = await store.hit(bearer === undefined ? `ip:${request.ip}` : tokenKey(bearer), WINDOW_MS);
    } catch (e) {
      if (e instanceof TooManyRequests) throw e;
      // The store (Redis) is unreachable: serve rather than fail every API call.
      request.log.warn({ err: e }, 'rate-limit store unavailable; request not counted');
      return;
    }
    setHeaders(reply, limit, hit.count, hit.resetMs);
    if (hit.count > limit) {
      const seconds = Math.max(1, Math.ceil(hit.resetMs / 1000));
      throw new TooManyRequests(seconds, `Too many requests ${bearer === undefined ? 'from this address' : 'with this token'}: the limit is ${limit} a minute; try again in ${seconds} seconds`);
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode !== 401 || request.viaToken || !request.url.startsWith('/api/') || bearerOf(request) === undefined) return;
    await store.hit(`b:${request.ip}`, WINDOW_MS).catch(() => undefined);
  });
}
