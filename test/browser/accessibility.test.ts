// axe-core on the main pages, in the light and the dark theme: no violations of any impact.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { type Client, workForm, workIdFrom } from '../support/app.ts';
import { browserSkip, useBrowserEnv } from './support.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'));
/** Where the browser (and only the browser: see serveAxe) finds axe-core, on the site's own origin. */
const AXE_URL = '/__browser-test__/axe.min.js';
const THEMES = ['light', 'dark'] as const;

interface AxeNode { target: unknown[]; failureSummary?: string }
interface AxeViolation { id: string; impact: string | null; help: string; nodes: AxeNode[] }

/**
 * The site's CSP (script-src 'self') blocks the inline script `addScriptTag({ path })` makes.
 * Rather than turn the CSP off with bypassCSP (which would also let through inline styles the
 * real site blocks, and so change what is measured), the context answers a same-origin URL with
 * axe-core itself: the server never sees it, the CSP allows it, and Chromium caches the
 * compiled script between pages.
 */
async function serveAxe(context: BrowserContext): Promise<void> {
  await context.route(`**${AXE_URL}`, (route) => route.fulfill({ body: AXE_SOURCE, contentType: 'text/javascript', headers: { 'cache-control': 'max-age=3600' } }));
}

/** Runs axe on the page as it is; returns its violations. */
async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ url: AXE_URL });
  return page.evaluate(async () => {
    const axe = (globalThis as any).axe;
    if (!axe) throw new Error('axe-core did not load into the page');
    const results = await axe.run((globalThis as any).document, { resultTypes: ['violations', 'incomplete'] });
    const found = results.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
    // axe leaves text of one or two characters (the rating and category letters) "to review", in
    // case it is an icon; here it is real text, so a measured ratio below the required one counts.
    for (const v of results.incomplete.filter((i: any) => i.id === 'color-contrast')) {
      const nodes = v.nodes.filter((n: any) => n.any.some((c: any) => c.data?.messageKey === 'shortTextContent' && c.data.contrastRatio < parseFloat(c.data.expectedContrastRatio)));
      if (nodes.length > 0) {
        found.push({
          id: 'color-contrast (short text)',
          impact: v.impact,
          help: v.help,
          nodes: nodes.map((n: any) => ({ target: n.target, failureSummary: n.any.map((c: any) => `${c.data.contrastRatio}:1 (${c.data.fgColor} on ${c.data.bgColor}), needs ${c.data.expectedContrastRatio}`).join('; ') })),
        });
      }
    }
    return found;
  });
}

function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n` + v.nodes.slice(0, 5).map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`).join('\n'))
    .join('\n');
}

describe('browser: accessibility (axe-core) in light and dark themes', { skip: browserSkip() }, () => {
  const env = useBrowserEnv();
  let workId: number;
  let gatedId: number;
  let writer: Client;

  before(async () => {
    // Seeded over HTTP: the pages under test are what matters here, not the forms that made them.
    writer = env().client();
    await writer.signup('axewriter');
    workId = workIdFrom(await writer.post('/works', workForm({
      title: 'The Lighthouse Keeper',
      rating: 'Teen And Up Audiences',
      warnings: 'Major Character Death',
      categories: ['F/M', 'Gen'],
      relationships: 'Mira/Tobin',
      summary: 'Two keepers and one storm.',
      notes: 'Written for a *winter* exchange.',
      end_notes: 'Thank you for reading.',
      chapter_notes: 'Chapter notes here.',
      chapter_body: 'The wind came in off the sea.\n\nMira lit the lamp.\n\n* * *\n\nMorning.',
    })));
    assert.equal((await writer.post(`/works/${workId}/chapters`, { title: 'After', format: 'text', body: 'The second chapter.' })).status, 303);
    gatedId = workIdFrom(await writer.post('/works', workForm({ title: 'Deep Water', rating: 'Explicit', warnings: 'Choose Not To Use Archive Warnings', complete: 'on' })));
    workIdFrom(await writer.post('/works', workForm({ title: 'Members Only', rating: 'Mature', categories: 'F/F', restricted: 'on' })));
    workIdFrom(await writer.post('/works', workForm({ title: 'Notes From Nowhere', rating: 'Not Rated', warnings: 'Underage', categories: 'M/M', anonymous: 'on' })));
  });

  const pages: { name: string; path: () => string; who: 'guest' | 'user' }[] = [
    { name: 'the home page with a few works', path: () => '/', who: 'guest' },
    { name: 'the home page, logged in', path: () => '/', who: 'user' },
    { name: 'a work page (chapter 1 of 2)', path: () => `/works/${workId}`, who: 'guest' },
    { name: 'a work page (entire work)', path: () => `/works/${workId}?view_full_work=true`, who: 'guest' },
    { name: 'the adult-content gate', path: () => `/works/${gatedId}`, who: 'guest' },
    { name: 'the posting form', path: () => '/works/new', who: 'user' },
    { name: 'a search with filters and facets', path: () => '/works?q=lamp&rating=Teen+And+Up+Audiences&facets=true', who: 'guest' },
    { name: 'a tag page', path: () => `/tags/${encodeURIComponent('Mira/Tobin')}`, who: 'guest' },
    { name: 'the login page', path: () => '/login', who: 'guest' },
    { name: 'the sign-up page', path: () => '/signup', who: 'guest' },
    { name: 'the preferences page, logged in', path: () => '/preferences', who: 'user' },
    { name: 'the preferences page, as a guest', path: () => '/preferences', who: 'guest' },
  ];

  let guest: Page;
  let user: Page;
  before(async () => {
    // One page per visitor, reused for every URL: opening pages is the slow part on a small machine.
    const guestContext = await env().newContext();
    const userContext = await env().newContext();
    await env().adoptSession(userContext, writer);
    await Promise.all([serveAxe(guestContext), serveAxe(userContext)]);
    guest = await guestContext.newPage();
    user = await userContext.newPage();
  });

  for (const p of pages) {
    it(`has no axe violations (of any impact) on ${p.name}, in the light and the dark theme`, async () => {
      const path = p.path();
      const page = p.who === 'user' ? user : guest;
      await page.emulateMedia({ colorScheme: 'light' });
      const response = await page.goto(path);
      assert.equal(response?.status(), 200, path);
      if (p.who === 'user') assert.ok(await page.getByRole('button', { name: 'Log out' }).isVisible(), 'logged in');
      const failures: string[] = [];
      for (const theme of THEMES) {
        // The theme follows the device (prefers-color-scheme) by default; switching it restyles the loaded page.
        await page.emulateMedia({ colorScheme: theme });
        const background = await page.evaluate(() => (globalThis as any).getComputedStyle((globalThis as any).document.body).backgroundColor);
        assert.equal(background, theme === 'dark' ? 'rgb(22, 21, 20)' : 'rgb(253, 252, 249)', `${path} is in the ${theme} theme`);
        const violations = await runAxe(page);
        const count = (impact: string) => violations.filter((v) => v.impact === impact).length;
        console.log(`# axe ${path}${p.who === 'user' ? ' [logged in]' : ''} (${theme}): ${count('critical')} critical, ${count('serious')} serious, ${count('moderate')} moderate, ${count('minor')} minor`);
        if (violations.length > 0) failures.push(`${theme} theme:\n${describeViolations(violations)}`);
      }
      assert.deepEqual(failures, [], `axe found violations on ${path}:\n${failures.join('\n')}`);
    });
  }
});
