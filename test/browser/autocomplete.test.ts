// Tag autocomplete in a real browser: quire.js fills a <datalist> from /api/v1/tags as the
// writer types, completes only the last comma-separated tag, and never breaks the form.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { signup } from '../../src/accounts/service.ts';
import type { Context } from '../../src/context.ts';
import { addParent, makeCanonical, type Actor } from '../../src/tags/wrangling.ts';
import { testContext } from '../support/app.ts';
import { makeUser, makeWork } from '../support/builders.ts';
import { PASSWORD, browserSkip, logInThroughForm, useBrowserEnv } from './support.ts';

const HOSTILE = '<img src=x id=injected-by-tag>';

/** What the tests read of an input in the page (the project compiles without the DOM types). */
interface ListedInput {
  list: { options: ArrayLike<{ value: string }> } | null;
}

/** The option values of the datalist an input is linked to (none when it has no list). */
const optionsOf = (page: Page, selector: string): Promise<string[]> =>
  page.locator(selector).evaluate((input) => {
    const list = (input as unknown as ListedInput).list;
    return list ? Array.from(list.options).map((o) => o.value) : [];
  });

async function waitForOptions(page: Page, selector: string, expected: string[]): Promise<void> {
  try {
    await page.waitForFunction(
      ([sel, want]) => {
        const input = (globalThis as any).document.querySelector(sel) as ListedInput | null;
        const list = input?.list;
        return !!list && JSON.stringify(Array.from(list.options).map((o) => o.value)) === JSON.stringify(want);
      },
      [selector, expected] as const,
      { timeout: 5000 },
    );
  } catch {
    assert.deepEqual(await optionsOf(page, selector), expected, `suggestions of ${selector}`);
  }
}

