import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment } from '../web/jsx.ts';
import type { Context } from '../context.ts';
import { InvalidInput, Conflict } from '../errors.ts';
import { pageContext } from '../web/layout.tsx';
import { safeReturnPath, seeOther, sendPage } from '../web/reply.ts';
import { ADULT_COOKIE, PREFS_COOKIE, SESSION_COOKIE, cookieOptions, encodeGuestPrefs } from '../web/session.ts';
import { requireLogin } from '../authz/policy.ts';
import * as accounts from './service.ts';
import { LoginPage, PreferencesPage, PseudsPage, SignupPage } from './views.tsx';

type Form = Record<string, unknown>;
const field = (body: unknown, key: string): string => {
  const v = (body as Form | undefined)?.[key];
  return typeof v === 'string' ? v : '';
};

export function accountRoutes(app: FastifyInstance, ctx: Context): void {
  const page = (request: FastifyRequest) => pageContext(request, ctx.config.siteName);

  async function logIn(request: FastifyRequest, reply: FastifyReply, userId: number) {
    // A fresh session id at every login, and the old one ended, so a planted cookie is worthless.
    await accounts.endSession(ctx, request.cookies[SESSION_COOKIE]);
    const token = await accounts.startSession(ctx, userId);
    reply.setCookie(SESSION_COOKIE, token, cookieOptions(ctx, ctx.config.sessionDays * 86_400));
  }

  app.get('/login', async (request, reply) => {
    const q = request.query as Form;
    const notice = q.reason === 'restricted' ? 'This work is only available to logged-in users. Please log in or sign up.' : undefined;
    return sendPage(reply, <LoginPage page={page(request)} returnTo={safeReturnPath(q.return_to)} notice={notice} />);
  });

  app.post('/login', async (request, reply) => {
    const login = field(request.body, 'login');
    const returnTo = safeReturnPath(field(request.body, 'return_to'));
    try {
      const user = await accounts.authenticate(ctx, login, field(request.body, 'password'), request.ip);
      await logIn(request, reply, user.id);
      return seeOther(reply, returnTo);
    } catch (e) {
      if (!(e instanceof InvalidInput)) throw e;
      return sendPage(reply.code(401), <LoginPage page={page(request)} error={e.message} login={login} returnTo={returnTo} />);
    }
  });

  app.post('/logout', async (request, reply) => {
    await accounts.endSession(ctx, request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(ADULT_COOKIE, { path: '/' });
    return seeOther(reply, '/');
  });

  app.get('/signup', async (request, reply) => sendPage(reply, <SignupPage page={page(request)} />));

  app.post('/signup', async (request, reply) => {
    const values = { login: field(request.body, 'login'), email: field(request.body, 'email') };
    try {
      const user = await accounts.signup(ctx, { ...values, password: field(request.body, 'password') });
      await logIn(request, reply, user.id);
      return seeOther(reply, `/users/${encodeURIComponent(user.login)}`);
    } catch (e) {
      if (!(e instanceof InvalidInput) && !(e instanceof Conflict)) throw e;
      return sendPage(reply.code(e instanceof Conflict ? 409 : 400), <SignupPage page={page(request)} error={e.message} values={values} />);
    }
  });

  app.get('/preferences', async (request, reply) => {
    const saved = (request.query as Form).saved === '1';
    return sendPage(reply, <PreferencesPage page={page(request)} prefs={request.prefs} saved={saved} />);
  });

  app.post('/preferences', async (request, reply) => {
    try {
      if (request.viewer) {
        await accounts.savePreferences(ctx, request.viewer, request.body as Form);
      } else {
        const prefs = accounts.parsePreferences(request.body as Form);
        reply.setCookie(PREFS_COOKIE, encodeGuestPrefs(prefs), cookieOptions(ctx, 365 * 86_400));
      }
      return seeOther(reply, '/preferences?saved=1');
    } catch (e) {
      if (!(e instanceof InvalidInput)) throw e;
      return sendPage(reply.code(400), <PreferencesPage page={page(request)} prefs={request.prefs} error={e.message} />);
    }
  });

  app.get('/pseuds', async (request, reply) => {
    const viewer = requireLogin(request.viewer);
    return sendPage(reply, <PseudsPage page={page(request)} pseuds={await accounts.listPseuds(ctx.db, viewer.id)} />);
  });

  app.post('/pseuds', async (request, reply) => {
    const viewer = requireLogin(request.viewer);
    try {
      await accounts.addPseud(ctx, viewer, field(request.body, 'name'), field(request.body, 'description'));
      return seeOther(reply, '/pseuds');
    } catch (e) {
      if (!(e instanceof InvalidInput) && !(e instanceof Conflict)) throw e;
      return sendPage(reply.code(400), <PseudsPage page={page(request)} pseuds={await accounts.listPseuds(ctx.db, viewer.id)} error={e.message} />);
    }
  });
}
