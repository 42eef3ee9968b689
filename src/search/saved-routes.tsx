// Saved searches: the page, the form under results, and the API.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { h, Fragment } from '../web/jsx.ts';
import type { Context } from '../context.ts';
import { InvalidInput } from '../errors.ts';
import { CsrfField, ErrorBox, Layout, pageContext, type PageContext } from '../web/layout.tsx';
import { seeOther, sendPage } from '../web/reply.ts';
import { deleteSavedSearch, listSavedSearches, saveSearch, type SavedSearch } from './saved.ts';
import { siteUrl } from '../feeds/routes.ts';
import * as schemas from '../api/schemas/reader.ts';

function SavedPage({ page, list, site, error }: { page: PageContext; list: SavedSearch[]; site: string; error?: string }) {
  return (
    <Layout page={page} title="Saved searches">
      <h1>Saved searches</h1>
      <ErrorBox message={error} />
      {list.length === 0 ? <p>None yet. Run a search on <a href="/works">Works</a> and save it under the results.</p> : (
        <ul class="saved-searches">
          {list.map((s) => (
            <li>
              <a href={`/works?${s.query}`}>{s.name}</a> · <a href={`/feeds/saved/${s.feedToken}.atom`} aria-label={`Atom feed of ${s.name}`}>Atom feed</a>{' '}
              <span class="help">({site}/feeds/saved/{s.feedToken}.atom)</span>
              <form method="post" action={`/saved-searches/${s.id}/delete`} class="inline">
                <CsrfField page={page} />
                <button type="submit" class="link-button">Delete<span class="sr"> {s.name}</span></button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function SaveSearchForm({ page, queryString }: { page: PageContext; queryString: string }) {
  if (!page.user) return <></>;
  return (
    <form method="post" action="/saved-searches" class="save-search">
      <CsrfField page={page} />
      <input type="hidden" name="query" value={queryString} />
      <label for="save-name">Save this search as</label>
      <input id="save-name" name="name" required maxlength="100" />
      <button type="submit" class="secondary">Save</button>
    </form>
  );
}

const idParam = (request: FastifyRequest): number => {
  const raw = (request.params as { id: string }).id;
  return /^\d{1,12}$/.test(raw) ? Number(raw) : -1;
};
const json = (s: SavedSearch, site: string) => ({ id: s.id, name: s.name, query: s.query, feed_url: `${site}/feeds/saved/${s.feedToken}.atom`, created_at: s.createdAt });

export function savedSearchRoutes(app: FastifyInstance, ctx: Context): void {
  const page = (request: FastifyRequest) => pageContext(request, ctx.config.siteName);

  app.get('/saved-searches', async (request, reply) => sendPage(reply, <SavedPage page={page(request)} list={await listSavedSearches(ctx, request.viewer)} site={siteUrl(ctx, request)} />));

  app.post('/saved-searches', async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    try {
      await saveSearch(ctx, request.viewer, String(body.name ?? ''), String(body.query ?? ''));
      return seeOther(reply, '/saved-searches');
    } catch (e) {
      if (!(e instanceof InvalidInput)) throw e;
      return sendPage(reply.code(400), <SavedPage page={page(request)} list={await listSavedSearches(ctx, request.viewer)} site={siteUrl(ctx, request)} error={e.message} />);
    }
  });

  app.post('/saved-searches/:id/delete', async (request, reply) => {
    await deleteSavedSearch(ctx, request.viewer, idParam(request));
    return seeOther(reply, '/saved-searches');
  });

  app.get('/api/v1/saved-searches', { schema: schemas.listSavedSearches }, async (request) => ({ saved_searches: (await listSavedSearches(ctx, request.viewer)).map((s) => json(s, siteUrl(ctx, request))) }));
  app.post('/api/v1/saved-searches', { schema: schemas.saveSearch }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const saved = await saveSearch(ctx, request.viewer, String(body.name ?? ''), String(body.query ?? ''));
    return reply.code(201).send(json(saved, siteUrl(ctx, request)));
  });
  app.delete('/api/v1/saved-searches/:id', { schema: schemas.deleteSavedSearch }, async (request, reply) => {
    await deleteSavedSearch(ctx, request.viewer, idParam(request));
    return reply.code(204).send();
  });
}
