// Listings: the front page, all works (with search and filters), a tag's works,
// a user's and a pseud's works, your drafts. All but drafts go through search.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { h, Fragment, raw, type Child } from '../web/jsx.ts';
import type { Context } from '../context.ts';
import { InvalidInput } from '../errors.ts';
import { Layout, type PageContext, pageContext } from '../web/layout.tsx';
import { sendPage } from '../web/reply.ts';
import { userProfile } from '../accounts/service.ts';
import { parseSearchQuery, type SearchQuery } from '../search/query.ts';
import { searchWorks, type SearchResult, type SearchScope } from '../search/service.ts';
import { FacetSidebar, ResultNav, SearchForm } from '../search/views.tsx';
import { SaveSearchForm } from '../search/saved-routes.tsx';
import * as works from './service.ts';
import { WorkBlurbs, WorkListPage } from './views/listing.tsx';

export function pageParam(request: FastifyRequest): number | undefined {
  const raw = (request.query as Record<string, unknown>).page;
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !/^\d{1,6}$/.test(raw)) throw new InvalidInput('Page must be a whole number from 1', 'page');
  return Number(raw);
}

function ResultsPage({ page, title, result, query, base, params, intro, error }: { page: PageContext; title: string; result?: SearchResult; query: SearchQuery | null; base: string; params: Record<string, unknown>; intro?: Child; error?: string }) {
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      {intro}
      {query ? <SearchForm page={page} query={query} base={base} params={params} /> : null}
      {error ? <p class="error" role="alert">{error}</p> : null}
      {result ? (
        <div class="results-layout">
          <div class="results">
            <p class="count" role="status">
              {result.total === 0 ? 'No works found.' : `${result.total.toLocaleString('en')} ${result.total === 1 ? 'work' : 'works'}`}
              {result.blocklistApplied ? ' (your blocklist is applied)' : ''}
            </p>
            <WorkBlurbs works={result.works} />
            <ResultNav result={result} base={base} params={params} />
            {base === '/works' ? <SaveSearchForm page={page} queryString={new URLSearchParams(Object.entries(params).flatMap(([k, v]) => ([] as unknown[]).concat(v).map((x): [string, string] => [k, String(x)]))).toString()} /> : null}
          </div>
          <FacetSidebar facets={result.facets} base={base} params={params} limit={query?.facetLimit ?? 10} />
        </div>
      ) : raw('')}
    </Layout>
  );
}

export function listingRoutes(app: FastifyInstance, ctx: Context): void {
  const page = (request: FastifyRequest) => pageContext(request, ctx.config.siteName);
  const enc = encodeURIComponent;

  async function list(request: FastifyRequest, reply: import('fastify').FastifyReply, title: string | ((r: SearchResult) => string), base: string, scope: SearchScope, intro?: Child, withFacets = true) {
    const params = request.query as Record<string, unknown>;
    let query: SearchQuery;
    try {
      query = parseSearchQuery({ facets: withFacets ? 'true' : 'false', ...params });
      const result = await searchWorks(ctx, request.viewer, query, scope);
      return sendPage(reply, <ResultsPage page={page(request)} title={typeof title === 'string' ? title : title(result)} result={result} query={query} base={base} params={params} intro={intro} />);
    } catch (e) {
      if (!(e instanceof InvalidInput)) throw e;
      const fallback = parseSearchQuery({});
      return sendPage(reply.code(400), <ResultsPage page={page(request)} title={typeof title === 'string' ? title : 'Works'} query={fallback} base={base} params={params} intro={intro} error={e.message} />);
    }
  }

  app.get('/', async (request, reply) => {
    const intro = (
      <p class="lede">
        Recently updated works. <a href="/works">Browse and search all works</a>
        {request.user ? <> or <a href="/works/new">post your own</a></> : <> or <a href="/signup">sign up</a> to post your own</>}.
      </p>
    );
    return list(request, reply, ctx.config.siteName, '/works', {}, intro, false);
  });

  app.get('/works', async (request, reply) => list(request, reply, 'Works', '/works', {}));

  app.get('/tags/:name/works', async (request, reply) => {
    const name = (request.params as { name: string }).name;
    return list(request, reply, (r) => `Works in ${r.tagName ?? name}`, `/tags/${enc(name)}/works`, { tag: name });
  });

  const userPage = async (request: FastifyRequest, reply: import('fastify').FastifyReply, pseudName?: string) => {
    const login = (request.params as { login: string }).login;
    const { user, pseuds } = await userProfile(ctx, login);
    const pseud = pseudName === undefined ? undefined : pseuds.find((p) => p.name_key === pseudName.toLowerCase());
    const intro = (
      <>
        <p>Pseuds: {pseuds.map((p, i) => <>{i > 0 ? ', ' : ''}<a href={`/users/${enc(user.login)}/pseuds/${enc(p.name)}`}>{p.name}</a></>)}</p>
        {request.user?.id === user.id ? <p><a href="/pseuds">Manage your pseuds</a></p> : null}
      </>
    );
    const name = pseud?.name ?? pseudName;
    const title = name === undefined || name.toLowerCase() === user.login.toLowerCase() ? `Works by ${name ?? user.login}` : `Works by ${name} (${user.login})`;
    const base = name === undefined ? `/users/${enc(user.login)}` : `/users/${enc(user.login)}/pseuds/${enc(name)}`;
    return list(request, reply, title, base, { user: user.login, pseud: pseudName }, intro);
  };

  app.get('/users/:login', async (request, reply) => userPage(request, reply));
  app.get('/users/:login/works', async (request, reply) => userPage(request, reply));
  for (const path of ['/users/:login/pseuds/:pseud', '/users/:login/pseuds/:pseud/works']) {
    app.get(path, async (request, reply) => userPage(request, reply, (request.params as { pseud: string }).pseud));
  }

  app.get('/drafts', async (request, reply) => {
    const drafts = await works.myDrafts(ctx, request.viewer);
    const deleted = (request.query as Record<string, unknown>).deleted === '1';
    return sendPage(
      reply,
      <WorkListPage
        page={page(request)}
        title="Your drafts"
        list={{ works: drafts, total: drafts.length, page: 1, pages: 1 }}
        base="/drafts"
        intro={deleted ? <p class="notice" role="status">The work was deleted.</p> : undefined}
      />,
    );
  });
}
