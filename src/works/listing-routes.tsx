// Listings: the front page, all works, a tag's works, a user's and a pseud's works, your drafts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { h, Fragment } from '../web/jsx.ts';
import type { Context } from '../context.ts';
import { InvalidInput } from '../errors.ts';
import { pageContext } from '../web/layout.tsx';
import { sendPage } from '../web/reply.ts';
import { userProfile } from '../accounts/service.ts';
import * as works from './service.ts';
import { WorkBlurbs, WorkListPage } from './views/listing.tsx';

export function pageParam(request: FastifyRequest): number | undefined {
  const raw = (request.query as Record<string, unknown>).page;
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !/^\d{1,6}$/.test(raw)) throw new InvalidInput('Page must be a whole number from 1', 'page');
  return Number(raw);
}

export function listingRoutes(app: FastifyInstance, ctx: Context): void {
  const page = (request: FastifyRequest) => pageContext(request, ctx.config.siteName);
  const enc = encodeURIComponent;

  app.get('/', async (request, reply) => {
    const list = await works.listWorks(ctx, request.viewer, {});
    const intro = (
      <p class="lede">
        Recently updated works. <a href="/works">Browse all works</a>
        {request.user ? <> or <a href="/works/new">post your own</a></> : <> or <a href="/signup">sign up</a> to post your own</>}.
      </p>
    );
    return sendPage(reply, <WorkListPage page={page(request)} title={ctx.config.siteName} list={list} base="/works" intro={intro} />);
  });

  app.get('/works', async (request, reply) => {
    const list = await works.listWorks(ctx, request.viewer, { page: pageParam(request) });
    return sendPage(reply, <WorkListPage page={page(request)} title="Works" list={list} base="/works" />);
  });

  app.get('/tags/:name/works', async (request, reply) => {
    const name = (request.params as { name: string }).name;
    const list = await works.listWorks(ctx, request.viewer, { tag: name, page: pageParam(request) });
    return sendPage(reply, <WorkListPage page={page(request)} title={`Works in ${list.tagName ?? name}`} list={list} base={`/tags/${enc(name)}/works`} />);
  });

  const userWorks = async (request: FastifyRequest, pseudName?: string) => {
    const login = (request.params as { login: string }).login;
    const { user, pseuds } = await userProfile(ctx, login);
    const list = await works.listWorks(ctx, request.viewer, { user: user.login, pseud: pseudName, page: pageParam(request) });
    return { user, pseuds, list };
  };

  app.get('/users/:login', async (request, reply) => {
    const { user, pseuds, list } = await userWorks(request);
    const intro = (
      <>
        <p>Pseuds: {pseuds.map((p, i) => <>{i > 0 ? ', ' : ''}<a href={`/users/${enc(user.login)}/pseuds/${enc(p.name)}`}>{p.name}</a></>)}</p>
        {request.user?.id === user.id ? <p><a href="/pseuds">Manage your pseuds</a></p> : null}
      </>
    );
    const base = `/users/${enc(user.login)}`;
    return sendPage(reply, <WorkListPage page={page(request)} title={`Works by ${user.login}`} list={list} base={base} intro={intro} />);
  });

  app.get('/users/:login/works', async (request, reply) => {
    const { user, list } = await userWorks(request);
    return sendPage(reply, <WorkListPage page={page(request)} title={`Works by ${user.login}`} list={list} base={`/users/${enc(user.login)}/works`} />);
  });

  for (const path of ['/users/:login/pseuds/:pseud', '/users/:login/pseuds/:pseud/works']) {
    app.get(path, async (request, reply) => {
      const pseud = (request.params as { pseud: string }).pseud;
      const { user, pseuds, list } = await userWorks(request, pseud);
      const name = pseuds.find((p) => p.name_key === pseud.toLowerCase())?.name ?? pseud;
      const title = name.toLowerCase() === user.login.toLowerCase() ? `Works by ${name}` : `Works by ${name} (${user.login})`;
      return sendPage(reply, <WorkListPage page={page(request)} title={title} list={list} base={`/users/${enc(user.login)}/pseuds/${enc(name)}`} />);
    });
  }

  app.get('/drafts', async (request, reply) => {
    const drafts = await works.myDrafts(ctx, request.viewer);
    const deleted = (request.query as Record<string, unknown>).deleted === '1';
    return sendPage(
      reply,
      <WorkListPage
        page={page(request)}
        title="Your drafts"
        list={{ works: [], total: drafts.length, page: 1, pages: 1 }}
        base="/drafts"
        intro={<>{deleted ? <p class="notice" role="status">The work was deleted.</p> : null}<WorkBlurbs works={drafts} /></>}
      />,
    );
  });
}
