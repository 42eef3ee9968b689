// Downloads: one service behind the page button, the API and `quire export`. The work is read
// through loadWork and readableChapters, so a file never holds more than its reader may see.
import { createHash } from 'node:crypto';
import type { Context } from '../context.ts';
import { canReadChapter, type MaybeViewer } from '../authz/policy.ts';
import { readableChapters } from '../chapters/service.ts';
import { loadWork, type LoadedWork } from '../works/service.ts';
import { buildDocument, type DocumentSite } from './document.ts';
import { renderEpub } from './epub.ts';
import { renderHtml } from './html.ts';
import { renderText } from './text.ts';
import { renderMarkdown } from './markdown.ts';
import { renderPdf } from './pdf.ts';
import { DEFAULT_PAPER, exportFileName, FORMAT_INFO, parseFormat, type ExportFormat, type Paper } from './formats.ts';
import { ExportCache, type CachedFile } from './cache.ts';

export { FORMATS, FORMAT_INFO, PAPERS, exportFileName, isExportFormat, parseFormat, parsePaper, type ExportFormat, type Paper } from './formats.ts';

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

export interface ExportOptions {
  /** Public origin the file links back to; defaults to BASE_URL, else http://localhost:PORT. */
  siteUrl?: string;
  /** Page size of a PDF (A5 unless asked); the other formats ignore it. */
  paper?: Paper;
}

/** Bump when the output of any format changes, so no cached file outlives the code that made it. */
const RENDERER_VERSION = 1;

// One cache per database, so test suites (and anything else) sharing a process never mix works.
const caches = new WeakMap<object, ExportCache>();
export function exportCache(ctx: Context): ExportCache {
  let cache = caches.get(ctx.db);
  if (!cache) caches.set(ctx.db, (cache = new ExportCache()));
  return cache;
}

function siteOf(ctx: Context, options: ExportOptions): DocumentSite {
  const configured = ctx.config.baseUrl;
  return {
    siteName: ctx.config.siteName,
    siteUrl: (options.siteUrl || configured || `http://localhost:${ctx.config.port}`).replace(/\/+$/, ''),
    siteKey: configured || `quire:${ctx.config.siteName}`,
  };
}

/**
 * What the file depends on besides the chapter texts: the work as this viewer sees it (title,
 * tags, authors or "Anonymous", counts, updated_at) and which chapters they may read, in which
 * order and at which revision. Chapter bodies change only with their updated_at.
 */
async function versionKey(ctx: Context, viewer: MaybeViewer, work: LoadedWork, format: ExportFormat, site: DocumentSite, paper: Paper | null): Promise<string> {
  const outline = await ctx.db
    .selectFrom('chapters')
    .select(['id', 'status', 'updated_at'])
    .where('work_id', '=', work.row.id)
    .orderBy('position')
    .execute();
  const readable = outline.filter((c) => canReadChapter(viewer, work.access, c)).map((c) => [c.id, c.updated_at]);
  const { viewerIsCreator: _ignored, ...view } = work.view;
  const digest = createHash('sha256').update(JSON.stringify([RENDERER_VERSION, format, paper, site, view, readable])).digest('base64url');
  return `${work.row.id}:${format}:${digest}`;
}

function render(format: ExportFormat, doc: ReturnType<typeof buildDocument>, paper: Paper): Buffer | Promise<Buffer> {
  switch (format) {
    case 'epub':
      return renderEpub(doc);
    case 'html':
      return Buffer.from(renderHtml(doc), 'utf8');
    case 'txt':
      return Buffer.from(renderText(doc), 'utf8');
    case 'md':
      return Buffer.from(renderMarkdown(doc), 'utf8');
    case 'pdf':
      return renderPdf(doc, { paper });
    default:
      throw new TypeError(`unknown export format: ${String(format satisfies never)}`);
  }
}

/** Builds (or finds in the cache) the file for a work this viewer has already loaded through loadWork. */
export async function exportLoadedWork(ctx: Context, viewer: MaybeViewer, work: LoadedWork, format: ExportFormat, options: ExportOptions = {}): Promise<ExportFile> {
  const site = siteOf(ctx, options);
  const paper = options.paper ?? DEFAULT_PAPER;
  const key = await versionKey(ctx, viewer, work, format, site, format === 'pdf' ? paper : null);
  const file: CachedFile = await exportCache(ctx).get(key, work.row.id, work.row.updated_at, async () => {
    const chapters = await readableChapters(ctx, viewer, work);
    const doc = buildDocument(work.view, chapters, site);
    return { fileName: exportFileName(work.view, format), contentType: FORMAT_INFO[format].contentType, body: await render(format, doc, paper) };
  });
  return { ...file };
}

/** The work as a file in `format`, as this viewer may read it (NotFound / LoginRequired otherwise). */
export async function exportWork(ctx: Context, viewer: MaybeViewer, workId: number, format: ExportFormat, options: ExportOptions = {}): Promise<ExportFile> {
  const fmt = parseFormat(format);
  const work = await loadWork(ctx, viewer, workId);
  return exportLoadedWork(ctx, viewer, work, fmt, options);
}