/** Collects the page's autocomplete requests and its script errors. */
function watch(page: Page): { requests: URL[]; errors: string[] } {
  const seen = { requests: [] as URL[], errors: [] as string[] };
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname === '/api/v1/tags') seen.requests.push(url);
  });
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  page.on('dialog', (d) => {
    seen.errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return seen;
}

describe('tag autocomplete', { skip: browserSkip() }, () => {
  const env = useBrowserEnv();
  let ctx: Context;
  const writerLogin = 'quillwright';
  const wranglerLogin = 'ropewright';

  before(async () => {
    ctx = testContext(env().database);
    const w = await makeUser(ctx, 'wrangler');
    const seed: Actor = { viewer: w, name: w.login };
    const author = await makeUser(ctx);
    await makeCanonical(ctx, seed, ['Lune Saga', 'Sol Saga'], 'fandom');
    await makeCanonical(ctx, seed, ['Zephyr Sol', 'Zephyr Lune', 'Mira Vale'], 'character');
    await addParent(ctx, seed, 'Zephyr Lune', 'Lune Saga');
    await addParent(ctx, seed, 'Zephyr Sol', 'Sol Saga');
    await makeWork(ctx, author, { fandoms: 'Sol Saga', characters: `Zephyr (unwrangled), ${HOSTILE}`, freeforms: 'Slow Burn' });
    await signup(ctx, { login: writerLogin, email: `${writerLogin}@example.org`, password: PASSWORD });
    await signup(ctx, { login: wranglerLogin, email: `${wranglerLogin}@example.org`, password: PASSWORD }, 'wrangler');
  });

  it('completes the last tag of the characters field, putting the chosen fandom\'s characters first', async () => {
    const page = await env().newPage();
    const seen = watch(page);
    await logInThroughForm(page, writerLogin);
    await page.goto('/works/new');
    await page.locator('#fandoms').fill('Lune Saga');
    await page.locator('#characters').pressSequentially('Mira Vale, zeph', { delay: 20 });
    await waitForOptions(page, '#characters', ['Mira Vale, Zephyr Lune', 'Mira Vale, Zephyr Sol', 'Mira Vale, Zephyr (unwrangled)']);
    const last = seen.requests[seen.requests.length - 1]!;
    assert.equal(last.searchParams.get('prefix'), 'zeph', 'only the tag being typed is looked up');
    assert.equal(last.searchParams.get('kind'), 'character', 'the field name maps to its kind');
    assert.equal(last.searchParams.get('fandom'), 'Lune Saga');
    // 15 keystrokes 20 ms apart: debounced, they make one request (a few if the machine stalls), not one each.
    assert.ok(seen.requests.length <= 4, `typing quickly sends few requests, sent ${seen.requests.length}`);
    const listId = await page.locator('#characters').getAttribute('list');
    assert.ok(listId && (await page.locator(`datalist#${listId}`).count()) === 1, 'the script made the datalist and linked it');
    // Choosing a suggestion puts the whole option in the field; the form posts it as typed.
    const sent = seen.requests.length;
    await page.locator('#characters').fill('Mira Vale, Zephyr Lune');
    await page.waitForTimeout(400);
    assert.equal(seen.requests.length, sent, 'a chosen suggestion is complete: nothing more is looked up');
    assert.equal(await page.locator('#characters').inputValue(), 'Mira Vale, Zephyr Lune');
    assert.deepEqual(seen.errors, []);
    await page.context().close();
  });

  it('suggests fandoms for the fandoms field and additional tags for the tags field', async () => {
    const page = await env().newPage();
    const seen = watch(page);
    await logInThroughForm(page, writerLogin);
    await page.goto('/works/new');
    await page.locator('#fandoms').pressSequentially('s', { delay: 20 });
    await waitForOptions(page, '#fandoms', ['Sol Saga']);
    assert.equal(seen.requests[seen.requests.length - 1]!.searchParams.get('fandom'), null, 'the fandoms field is not scoped by itself');
    await page.locator('#freeforms').pressSequentially('Fluff,slow', { delay: 20 });
    await waitForOptions(page, '#freeforms', ['Fluff, Slow Burn']);
    assert.equal(seen.requests[seen.requests.length - 1]!.searchParams.get('kind'), 'freeform');
    assert.deepEqual(seen.errors, []);
    await page.context().close();
  });

  it('shows a tag name that looks like HTML as text, never as markup', async () => {
    const page = await env().newPage();
    const seen = watch(page);
    await logInThroughForm(page, writerLogin);
    await page.goto('/works/new');
    await page.locator('#characters').pressSequentially('<img', { delay: 20 });
    await waitForOptions(page, '#characters', [HOSTILE]);
    assert.equal(await page.locator('#injected-by-tag').count(), 0);
    assert.deepEqual(seen.errors, []);
    await page.context().close();
  });

  it('uses the kind named on a wrangling form', async () => {
    const page = await env().newPage();
    const seen = watch(page);
    await logInThroughForm(page, wranglerLogin);
    await page.goto(`/tags/${encodeURIComponent('Zephyr (unwrangled)')}/edit`);
    await page.getByLabel('Canonical tag to merge into').pressSequentially('zephyr', { delay: 20 });
    await waitForOptions(page, '#merge-into', ['Zephyr Lune', 'Zephyr Sol', 'Zephyr (unwrangled)']);
    assert.equal(seen.requests[seen.requests.length - 1]!.searchParams.get('kind'), 'character');
    await page.locator('#parent').pressSequentially('lune', { delay: 20 });
    await waitForOptions(page, '#parent', ['Lune Saga']);
    assert.equal(seen.requests[seen.requests.length - 1]!.searchParams.get('kind'), 'fandom');
    assert.deepEqual(seen.errors, []);
    await page.context().close();
  });

  it('leaves a plain field that still posts when the lookup fails', async () => {
    const page = await env().newPage();
    const seen = watch(page);
    await logInThroughForm(page, writerLogin);
    await page.route('**/api/v1/tags?**', (route) => route.abort('failed'));
    await page.goto('/works/new');
    await page.locator('#characters').pressSequentially('zeph', { delay: 20 });
    await page.waitForTimeout(500);
    assert.ok(seen.requests.length >= 1, 'it tried');
    assert.deepEqual(await optionsOf(page, '#characters'), []);
    await page.route('**/api/v1/tags?**', (route) => route.fulfill({ status: 500, contentType: 'text/html', body: '<h1>oops</h1>' }));
    await page.locator('#fandoms').pressSequentially('sol', { delay: 20 });
    await page.waitForTimeout(500);
    assert.deepEqual(await optionsOf(page, '#fandoms'), []);
    assert.deepEqual(seen.errors, [], 'a failed lookup throws nothing on the page');
    await page.getByLabel('Work title (required)').fill('Posted Without Suggestions');
    await page.getByRole('checkbox', { name: 'No Archive Warnings Apply', exact: true }).check();
    await page.locator('#fandoms').fill('Sol Saga');
    await page.locator('#chapter_format').selectOption('text');
    await page.getByLabel('Chapter text (required)').fill('The lamp still lit.');
    await Promise.all([page.waitForURL(/\/works\/\d+$/), page.getByRole('button', { name: 'Post', exact: true }).click()]);
    await page.context().close();
  });

  it('leaves the form as it is with JavaScript off', async () => {
    const page = await env().newPage({ javaScriptEnabled: false });
    await logInThroughForm(page, writerLogin);
    await page.goto('/works/new');
    assert.equal(await page.locator('#characters').getAttribute('list'), null);
    assert.equal(await page.locator('datalist').count(), 0);
    assert.equal(await page.locator('#characters').getAttribute('data-autocomplete'), 'characters');
    await page.context().close();
  });
});
