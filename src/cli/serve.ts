import { loadConfig } from '../config.ts';
import { openContext } from '../context.ts';
import { buildServer } from '../web/server.ts';
import { parse } from './args.ts';
import { pruneChanges } from '../search/refresh.ts';
import { warmRanker } from '../search/text-ranker.ts';

export async function serveCommand(args: string[]): Promise<number> {
  parse(args, {});
  const config = loadConfig();
  const ctx = await openContext(config);
  await ctx.search.build();
  if (ctx.textReader) await warmRanker(ctx.textReader);
  ctx.search.startPolling(1000, (e) => console.error('search index refresh failed:', e));
  // Every process reads the change log within seconds; old rows only make the table grow.
  const pruning = setInterval(() => void pruneChanges(ctx.db).catch((e) => console.error('pruning search changes failed:', e)), 10 * 60 * 1000);
  pruning.unref();
  const app = await buildServer(ctx, { logger: config.logLevel !== 'silent', backgroundJobs: true });
  const stop = async () => {
    await app.close();
    await ctx.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let address: string;
  try {
    address = await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    // Port taken or not allowed: close the database too, so the process can report it and exit.
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await app.close();
    await ctx.close();
    throw e;
  }
  console.log(`Quire is serving ${address} (${ctx.dialect}: ${config.databaseUrl.replace(/\/\/[^@/]*@/, '//…@')})`);
  return new Promise<number>(() => {}); // runs until a signal stops it
}
