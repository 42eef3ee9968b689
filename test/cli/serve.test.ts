import assert from 'node:assert/strict';
import { it } from 'node:test';
import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import { forEachDialect } from '../support/dialects.ts';
import { testContext } from '../support/app.ts';
import { signup } from '../../src/accounts/service.ts';
import { createWork } from '../../src/works/service.ts';
import { parseChapterFields, parseWorkFields } from '../../src/works/input.ts';
import { createServer } from 'node:net';
import { freePort, quireEnv, runQuire, spawnQuire } from './quire-process.ts';

/** Resolves with the first stdout line matching `pattern`; rejects if the process ends or time runs out. */
function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number, stderr: () => string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`no line matching ${pattern} within ${timeoutMs} ms\nstdout: ${out}\nstderr: ${stderr()}`)), timeoutMs);
    const onData = (d: string) => {
      out += d;
      const match = pattern.exec(out);
      if (match) done(() => resolve(match));
    };
    const onExit = (code: number | null) => fail(new Error(`quire serve exited (${code}) before serving\nstdout: ${out}\nstderr: ${stderr()}`));
    const done = (then: () => void) => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      then();
    };
    const fail = (e: Error) => done(() => reject(e));
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.on('exit', onExit);
  });
}

forEachDialect('quire serve', ({ get, dialect }) => {
  it('serves the home page, the listing, a work and the API, and stops on SIGTERM', async () => {
    const database = get();
    const ctx = testContext(database);
    const writer = await signup(ctx, { login: 'keeper', email: 'keeper@example.org', password: 'a long enough password' });
    const workId = await createWork(
      ctx,
      { id: writer.id, role: writer.role },
      parseWorkFields({ title: 'Smoke Over the Harbour', rating: 'General Audiences', warnings: 'No Archive Warnings Apply', fandoms: 'Original Work' }),
      [parseChapterFields({ format: 'text', body: 'The ferry horn sounded twice.' })],
    );

    const port = await freePort();
    const child = spawnQuire(['serve'], quireEnv(database.url, { PORT: String(port), HOST: '127.0.0.1' }));
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      const [line, base] = await waitForLine(child, /Quire is serving (http:\/\/\S+) \((\w+): [^\n]*\)\n/, 90_000, () => stderr);
      assert.equal(base, `http://127.0.0.1:${port}`);
      assert.match(line, new RegExp(`\\(${dialect}: `));
      if (dialect === 'postgres') assert.doesNotMatch(line, /postgres:\/\/postgres@/, 'the user name in the URL is masked');

      for (const path of ['/', '/works', `/works/${workId}`, '/api/v1/works', `/api/v1/works/${workId}`]) {
        const response = await fetch(`${base}${path}`);
        assert.equal(response.status, 200, path);
        const body = await response.text();
        if (path.includes('works')) assert.match(body, /Smoke Over the Harbour/, path);
      }
      const api = (await (await fetch(`${base}/api/v1/works/${workId}`)).json()) as { title: string; chapters: unknown[] };
      assert.equal(api.title, 'Smoke Over the Harbour');
      assert.equal(api.chapters.length, 1);
    } finally {
      child.kill('SIGTERM');
    }
    const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const [code, signal] = await exited;
    clearTimeout(timeout);
    assert.deepEqual([code, signal], [0, null], `a clean exit on SIGTERM\nstderr: ${stderr}`);
    assert.equal(stderr, '');
    await assert.rejects(fetch(`http://127.0.0.1:${port}/`), 'nothing listens on the port any more');
  });

  it('reports a port that is already taken in one line and exits, leaving no database connection open', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const { port } = squatter.address() as { port: number };
    try {
      const run = await runQuire(['serve'], { databaseUrl: get().url, env: { PORT: String(port), HOST: '127.0.0.1' }, timeoutMs: 60_000 });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, new RegExp(`^quire serve: listen EADDRINUSE: address already in use 127\\.0\\.0\\.1:${port} \\(choose another PORT\\)\n$`));
      assert.equal(run.stdout, '');
    } finally {
      squatter.close();
    }
  });
});
