import type { FastifyReply } from 'fastify';
import { renderDocument, type Raw } from './jsx.ts';

export function sendPage(reply: FastifyReply, page: Raw): FastifyReply {
  return reply.type('text/html; charset=utf-8').send(renderDocument(page));
}

/** Form posts answer with 303 so a reload never posts twice. */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.redirect(location, 303);
}

/** Only same-site paths are followed after login, never another host. */
export function safeReturnPath(value: unknown): string {
  const s = typeof value === 'string' ? value : '';
  return s.startsWith('/') && !s.startsWith('//') && !s.startsWith('/\\') ? s : '/';
}
