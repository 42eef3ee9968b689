// Browser tests: a real Quire server on 127.0.0.1 over a fresh SQLite database, driven by
// Debian's Chromium through playwright-core. Playwright never downloads a browser here.
import { existsSync, mkdirSync } from 'node:fs';
import { after, before } from 'node:test';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { buildServer } from '../../src/web/server.ts';
import { createTestDatabase, type TestDatabase } from '../support/dialects.ts';
import { Client, testContext } from '../support/app.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const RESULTS_DIR = 'test-results';
export const PASSWORD = 'correct horse battery';

const browserRequired = process.env.QUIRE_REQUIRE_BROWSER === '1' || process.env.CI === 'true';

let skipNoticePrinted = false;

/**
 * The `skip` option for a browser suite: false when Chromium is there (or required, so a missing
 * one fails in `before` instead of being skipped), otherwise a reason, printed once per file.
 */
export function browserSkip(): string | false {
  if (existsSync(CHROMIUM_PATH) || browserRequired) return false;
  if (!skipNoticePrinted) {
    console.log(`# SKIPPED: browser tests (no Chromium at ${CHROMIUM_PATH})`);
    skipNoticePrinted = true;
  }
  return `no Chromium at ${CHROMIUM_PATH}`;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Browser tests are required here (QUIRE_REQUIRE_BROWSER=1 or CI=true) but there is no Chromium at ${CHROMIUM_PATH}; ` +
        'install it with `apt-get install -y chromium`',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export interface BrowserEnv {
  /** e.g. http://127.0.0.1:41234, no trailing slash */
  baseUrl: string;
  app: FastifyInstance;
  browser: Browser;
  database: TestDatabase;
  /** A fresh browser context (own cookies) pointed at the server; closed with the env. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a fresh context. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** An HTTP client (app.inject) for seeding data quickly, outside the browser. */
  client(): Client;
  /** Gives a browser context the session of a client logged in over HTTP (skips the login form). */
  adoptSession(context: BrowserContext, client: Client): Promise<void>;
}

export async function startBrowserEnv(): Promise<BrowserEnv> {
  const browser = await launchChromium(); // first, so a missing Chromium fails before anything else starts
  let database: TestDatabase | undefined;
  let app: FastifyInstance | undefined;
  try {
    database = await createTestDatabase('sqlite');
    app = await buildServer(testContext(database));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    const b = browser;
    const a = app;
    const db = database;
    const newContext = (options: BrowserContextOptions = {}) => b.newContext({ baseURL: baseUrl, ...options });
    return {
      baseUrl,
      app: a,
      browser: b,
      database: db,
      newContext,
      newPage: async (options) => (await newContext(options)).newPage(),
      client: () => new Client(a),
      adoptSession: async (context, client) => {
        const session = client.cookies.get('quire_session');
        if (!session) throw new Error('the client is not logged in');
        await context.addCookies([{ name: 'quire_session', value: session, url: baseUrl }]);
      },
    };
  } catch (e) {
    await browser.close().catch(() => {});
    await app?.close().catch(() => {});
    await database?.drop().catch(() => {});
    throw e;
  }
}

export async function stopBrowserEnv(env: BrowserEnv | undefined): Promise<void> {
  if (!env) return;
  try {
    await env.browser.close(); // closes every context and page with it
  } finally {
    try {
      await env.app.close();
    } finally {
      await env.database.drop();
    }
  }
}

/** Registers before/after hooks in the current suite and hands the env to its tests. */
export function useBrowserEnv(): () => BrowserEnv {
  let env: BrowserEnv | undefined;
  before(async () => {
    env = await startBrowserEnv();
  });
  after(async () => {
    await stopBrowserEnv(env);
  });
  return () => {
    if (!env) throw new Error('the browser environment did not start (see the before hook)');
    return env;
  };
}

/** Signs up through the form; the server logs the new user in and shows their works page. */
export async function signUpThroughForm(page: Page, login: string, password = PASSWORD): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('User name').fill(login);
  await page.getByLabel('Email').fill(`${login}@example.org`);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL(`**/users/${login}`), page.getByRole('button', { name: 'Sign up' }).click()]);
}

/** Logs in through the form on the page it is on (or /login), and waits to leave the login page. */
export async function logInThroughForm(page: Page, login: string, password = PASSWORD): Promise<void> {
  if (!new URL(page.url(), 'http://x').pathname.startsWith('/login')) await page.goto('/login');
  await page.getByLabel('User name').fill(login);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.getByRole('main').getByRole('button', { name: 'Log in' }).click()]);
}

/** The visible text of the page's main region. */
export const mainText = (page: Page): Promise<string> => page.locator('main').innerText();

export function resultsDir(): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  return RESULTS_DIR;
}
