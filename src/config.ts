// Every setting Quire reads from the environment, in one typed table.
// The server and every CLI command call loadConfig() once and pass the result down.

export class ConfigError extends Error {}

type Parser<T> = (raw: string, name: string) => T;

const str: Parser<string> = (raw) => raw;
const int =
  (min: number, max: number): Parser<number> =>
  (raw, name) => {
    if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
    const n = Number(raw);
    if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
    return n;
  };
const bool: Parser<boolean> = (raw, name) => {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
};
const databaseUrl: Parser<string> = (raw, name) => {
  if (raw.startsWith('sqlite:') && raw.length > 'sqlite:'.length) return raw;
  if (/^postgres(ql)?:\/\//.test(raw)) return raw;
  throw new ConfigError(`${name} must be sqlite:PATH or postgres://…, got "${raw}"`);
};
const url: Parser<string> = (raw, name) => {
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    return raw.replace(/\/$/, '');
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`);
  }
};

const redisUrl: Parser<string> = (raw, name) => {
  if (/^rediss?:\/\/[^\s]+$/.test(raw)) return raw;
  throw new ConfigError(`${name} must be redis://host:port (or rediss://), got "${raw}"`);
};

interface Option<T> {
  env: string;
  parse: Parser<T>;
  fallback: T;
  help: string;
}
const option = <T>(env: string, parse: Parser<T>, fallback: T, help: string): Option<T> => ({ env, parse, fallback, help });

export const OPTIONS = {
  databaseUrl: option('DATABASE_URL', databaseUrl, 'sqlite:./data/quire.db', 'sqlite:PATH (embedded) or postgres://user@host:port/db'),
  port: option('PORT', int(0, 65535), 3000, 'HTTP port'),
  host: option('HOST', str, '127.0.0.1', 'address to listen on (0.0.0.0 for every interface)'),
  baseUrl: option('BASE_URL', url, '', 'public URL of the archive; cookies are Secure when it is https'),
  siteName: option('SITE_NAME', str, 'Quire', 'name shown in the header and page titles'),
  logLevel: option('LOG_LEVEL', str, 'info', 'fatal, error, warn, info, debug or silent'),
  sessionDays: option('SESSION_DAYS', int(1, 3650), 30, 'days a login session lasts'),
  scryptCost: option('SCRYPT_COST', int(1024, 1 << 20), 1 << 17, 'scrypt N for password hashes (OWASP: 131072); a power of two'),
  loginLimit: option('LOGIN_LIMIT', int(1, 10_000), 10, 'failed logins per IP and per account in 15 minutes before 429'),
  pageSize: option('PAGE_SIZE', int(1, 200), 20, 'works per listing page'),
  filterInlineLimit: option('FILTER_INLINE_LIMIT', int(0, 1_000_000), 500, 'works a wrangling change re-filters inside the request; more go to a background job'),
  trustProxy: option('TRUST_PROXY', bool, false, 'trust X-Forwarded-* headers (behind a reverse proxy)'),
  apiRateLimit: option('API_RATE_LIMIT', int(0, 1_000_000), 300, 'API requests a minute per token, or per IP without one, before 429; 0 turns the limit off'),
  sqliteMmapMb: option('SQLITE_MMAP_MB', int(0, 2047), 2047, 'MB of a SQLite database read through a memory map (faster searches); 0 turns it off'),
  facetCacheSize: option('FACET_CACHE_SIZE', int(0, 100_000), 1000, 'searches (by their filters) whose facet counts are kept until the index next changes; 0 turns this off'),
  redisUrl: option('REDIS_URL', redisUrl, '', 'redis://host:6379 to share API rate-limit counts between app processes (default: in memory)'),
} as const;

export type Config = { [K in keyof typeof OPTIONS]: (typeof OPTIONS)[K]['fallback'] };

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const config: Record<string, unknown> = {};
  for (const [key, opt] of Object.entries(OPTIONS) as [string, Option<unknown>][]) {
    const raw = env[opt.env];
    config[key] = raw === undefined || raw === '' ? opt.fallback : opt.parse(raw.trim(), opt.env);
  }
  const c = config as Config;
  if ((c.scryptCost & (c.scryptCost - 1)) !== 0) throw new ConfigError(`SCRYPT_COST must be a power of two, got ${c.scryptCost}`);
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(c.logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, silent; got "${c.logLevel}"`);
  }
  return c;
}

export function configHelp(): string {
  return Object.values(OPTIONS)
    .map((o) => `  ${o.env.padEnd(16)} ${o.help} (default: ${o.fallback === '' ? 'none' : String(o.fallback)})`)
    .join('\n');
}
