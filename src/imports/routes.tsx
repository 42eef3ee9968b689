// The upload page: many files in one multipart form, with defaults for what the files leave out.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { h } from '../web/jsx.ts';
import type { Context } from '../context.ts';
import { InvalidInput } from '../errors.ts';
import { requireLogin } from '../authz/policy.ts';
import { pageContext } from '../web/layout.tsx';
import { sendPage } from '../web/reply.ts';
import { filesOf, registerMultipart } from '../web/multipart.ts';
import { splitTagList } from '../tags/names.ts';
import { importableExtensions } from '../formats/index.ts';
import { MAX_IMPORT_BYTES, MAX_IMPORT_MB } from './import-file.ts';
import { importUploads } from './uploads.ts';
import type { ImportDefaults } from './service.ts';
import { ImportPage, type ImportFormValues } from './views/import-page.tsx';

const MAX_FILES = 50;
// Whole request: room for a few large files or many ordinary ones, without holding gigabytes in memory.
const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

function formValues(body: unknown): ImportFormValues {
  const b = (body ?? {}) as Record<string, unknown>;
  const text = (k: string) => (typeof b[k] === 'string' ? (b[k] as string) : Array.isArray(b[k]) ? (b[k] as unknown[]).join(', ') : '');
  return { fandoms: text('fandoms'), rating: text('rating'), warnings: ([] as unknown[]).concat(b.warnings ?? []).map(String), tags: text('tags') };
}

const defaultsFrom = (v: ImportFormValues): ImportDefaults => ({
  rating: v.rating || undefined,
  fandoms: splitTagList(v.fandoms, 'fandoms'),
  warnings: v.warnings,
  tags: splitTagList(v.tags, 'freeforms'),
});

export function importRoutes(app: FastifyInstance, ctx: Context): void {
  const view = (request: FastifyRequest, values: ImportFormValues, extra: { error?: string; results?: Parameters<typeof ImportPage>[0]['results'] } = {}) => (
    <ImportPage page={pageContext(request, ctx.config.siteName)} values={values} accept={importableExtensions()} maxFiles={MAX_FILES} maxMb={MAX_IMPORT_MB} {...extra} />
  );

  // A scope of its own, so only this form takes multipart bodies, with upload-sized limits.
  void app.register(async (scope) => {
    registerMultipart(scope, MAX_UPLOAD_BYTES, { maxFiles: MAX_FILES, maxFileBytes: MAX_IMPORT_BYTES, maxFields: 100, maxFieldBytes: 64 * 1024 });

    scope.get('/works/import', async (request, reply) => {
      requireLogin(request.viewer);
      return sendPage(reply, view(request, { fandoms: '', rating: '', warnings: [], tags: '' }));
    });

    scope.post('/works/import', async (request, reply) => {
      const viewer = requireLogin(request.viewer);
      const values = formValues(request.body);
      const files = filesOf(request.body).map((f) => ({ name: f.filename, bytes: f.bytes }));
      try {
        const results = await importUploads(ctx, viewer, files, defaultsFrom(values));
        return sendPage(reply, view(request, values, { results }));
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        return sendPage(reply.code(400), view(request, values, { error: e.message }));
      }
    });
  });
}
