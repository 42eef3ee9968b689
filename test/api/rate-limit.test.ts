// API rate limits: per token, per IP without one, 429 with Retry-After; counts in memory or shared through Redis.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../support/dialects.ts';
import { Client, testContext } from '../support/app.ts';
import { buildServer } from '../../src/web/server.ts';
import { MemoryRateStore, RedisRateStore, type RateStore } from '../../src/api/rate-store.ts';
import { createToken } from './seed.ts';

const REDIS_URL = process.env.QUIRE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function redisReachable(): Promise<boolean> {
  const { hostname, port } = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
    socket.connect(Number(port || 6379), hostname);
  });
}

describe('the memory rate store', () => {
  it('counts within a window and starts again after it', async () => {
    let now = 1_000;
    const store = new MemoryRateStore(() => now);
    assert.deepEqual(await store.hit('k', 60_000), { count: 1, resetMs: 60_000 });
    now += 59_000;
    assert.deepEqual(await store.hit('k', 60_000), { count: 2, resetMs: 1_000 });
    assert.deepEqual(await store.peek('k'), { count: 2, resetMs: 1_000 });
    now += 1_000;
    assert.deepEqual(await store.peek('k'), { count: 0, resetMs: 0 });
    assert.equal((await store.hit('k', 60_000)).count, 1);
    assert.equal((await store.hit('other', 60_000)).count, 1, 'keys count apart');
  });
});

describe('the Redis rate store', async () => {
  const reachable = await redisReachable();
  if (!reachable) {
    if (process.env.CI === 'true') throw new Error(`Redis is required in CI but not reachable at ${REDIS_URL}`);
    console.log(`# SKIPPED: Redis rate-store tests (no server at ${REDIS_URL})`);
    return;
  }
  const prefix = `quire-test:${process.pid}:${randomBytes(4).toString('hex')}:`;
  let a: RedisRateStore;
  let b: RedisRateStore;
  before(async () => {
    a = new RedisRateStore(REDIS_URL, prefix);
    b = new RedisRateStore(REDIS_URL, prefix);
    await Promise.all([a.ready(), b.ready()]);
  });
  after(async () => {
    await a.close();
    await b.close();
  });

  it('shares one count between processes, with the window as the key\'s expiry', async () => {
    assert.equal((await a.hit('ip:10.0.0.1', 60_000)).count, 1);
    const second = await b.hit('ip:10.0.0.1', 60_000);
    assert.equal(second.count, 2);
    assert.ok(second.resetMs > 55_000 && second.resetMs <= 60_000, String(second.resetMs));
    assert.equal((await a.peek('ip:10.0.0.1')).count, 2);
    assert.equal((await a.peek('ip:10.0.0.2')).count, 0);
  });
});

describe('API rate limits over HTTP', () => {
  let database: TestDatabase;
  const apps: FastifyInstance[] = [];
  const serve = async (store?: RateStore) => {
    const app = await buildServer(testContext(database, { apiRateLimit: 3 }), { rateStore: store });
    apps.push(app);
    return app;
  };
  before(async () => {
    database = await createTestDatabase('sqlite');
  });
  after(async () => {
    for (const app of apps) await app.close();
    await database.drop();
  });

  it('answers the request after the limit with 429, Retry-After and the error shape', async () => {
    const app = await serve();
    for (let i = 1; i <= 3; i++) {
      const r = await app.inject({ url: '/api/v1/works', remoteAddress: '10.1.1.1' });
      assert.equal(r.statusCode, 200);
      assert.equal(r.headers['x-ratelimit-remaining'], String(3 - i));
    }
    const limited = await app.inject({ url: '/api/v1/works', remoteAddress: '10.1.1.1' });
    assert.equal(limited.statusCode, 429);
    const retry = Number(limited.headers['retry-after']);
    assert.ok(retry >= 1 && retry <= 60, String(limited.headers['retry-after']));
    assert.equal(limited.json().error.code, 'rate_limited');
    assert.match(limited.json().error.message, /limit is 3 a minute/);
    assert.equal(limited.headers['access-control-allow-origin'], '*', 'a page script can read the 429');
    assert.equal((await app.inject({ url: '/api/v1/works', remoteAddress: '10.1.1.2' })).statusCode, 200, 'another address has its own count');
    assert.equal((await app.inject({ url: '/works', remoteAddress: '10.1.1.1' })).statusCode, 200, 'pages are not API-limited');
  });

  it('counts a token apart from its address, and each token apart from others', async () => {
    const app = await serve();
    const owner = new Client(app);
    await owner.signup('ratelimited');
    const [one, two] = [await createToken(owner, 'one'), await createToken(owner, 'two')];
    const as = (token?: string) => app.inject({ url: '/api/v1/works', remoteAddress: '10.2.2.2', headers: token ? { authorization: `Bearer ${token}` } : {} });
    for (let i = 0; i < 3; i++) assert.equal((await as()).statusCode, 200);
    assert.equal((await as()).statusCode, 429, 'the address is spent');
    for (let i = 0; i < 3; i++) assert.equal((await as(one)).statusCode, 200, 'the token has its own budget');
    assert.equal((await as(one)).statusCode, 429, 'and it is spent too');
    assert.equal((await as(two)).statusCode, 200, 'a second token is counted on its own');
  });

  it('does not give made-up tokens fresh budgets', async () => {
    const app = await serve();
    const made = () => app.inject({ url: '/api/v1/works', remoteAddress: '10.3.3.3', headers: { authorization: `Bearer qt_${randomBytes(8).toString('hex')}` } });
    for (let i = 0; i < 3; i++) assert.equal((await made()).statusCode, 401);
    const r = await made();
    assert.equal(r.statusCode, 429);
    assert.ok(Number(r.headers['retry-after']) >= 1);
  });

  it('serves API requests uncounted when the Redis store is unreachable', async () => {
    const store = new RedisRateStore('redis://127.0.0.1:1', 'quire-test:');
    try {
      const app = await serve(store);
      for (let i = 0; i < 5; i++) assert.equal((await app.inject({ url: '/api/v1/tags?prefix=a', remoteAddress: '10.5.5.5' })).statusCode, 200);
    } finally {
      await store.close();
    }
  });

  it('shares counts between two app processes through Redis', async () => {
    if (!(await redisReachable())) {
      if (process.env.CI === 'true') throw new Error(`Redis is required in CI but not reachable at ${REDIS_URL}`);
      console.log(`# SKIPPED: shared rate limits through Redis (no server at ${REDIS_URL})`);
      return;
    }
    const prefix = `quire-test:${process.pid}:${randomBytes(4).toString('hex')}:`;
    const stores = [new RedisRateStore(REDIS_URL, prefix), new RedisRateStore(REDIS_URL, prefix)];
    await Promise.all(stores.map((s) => s.ready()));
    try {
      const [first, second] = [await serve(stores[0]), await serve(stores[1])];
      const statuses = [];
      for (const app of [first, second, first, second]) statuses.push((await app.inject({ url: '/api/v1/tags?prefix=a', remoteAddress: '10.4.4.4' })).statusCode);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
