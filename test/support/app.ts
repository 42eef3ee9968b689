// Builds a real server over a test database and a small cookie-keeping client for it.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Context } from '../../src/context.ts';
import { FailureLimiter } from '../../src/accounts/rate-limit.ts';
import { LiveIndex } from '../../src/search/refresh.ts';
import type { TestDatabase } from './dialects.ts';

export function testConfig(database: TestDatabase, overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ DATABASE_URL: database.url, SCRYPT_COST: '1024', LOG_LEVEL: 'silent' }), ...overrides };
}

export function testContext(database: TestDatabase, overrides: Partial<Config> = {}): Context {
  const config = testConfig(database, overrides);
  return {
    db: database.connection.db,
    dialect: database.dialect,
    textReader: database.connection.textReader,
    config,
    loginFailures: new FailureLimiter(config.loginLimit, 15 * 60 * 1000),
    // Each search catches up from the change log first, so a fresh index sees everything.
    search: new LiveIndex(database.connection.db, undefined, config.facetCacheSize, database.connection.commits),
    close: async () => {},
  };
}

export interface Response {
  status: number;
  body: string;
  headers: Record<string, string | string[] | number | undefined>;
  json<T = any>(): T;
}

/** A browser-like client: keeps cookies, sends the CSRF token with every form. */
export class Client {
  readonly cookies = new Map<string, string>();
  readonly csrf = randomBytes(32).toString('base64url');
  constructor(readonly app: FastifyInstance) {
    this.cookies.set('quire_csrf', this.csrf);
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(setCookie: string | string[] | number | undefined): void {
    for (const c of ([] as string[]).concat((setCookie as string | string[]) ?? [])) {
      const [pair] = c.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(c) || value === '') this.cookies.delete(name!);
      else this.cookies.set(name!, value);
    }
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    const r = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } });
    this.remember(r.headers['set-cookie']);
    return { status: r.statusCode, body: r.body, headers: r.headers, json: () => r.json() };
  }

  async post(url: string, form: Record<string, string | string[]>, opts: { csrf?: string | null } = {}): Promise<Response> {
    const params = new URLSearchParams();
    const token = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (token !== null) params.append('_csrf', token);
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
    const r = await this.app.inject({
      method: 'POST',
      url,
      payload: params.toString(),
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    this.remember(r.headers['set-cookie']);
    return { status: r.statusCode, body: r.body, headers: r.headers, json: () => r.json() };
  }

  /** Posts a multipart/form-data form as a browser would for a file upload, with the CSRF field first. */
  async postMultipart(url: string, form: Record<string, string | string[]>, files: { field: string; name: string; content: string | Buffer; type?: string }[], opts: { csrf?: string | null } = {}): Promise<Response> {
    const boundary = `----QuireTestBoundary${randomBytes(8).toString('hex')}`;
    const parts: Buffer[] = [];
    const part = (disposition: string, content: string | Buffer, type?: string) =>
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n`), Buffer.from(content), Buffer.from('\r\n'));
    const token = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (token !== null) part('name="_csrf"', token);
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) part(`name="${k}"`, x);
    for (const f of files) part(`name="${f.field}"; filename="${f.name.replace(/"/g, '%22')}"`, f.content, f.type ?? 'application/octet-stream');
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    const r = await this.app.inject({
      method: 'POST',
      url,
      payload: Buffer.concat(parts),
      headers: { cookie: this.cookieHeader(), 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    this.remember(r.headers['set-cookie']);
    return { status: r.statusCode, body: r.body, headers: r.headers, json: () => r.json() };
  }

  async signup(login: string, password = 'correct horse battery'): Promise<Response> {
    const r = await this.post('/signup', { login, email: `${login}@example.org`, password });
    if (r.status !== 303) throw new Error(`signup failed: ${r.status} ${r.body.slice(0, 300)}`);
    return r;
  }
}

/** The fields of a valid work form; override what a test cares about. */
export function workForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    title: 'The Lighthouse Keeper',
    rating: 'General Audiences',
    warnings: 'No Archive Warnings Apply',
    fandoms: 'Original Work',
    relationships: '',
    characters: 'Mira, Tobin',
    freeforms: 'Fluff, Found Family',
    summary: 'Two keepers and one storm.',
    language: 'en',
    chapter_title: 'The Storm',
    chapter_format: 'text',
    chapter_body: 'The wind came in off the sea.\n\nMira lit the lamp.',
    ...overrides,
  };
}

export const workIdFrom = (r: Response): number => {
  const m = /^\/works\/(\d+)$/.exec(String(r.headers.location));
  if (!m) throw new Error(`expected a redirect to a work, got ${r.status} ${String(r.headers.location)} ${r.body.slice(0, 300)}`);
  return Number(m[1]);
};
