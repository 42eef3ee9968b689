// The blocklist page and API: block or unblock tags and creators.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { h, Fragment } from '../web/jsx.ts';
import type { Context } from '../context.ts';
import { InvalidInput, NotFound } from '../errors.ts';
import { CsrfField, ErrorBox, Layout, pageContext, type PageContext } from '../web/layout.tsx';
import { seeOther, sendPage } from '../web/reply.ts';
import { blockTag, blockUser, viewBlocklist, type BlocklistView } from './blocklist.ts';
import * as schemas from '../api/schemas/reader.ts';

function BlocklistPage({ page, list, error }: { page: PageContext; list: BlocklistView; error?: string }) {
  const remove = (kind: 'tag' | 'user', name: string) => (
    <form method="post" action="/blocklist" class="inline">
      <CsrfField page={page} />
      <input type="hidden" name={kind} value={name} />
      <input type="hidden" name="remove" value="1" />
      <button type="submit" class="link-button">Unblock<span class="sr"> {name}</span></button>
    </form>
  );
  return (
    <Layout page={page} title="Your blocklist">
      <h1>Your blocklist</h1>
      <p>Works with these tags or by these creators never show in your listings, searches and counts (unless you tick "ignore my blocklist" on a search). Ratings and warnings are tags too, so blocking "Explicit" or "Major Character Death" works as a standing filter. Anonymous works are not hidden by blocking their creator.</p>
      <ErrorBox message={error} />
      <h2>Blocked tags</h2>
      {list.tags.length === 0 ? <p>None.</p> : <ul>{list.tags.map((t) => <li>{t} {remove('tag', t)}</li>)}</ul>}
      <h2>Blocked creators</h2>
      {list.users.length === 0 ? <p>None.</p> : <ul>{list.users.map((u) => <li>{u} {remove('user', u)}</li>)}</ul>}
      <form method="post" action="/blocklist" class="stacked">
        <CsrfField page={page} />
        <label for="block-tag">Block a tag</label>
        <input id="block-tag" name="tag" data-autocomplete="freeforms" autocomplete="off" />
        <label for="block-user">Block a creator (user name)</label>
        <input id="block-user" name="user" />
        <button type="submit">Block</button>
      </form>
    </Layout>
  );
}

async function apply(ctx: Context, request: FastifyRequest): Promise<void> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const remove = body.remove === '1' || body.remove === true;
  const tag = typeof body.tag === 'string' ? body.tag.trim() : '';
  const user = typeof body.user === 'string' ? body.user.trim() : '';
  if (tag === '' && user === '') throw new InvalidInput('Name a tag or a creator to block', 'tag');
  if (tag !== '') await blockTag(ctx, request.viewer, tag, remove);
  if (user !== '') await blockUser(ctx, request.viewer, user, remove);
}

export function blocklistRoutes(app: FastifyInstance, ctx: Context): void {
  app.get('/blocklist', async (request, reply) => sendPage(reply, <BlocklistPage page={pageContext(request, ctx.config.siteName)} list={await viewBlocklist(ctx, request.viewer)} />));

  app.post('/blocklist', async (request, reply) => {
    try {
      await apply(ctx, request);
      return seeOther(reply, '/blocklist');
    } catch (e) {
      if (!(e instanceof InvalidInput) && !(e instanceof NotFound)) throw e;
      const list = await viewBlocklist(ctx, request.viewer);
      return sendPage(reply.code(e instanceof NotFound ? 404 : 400), <BlocklistPage page={pageContext(request, ctx.config.siteName)} list={list} error={e.message} />);
    }
  });

  app.get('/api/v1/blocklist', { schema: schemas.getBlocklist }, async (request) => viewBlocklist(ctx, request.viewer));
  app.post('/api/v1/blocklist', { schema: schemas.changeBlocklist }, async (request) => {
    await apply(ctx, request);
    return viewBlocklist(ctx, request.viewer);
  });
}
