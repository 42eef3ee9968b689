// Download routes: the page's /works/:id/download/NAME.FORMAT (behind the adult gate, like the
// work page) and the API's /api/v1/works/:id/download?format=F (no gate, same visibility).
// PDFs take ?paper=a5|letter on both.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from '../web/jsx.ts';
import type { Context } from '../context.ts';
import { NotFound } from '../errors.ts';
import { pageContext } from '../web/layout.tsx';
import { sendPage } from '../web/reply.ts';
import { loadWork } from '../works/service.ts';
import { gateHref, passGate, workId } from '../works/routes.tsx';
import { AdultGate } from '../works/views/work-page.tsx';
import { contentDisposition } from './file-name.ts';
import { isExportFormat, parseFormat, parsePaper } from './formats.ts';
import { exportLoadedWork, type ExportFile } from './service.ts';
import { downloadWork } from '../api/schemas/works.ts';

/** Where the file links back to: BASE_URL, or the address this request came to. */
function siteUrl(ctx: Context, request: FastifyRequest): string | undefined {
  if (ctx.config.baseUrl) return ctx.config.baseUrl;
  try {
    const url = new URL(`${request.protocol}://${request.host}`);
    return url.origin;
  } catch {
    return undefined;
  }
}

function sendFile(reply: FastifyReply, file: ExportFile, id: number): FastifyReply {
  return reply
    .type(file.contentType)
    .header('Content-Disposition', contentDisposition(file.fileName, id))
    // Restricted works and drafts are per reader: no shared cache may keep them.
    .header('Cache-Control', 'private, no-cache')
    .send(file.body);
}

export function exportRoutes(app: FastifyInstance, ctx: Context): void {
  app.get('/works/:id/download/:file', async (request, reply) => {
    const file = (request.params as { file: string }).file;
    const format = file.slice(file.lastIndexOf('.') + 1);
    if (!isExportFormat(format) || file.lastIndexOf('.') < 1) throw new NotFound('There is no download of that kind');
    const paper = parsePaper((request.query as Record<string, unknown>).paper);
    const work = await loadWork(ctx, request.viewer, workId(request));
    if (!passGate(ctx, request, reply, work.view)) {
      return sendPage(reply, <AdultGate page={pageContext(request, ctx.config.siteName)} work={work.view} proceedHref={gateHref(request)} />);
    }
    return sendFile(reply, await exportLoadedWork(ctx, request.viewer, work, format, { siteUrl: siteUrl(ctx, request), paper }), work.view.id);
  });

  app.get('/api/v1/works/:id/download', { schema: downloadWork }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const format = parseFormat(query.format);
    const paper = parsePaper(query.paper);
    const work = await loadWork(ctx, request.viewer, workId(request));
    return sendFile(reply, await exportLoadedWork(ctx, request.viewer, work, format, { siteUrl: siteUrl(ctx, request), paper }), work.view.id);
  });
}
