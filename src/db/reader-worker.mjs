// The reading worker (reader-worker.ts). Worker threads do not inherit the main thread's
// TypeScript loader: register it, load each module that answers a kind of read, then answer
// (requests sent meanwhile wait in the port).
import { register } from 'tsx/esm/api';

register();
await import('../search/text-ranker.ts');
await import('../works/page-rows.ts');
const { answerReads } = await import('./reader-worker.ts');
answerReads();
