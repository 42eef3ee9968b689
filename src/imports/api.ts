// POST /api/v1/imports: one file's raw bytes as the body, its name and the defaults in the query.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { DomainError, InvalidInput } from '../errors.ts';
import { importWork } from '../api/schemas/imports.ts';
import { importFile, MAX_IMPORT_BYTES } from './import-file.ts';

interface ImportQuery {
  filename: string;
  rating?: string;
  fandom?: string[];
  warning?: string[];
  tag?: string[];
  language?: string;
}

const siteUrl = (ctx: Context, request: FastifyRequest): string => ctx.config.baseUrl || `${request.protocol}://${request.host}`;

export function importApiRoutes(app: FastifyInstance, ctx: Context): void {
  // A scope of its own: whatever the Content-Type, the body is taken as the file's bytes.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_request, body, done) => done(null, body));

    scope.post('/api/v1/imports', { schema: importWork }, async (request, reply) => {
      // The schema's auth: 'required' already turns guests away; not LoginRequired, which the API answers with a 404.
      if (!request.viewer) throw new DomainError('login_required', 'Importing needs an API token (Authorization: Bearer …) or a login session');
      const viewer = request.viewer;
      const q = request.query as ImportQuery;
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (bytes.length === 0) throw new InvalidInput('Send the file\'s bytes as the request body', 'file');
      const outcome = await importFile(ctx, viewer, { name: q.filename, bytes }, {
        rating: q.rating,
        fandoms: q.fandom ?? [],
        warnings: q.warning ?? [],
        tags: q.tag ?? [],
        language: q.language,
      });
      if (outcome.status === 'duplicate') return reply.code(200).send({ duplicate_of: outcome.workId });
      return reply.code(201).send({ work: { id: outcome.workId, url: `${siteUrl(ctx, request)}/works/${outcome.workId}` } });
    });
  });
}
