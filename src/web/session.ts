// Puts the logged-in user (if any), their preferences and the CSRF token on every request.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import type { User } from '../db/schema.ts';
import type { Viewer } from '../authz/policy.ts';
import { preferencesOf, userForSession } from '../accounts/service.ts';
import type { Preferences } from '../accounts/repository.ts';
import { Forbidden, InvalidToken } from '../errors.ts';
import { userForToken } from '../accounts/tokens.ts';

export const SESSION_COOKIE = 'quire_session';
export const CSRF_COOKIE = 'quire_csrf';
export const PREFS_COOKIE = 'quire_prefs';
export const ADULT_COOKIE = 'quire_adult';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    viewer: Viewer | null;
    prefs: Preferences;
    csrfToken: string;
    /** True when the request authenticated with an API token rather than a session cookie. */
    viaToken: boolean;
  }
}

export function cookieOptions(ctx: Context, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.config.baseUrl.startsWith('https:'),
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

function guestPrefs(raw: string | undefined): Preferences {
  const base = preferencesOf(null);
  if (!raw) return base;
  const [theme, font, width] = raw.split('.');
  return {
    theme: theme === 'light' || theme === 'dark' ? theme : 'auto',
    fontSize: Number(font) >= 70 && Number(font) <= 200 ? Number(font) : base.fontSize,
    lineWidth: Number(width) >= 20 && Number(width) <= 80 ? Number(width) : base.lineWidth,
    viewAdult: false,
  };
}
export const encodeGuestPrefs = (p: Preferences): string => `${p.theme}.${p.fontSize}.${p.lineWidth}`;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function registerSession(app: FastifyInstance, ctx: Context): void {
  app.decorateRequest('user', null);
  app.decorateRequest('viewer', null);
  app.decorateRequest('prefs', null as unknown as Preferences);
  app.decorateRequest('csrfToken', '');
  app.decorateRequest('viaToken', false);

  // Runs after the body is parsed (so the form's _csrf field can be read) and before API
  // schema validation, so a bad token or CSRF failure is reported before a bad field.
  app.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer !== undefined && !request.url.startsWith('/api/')) throw new Forbidden('API tokens are only accepted by /api/ endpoints');
    const tokenUser = bearer === undefined ? null : await userForToken(ctx, bearer);
    if (bearer !== undefined && !tokenUser) throw new InvalidToken();
    request.viaToken = tokenUser !== null;
    const user = tokenUser ?? (await userForSession(ctx, request.cookies[SESSION_COOKIE]));
    request.user = user;
    request.viewer = user ? { id: user.id, role: user.role } : null;
    request.prefs = user ? preferencesOf(user) : guestPrefs(request.cookies[PREFS_COOKIE]);

    let token = request.cookies[CSRF_COOKIE];
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) {
      token = randomBytes(32).toString('base64url');
      reply.setCookie(CSRF_COOKIE, token, cookieOptions(ctx));
    }
    request.csrfToken = token;

    // A token is sent deliberately by its holder's program; no other site can attach it, so no CSRF check.
    if (UNSAFE.has(request.method) && !request.viaToken) {
      const body = request.body as Record<string, unknown> | undefined;
      const sent = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !request.cookies[CSRF_COOKIE] || !sameToken(sent, request.cookies[CSRF_COOKIE]!)) {
        throw new Forbidden('The form expired or came from another site (CSRF check failed); reload the page and try again');
      }
    }
  });
}
