// A writer's and a reader's trip through the site in a real browser: forms, redirects,
// cookies, the adult gate, chapter navigation, restricted works, and pages without JavaScript.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Page, Response } from 'playwright-core';
import { workForm, workIdFrom } from '../support/app.ts';
import { PASSWORD, browserSkip, logInThroughForm, mainText, signUpThroughForm, useBrowserEnv } from './support.ts';

const WRITER = 'inkwell';
const FANDOM = 'Harbour Lights';
const CHAPTER_1 = 'The tide came in grey and slow over the harbour wall.';
const CHAPTER_2 = 'By the second night the lamp had learned her name.';
const RESTRICTED_TITLE = 'Members Only Lantern';
const RESTRICTED_TEXT = 'Only the logged-in may read this lantern-lit line.';

const workIdOf = (page: Page): number => {
  const m = /\/works\/(\d+)(?:$|[/?#])/.exec(new URL(page.url()).pathname);
  assert.ok(m, `expected a work URL, got ${page.url()}`);
  return Number(m[1]);
};

/** Fills and submits the posting form; returns on the new work's page. */
async function postWork(page: Page, fields: { title: string; rating: string; warning: string; fandom: string; body: string; restricted?: boolean }): Promise<number> {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Post', exact: true }).click();
  await page.waitForURL('**/works/new');
  await page.getByLabel('Work title (required)').fill(fields.title);
  await page.getByLabel('Rating (required)').selectOption(fields.rating);
  await page.getByRole('checkbox', { name: fields.warning, exact: true }).check();
  await page.getByLabel('Fandoms (required)').fill(fields.fandom);
  await page.locator('#chapter_format').selectOption('text');
  await page.getByLabel('Chapter text (required)').fill(fields.body);
  if (fields.restricted) await page.getByRole('checkbox', { name: 'Only show to logged-in users' }).check();
  await Promise.all([page.waitForURL(/\/works\/\d+$/), page.getByRole('button', { name: 'Post', exact: true }).click()]);
  return workIdOf(page);
}

describe('browser journeys', { skip: browserSkip() }, () => {
  const env = useBrowserEnv(); // one server and one Chromium for the whole file; each suite uses its own contexts

  describe('a writer posts a two-chapter Explicit work and a guest reads it', () => {
    let page: Page;
    let workId: number;

    before(async () => {
      page = await env().newPage();
    });

    it('signs a new writer up through the sign-up form and logs them in', async () => {
      await signUpThroughForm(page, WRITER);
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), `Works by ${WRITER}`);
      assert.ok(await page.getByRole('button', { name: 'Log out' }).isVisible());
    });

    it('posts an Explicit work with a warning and a fandom through the posting form', async () => {
      workId = await postWork(page, { title: 'Harbour Wall', rating: 'Explicit', warning: 'Graphic Depictions Of Violence', fandom: FANDOM, body: CHAPTER_1 });
      // The creator is never gated on their own work.
      const text = await mainText(page);
      assert.match(text, /Harbour Wall/);
      assert.ok(text.includes(CHAPTER_1));
      const meta = await page.locator('.work-meta').innerText();
      assert.match(meta, /Rating:\s*Explicit/);
      assert.match(meta, /Graphic Depictions Of Violence/);
      assert.match(meta, new RegExp(FANDOM));
    });

    it('adds a second chapter from the creator tools on the work page', async () => {
      await page.getByRole('navigation', { name: 'Your work' }).getByRole('link', { name: 'Add chapter' }).click();
      await page.waitForURL(`**/works/${workId}/chapters/new`);
      await page.getByLabel('Chapter title').fill('Lamplight');
      await page.getByLabel('Text format').selectOption('text');
      await page.getByLabel('Chapter text (required)').fill(CHAPTER_2);
      await Promise.all([page.waitForURL(`**/works/${workId}/chapters/manage`), page.getByRole('button', { name: 'Post chapter' }).click()]);
      const rows = await page.locator('.manage-chapters tbody tr').allInnerTexts();
      assert.equal(rows.length, 2);
      assert.match(rows[1]!, /Lamplight/);
      assert.match(rows[1]!, /Posted/);
    });

    it('logs out from the header', async () => {
      await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.getByRole('button', { name: 'Log out' }).click()]);
      assert.ok(await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Log in' }).isVisible());
    });

    it('shows a guest the adult-content gate and none of the text', async () => {
      await page.goto(`/works/${workId}`);
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'This work could have adult content');
      const html = await page.content();
      assert.ok(!html.includes(CHAPTER_1), 'chapter 1 text leaked through the gate');
      assert.ok(!html.includes(CHAPTER_2), 'chapter 2 text leaked through the gate');
      assert.match(await mainText(page), /Harbour Wall is rated Explicit/);
    });

    it('lets the guest through with "Yes, continue" to chapter 1 only', async () => {
      await Promise.all([page.waitForURL(/view_adult=true/), page.getByRole('link', { name: 'Yes, continue' }).click()]);
      const text = await mainText(page);
      assert.ok(text.includes(CHAPTER_1));
      assert.ok(!text.includes(CHAPTER_2));
      assert.match(text, /Chapter 1/);
    });

    it('follows "Next chapter" to chapter 2 without being asked again', async () => {
      await Promise.all([page.waitForURL(`**/works/${workId}/chapters/2`), page.getByRole('link', { name: /Next chapter/ }).first().click()]);
      const text = await mainText(page);
      assert.ok(text.includes(CHAPTER_2));
      assert.ok(!text.includes(CHAPTER_1));
      assert.match(text, /Chapter 2: Lamplight/);
      assert.equal(await page.getByRole('link', { name: /Next chapter/ }).count(), 0, 'the last chapter has no next link');
    });

    it('opens "Entire work" and shows both chapters in order', async () => {
      await Promise.all([page.waitForURL(/view_full_work=true/), page.getByRole('link', { name: 'Entire work' }).first().click()]);
      const text = await mainText(page);
      const one = text.indexOf(CHAPTER_1);
      const two = text.indexOf(CHAPTER_2);
      assert.ok(one >= 0 && two > one, 'both chapters, first then second');
    });
  });

  describe('a restricted work stays hidden from guests', () => {
    const writerLogin = 'lanternist';
    const readerLogin = 'lamplighter';
    let restrictedId: number;
    let guest: Page;

    before(async () => {
      // The writer and a public work in the same fandom (so the listings are not simply empty) are
      // seeded over HTTP; the restricted work itself goes through the posting form.
      const client = env().client();
      await client.signup(writerLogin, PASSWORD);
      workIdFrom(await client.post('/works', workForm({ title: 'Open Harbour', fandoms: FANDOM, chapter_body: 'Anyone may read this.' })));
      await env().client().signup(readerLogin, PASSWORD);
      const writer = await (await env().newContext()).newPage();
      await env().adoptSession(writer.context(), client);
      restrictedId = await postWork(writer, { title: RESTRICTED_TITLE, rating: 'General Audiences', warning: 'No Archive Warnings Apply', fandom: FANDOM, body: RESTRICTED_TEXT, restricted: true });
      assert.ok((await mainText(writer)).includes(RESTRICTED_TEXT), 'the writer reads their own restricted work');
      await writer.context().close();
      guest = await env().newPage();
    });

    it('leaves the restricted work out of every listing a guest can open', async () => {
      const listings = ['/', '/works', `/users/${writerLogin}`, `/tags/${encodeURIComponent(FANDOM)}/works`];
      for (const url of listings) {
        const response = await guest.goto(url);
        assert.equal(response?.status(), 200, url);
        const html = await guest.content();
        assert.ok(html.includes('Open Harbour'), `${url} lists the public work`);
        assert.ok(!html.includes(RESTRICTED_TITLE), `${url} must not list the restricted work`);
      }
    });

    it('sends a guest who opens the work URL to the login page and never shows the text', async () => {
      const documents: Promise<string>[] = [];
      const collect = (r: Response) => {
        if (r.request().resourceType() === 'document') documents.push(r.text().catch(() => '')); // redirects have no body
      };
      guest.on('response', collect);
      try {
        for (const url of [`/works/${restrictedId}`, `/works/${restrictedId}/chapters/1`, `/works/${restrictedId}?view_full_work=true`]) {
          const response = await guest.goto(url);
          assert.equal(response?.request().redirectedFrom()?.url(), env().baseUrl + url, `${url} redirects`);
          const here = new URL(guest.url());
          assert.equal(here.pathname, '/login', url);
          assert.equal(here.searchParams.get('return_to'), url);
          assert.match(await mainText(guest), /only available to logged-in users/);
        }
      } finally {
        guest.off('response', collect);
      }
      const received = await Promise.all(documents);
      assert.ok(received.length >= 3);
      for (const body of received) {
        assert.ok(!body.includes(RESTRICTED_TEXT), 'no page the guest received holds the text');
        assert.ok(!body.includes(RESTRICTED_TITLE), 'no page the guest received names the work');
      }
    });

    it('shows the restricted work once the guest logs in from the login page it was sent to', async () => {
      await guest.goto(`/works/${restrictedId}`);
      await logInThroughForm(guest, readerLogin);
      assert.equal(new URL(guest.url()).pathname, `/works/${restrictedId}`);
      assert.ok((await mainText(guest)).includes(RESTRICTED_TEXT));
    });
  });

  describe('pages work with JavaScript turned off', () => {
    const readerLogin = 'quietreader';
    let workId: number;
    const BODY = 'Plain pages need no script to be read.';
    let page: Page; // one context with JavaScript off, for both tests

    before(async () => {
      // Seeded over HTTP (the forms are covered above); only the reading and the login happen in the browser.
      const reader = env().client();
      await reader.signup(readerLogin, PASSWORD);
      workId = workIdFrom(await reader.post('/works', workForm({ title: 'Scriptless', rating: 'Mature', chapter_body: BODY })));
    });

    it('reads a gated work through the gate without JavaScript', async () => {
      page = await (await env().newContext({ javaScriptEnabled: false })).newPage();
      await page.goto(`/works/${workId}`);
      assert.ok(!(await page.content()).includes(BODY));
      await Promise.all([page.waitForURL(/view_adult=true/), page.getByRole('link', { name: 'Yes, continue' }).click()]);
      assert.ok((await mainText(page)).includes(BODY));
    });

    it('submits the login form without JavaScript and comes back logged in', async () => {
      await page.goto('/works');
      await Promise.all([page.waitForURL('**/login?**'), page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Log in' }).click()]);
      await page.getByLabel('User name').fill(readerLogin);
      await page.getByLabel('Password').fill(PASSWORD);
      await Promise.all([page.waitForURL((url) => url.pathname === '/works'), page.getByRole('main').getByRole('button', { name: 'Log in' }).click()]);
      const nav = page.getByRole('navigation', { name: 'Site' });
      assert.ok(await nav.getByRole('link', { name: readerLogin }).isVisible());
      assert.ok(await nav.getByRole('button', { name: 'Log out' }).isVisible());
    });
  });
});
