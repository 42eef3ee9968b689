// Account settings for personal API tokens.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { h, Fragment } from '../web/jsx.ts';
import type { Context } from '../context.ts';
import { InvalidInput } from '../errors.ts';
import { CsrfField, ErrorBox, Layout, pageContext, type PageContext } from '../web/layout.tsx';
import { seeOther, sendPage } from '../web/reply.ts';
import { createToken, listTokens, revokeToken, type TokenInfo } from './tokens.ts';

function TokensPage({ page, tokens, created, error }: { page: PageContext; tokens: TokenInfo[]; created?: string; error?: string }) {
  return (
    <Layout page={page} title="API tokens">
      <h1>API tokens</h1>
      <p>A token lets a program use the JSON API as you: send it as <code>Authorization: Bearer TOKEN</code>. Treat it like a password.</p>
      {created ? (
        <div class="notice" role="status">
          <p>Your new token (it is shown only this once):</p>
          <p><code class="token">{created}</code></p>
        </div>
      ) : null}
      <ErrorBox message={error} />
      {tokens.length === 0 ? <p>You have no tokens.</p> : (
        <table>
          <thead><tr><th scope="col">Name</th><th scope="col">Starts with</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Revoke</th></tr></thead>
          <tbody>
            {tokens.map((t) => (
              <tr>
                <td>{t.name}</td>
                <td><code>{t.hint}…</code></td>
                <td>{t.createdAt.slice(0, 10)}</td>
                <td>{t.lastUsedAt ? t.lastUsedAt.slice(0, 10) : 'never'}</td>
                <td>
                  <form method="post" action={`/tokens/${t.id}/revoke`} class="inline">
                    <CsrfField page={page} />
                    <button type="submit" class="secondary">Revoke<span class="sr"> {t.name}</span></button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action="/tokens" class="stacked">
        <CsrfField page={page} />
        <label for="token-name">New token name</label>
        <input id="token-name" name="name" required maxlength="100" />
        <button type="submit">Create token</button>
      </form>
    </Layout>
  );
}

export function tokenRoutes(app: FastifyInstance, ctx: Context): void {
  const page = (request: FastifyRequest) => pageContext(request, ctx.config.siteName);
  app.get('/tokens', async (request, reply) => sendPage(reply, <TokensPage page={page(request)} tokens={await listTokens(ctx, request.viewer)} />));
  app.post('/tokens', async (request, reply) => {
    try {
      const { token } = await createToken(ctx, request.viewer, String((request.body as Record<string, unknown>).name ?? ''));
      // Rendered directly (not redirected) so the secret never sits in a URL or a cookie.
      return sendPage(reply.header('Cache-Control', 'no-store'), <TokensPage page={page(request)} tokens={await listTokens(ctx, request.viewer)} created={token} />);
    } catch (e) {
      if (!(e instanceof InvalidInput)) throw e;
      return sendPage(reply.code(400), <TokensPage page={page(request)} tokens={await listTokens(ctx, request.viewer)} error={e.message} />);
    }
  });
  app.post('/tokens/:id/revoke', async (request, reply) => {
    const raw = (request.params as { id: string }).id;
    await revokeToken(ctx, request.viewer, /^\d{1,12}$/.test(raw) ? Number(raw) : -1);
    return seeOther(reply, '/tokens');
  });
}
