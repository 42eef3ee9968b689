// The one place that turns domain errors into HTTP statuses, as HTML pages or API JSON.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment } from './jsx.ts';
import { DomainError, LoginRequired, TooManyRequests } from '../errors.ts';
import { Layout, pageContext } from './layout.tsx';
import { sendPage } from './reply.ts';
import { preferencesOf } from '../accounts/service.ts';

const STATUS: Record<string, number> = {
  invalid: 400,
  not_found: 404,
  login_required: 401,
  forbidden: 403,
  conflict: 409,
  rate_limited: 429,
  invalid_token: 401,
};

export const isApi = (request: FastifyRequest): boolean => request.url.startsWith('/api/');

export function statusOf(error: unknown): number {
  if (error instanceof DomainError) return STATUS[error.code] ?? 400;
  const e = error as FastifyError;
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return e.statusCode;
  return 500;
}

export function registerErrorHandler(app: FastifyInstance, siteName: string): void {
  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    let status = statusOf(error);
    if (status >= 500) request.log.error(error);
    if (error instanceof TooManyRequests) reply.header('Retry-After', String(error.retryAfterSeconds));
    const code = error instanceof DomainError ? error.code : status === 413 ? 'too_large' : status >= 500 ? 'internal' : 'bad_request';
    const message = status >= 500 ? 'Something went wrong on our side' : error.message;

    if (isApi(request)) {
      // The API never hints that a restricted work exists: guests get the same 404 as for a missing one.
      if (error instanceof LoginRequired) return reply.code(404).send({ error: { code: 'not_found', message: 'Work not found' } });
      return reply.code(status).send({ error: { code, message } });
    }
    if (error instanceof LoginRequired && request.method === 'GET') {
      return reply.redirect(`/login?return_to=${encodeURIComponent(request.url)}&reason=restricted`, 303);
    }
    if (error instanceof LoginRequired) status = 401;
    request.prefs ??= preferencesOf(null);
    const page = pageContext(request, siteName);
    const title = status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : status === 429 ? 'Slow down' : status >= 500 ? 'Error' : 'Please check your request';
    return sendPage(
      reply.code(status),
      <Layout page={page} title={title}>
        <h1>{title}</h1>
        <p class="error" role="alert">{message}</p>
        <p><a href="/">Back to the front page</a></p>
      </Layout>,
    );
  });

  app.setNotFoundHandler(async (request, reply) => {
    if (isApi(request)) return reply.code(404).send({ error: { code: 'not_found', message: 'No such endpoint' } });
    request.prefs ??= preferencesOf(null);
    const page = pageContext(request, siteName);
    return sendPage(
      reply.code(404),
      <Layout page={page} title="Not found">
        <h1>Not found</h1>
        <p>There is nothing at this address.</p>
        <p><a href="/">Back to the front page</a></p>
      </Layout>,
    );
  });
}
