// Hostile input against one daemon while another client's job keeps running: path traversal in every
// place a name can come from (item URLs plain and percent-encoded, thumbnail names, target names, store
// settings smuggled into job options, a preset's target and thumbs), file:/ftp:/javascript:/gopher:
// URLs, JSON nested 100,000 deep, invalid UTF-8, and a flood of connections. Each is answered with a
// coded error (per file, per request or per connection); the daemon stays up and, at the end, nothing
// was written outside the target roots and the daemon's own folders.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { isErrorCode } from '../../../shared/errors.js';
import { PROTOCOL_VERSION } from '../../../shared/protocol/version.js';
import { authed, rawSocket, startTestDaemon, type RawSocket } from '../../helpers/companion-daemon.js';

/** Answers 200 with the request path as the body, for any path; counts requests. */
async function echoOrigin(): Promise<{ url: string; paths: string[]; hold: Set<string>; release(): void; close(): Promise<void> }> {
  const paths: string[] = [];
  const hold = new Set<string>();
  const waiting: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    const target = req.url ?? '/';
    paths.push(target);
    const answer = (): void => void res.writeHead(200, { 'content-type': 'text/plain' }).end(`body of ${target}`);
    if (hold.has(target)) waiting.push(answer);
    else answer();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paths,
    hold,
    release() {
      hold.clear();
      for (const answer of waiting.splice(0)) answer();
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])));
  return nested.flat();
}

/** Sends a request and returns its reply (skipping job events). */
async function ask(socket: RawSocket, message: Record<string, unknown> | string, id: string): Promise<Record<string, any>> {
  socket.send(message);
  for (;;) {
    const reply = await socket.next(10_000);
    if (reply.re === id || (reply.type === 'error' && reply.re === undefined)) return reply;
  }
}

/** Submits items and returns every job.item output once job.done arrives. */
async function runItems(socket: RawSocket, id: string, items: unknown[], extra: Record<string, unknown> = {}): Promise<Array<Record<string, any>>> {
  const accepted = await ask(socket, { type: 'job.submit', id, items, ...extra }, id);
  assert.equal(accepted.type, 'job.accepted', JSON.stringify(accepted));
  const outputs: Array<Record<string, any>> = [];
  for (;;) {
    const event = await socket.next(15_000);
    if (event.job !== accepted.job) continue;
    if (event.type === 'job.item') outputs[event.index] = event.item;
    if (event.type === 'job.done') return outputs;
  }
}

test('hostile input is refused with coded errors; the daemon and another client carry on; nothing lands outside the roots', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gleaner-hostile-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const home = path.join(root, 'home');
  const origin = await echoOrigin();
  t.after(() => origin.close());
  const maxConnections = 40;
  const d = await startTestDaemon(t, { home, limits: { maxConnections }, settings: [{ RETRY_ENABLED: false, CONCURRENT_REQUESTS: 8, CONCURRENT_REQUESTS_PER_DOMAIN: 8 }] });
  const store = path.join(home, 'data', 'store');

  // The bystander: a job whose files are held by the origin until the very end (three of the eight
  // download slots, so the hostile jobs still run).
  const bystander = await authed(d.url, d.adminToken, { client: 'bystander' });
  const heldPaths = Array.from({ length: 3 }, (_, i) => `/held/${i}.txt`);
  for (const p of heldPaths) origin.hold.add(p);
  bystander.send({ type: 'job.submit', id: 'by', items: heldPaths.map((p) => ({ file_urls: [origin.url + p] })) });
  const byAccepted = await bystander.nextOfType('job.accepted');
  const alive = async (): Promise<void> => {
    bystander.send({ type: 'job.get', id: 'alive', job: byAccepted.job });
    const state = await bystander.nextOfType('job.state');
    assert.equal(state.info.state, 'running');
  };

  const hostile = await authed(d.url, d.adminToken, { client: 'hostile' });

  await t.test('item URLs with ../ and encoded %2e%2e%2f are stored under SHA1 names inside the store', async () => {
    const urls = [
      `${origin.url}/../../../../etc/passwd`,
      `${origin.url}/a/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd`,
      `${origin.url}/a/..%2f..%2f..%2fx.txt`,
      `${origin.url}/a/%2E%2E/%2E%2E/y.txt`,
      `${origin.url}/a/..%5c..%5cwin.txt`,
      `${origin.url}/a/x.txt?name=../../../../tmp/evil.txt`,
      `${origin.url}/a/x.txt#../../evil`,
    ];
    const outputs = await runItems(hostile, 'urls', urls.map((url) => ({ file_urls: [url], image_urls: [] })));
    for (const output of outputs) {
      assert.deepEqual(output.files_errors, []);
      for (const file of output.files) {
        assert.match(file.path, /^full\/[0-9a-f]{40}(\.[A-Za-z0-9]+)?$/);
        assert.equal(file.status, 'downloaded');
      }
    }
    await alive();
  });

  await t.test('file:, ftp:, javascript:, gopher: and other schemes are per-file coded errors; nothing is read', async () => {
    const urls = ['file:///etc/passwd', 'FILE:///etc/hostname', 'file://localhost/etc/passwd', ' file:///etc/passwd', 'ftp://127.0.0.1/x', 'javascript:alert(1)', 'gopher://127.0.0.1:70/x', 'ws://127.0.0.1/x', 'view-source:file:///etc/passwd', '../../etc/passwd', '/etc/passwd'];
    const [output] = await runItems(hostile, 'schemes', [{ file_urls: urls, image_urls: urls }]);
    assert.deepEqual(output!.files, []);
    assert.deepEqual(output!.images, []);
    for (const field of ['files_errors', 'images_errors']) {
      assert.equal(output![field].length, urls.length);
      for (const error of output![field]) assert.ok(['ERR_DOWNLOAD_SCHEME', 'ERR_DOWNLOAD_INVALID_URL'].includes(error.code), `${error.url}: ${error.code}`);
    }
    await alive();
  });

  await t.test('names in job options, targets and presets cannot reach a path', async () => {
    const image = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    for (const [i, thumbs] of [{ '../../x': [10, 10] }, { '..': [10, 10] }, { 'a/b': [10, 10] }, { '': [1, 1] }, { '%2e%2e': [5, 5] }].entries()) {
      const reply = await ask(hostile, { type: 'job.submit', id: `th${i}`, items: [{ image_urls: [image] }], options: { thumbs } }, `th${i}`);
      assert.equal(reply.code, 'ERR_PROTOCOL_INVALID', JSON.stringify(thumbs));
    }
    for (const [i, target] of ['../..', '/etc', 'a/b', '', '..\\x', 'x'.repeat(65)].entries()) {
      const reply = await ask(hostile, { type: 'job.submit', id: `tg${i}`, items: [], target }, `tg${i}`);
      assert.equal(reply.code, 'ERR_PROTOCOL_INVALID', target);
    }
    // Names the pattern allows but no configured target has: including "..", and Object.prototype's.
    for (const [i, target] of ['..', '.', '__proto__', 'constructor', 'toString'].entries()) {
      const reply = await ask(hostile, { type: 'job.submit', id: `tu${i}`, items: [], target }, `tu${i}`);
      assert.equal(reply.code, 'ERR_JOB_UNKNOWN_TARGET', target);
    }
    // A preset's pipeline section becomes a job's target and thumbs: the same checks refuse it.
    const fromPreset = await ask(hostile, { type: 'job.submit', id: 'pr', items: [], target: '../../etc', options: { thumbs: { '../x': [1, 1] } } }, 'pr');
    assert.equal(fromPreset.code, 'ERR_PROTOCOL_INVALID');
    // Store settings smuggled into options are not options: the job stores in its target, nowhere else.
    const smuggled = await runItems(hostile, 'sm', [{ file_urls: [`${origin.url}/smuggled.txt`] }], {
      options: { FILES_STORE: path.join(root, 'evil'), IMAGES_STORE: path.join(root, 'evil'), IMAGES_THUMBS: { '../../../evil': [1, 1] } },
    });
    assert.match(smuggled[0]!.files[0].path, /^full\/[0-9a-f]{40}\.txt$/);
    // A thumbnail named like Object.prototype's internals is dropped, not turned into a path.
    const [proto] = await runItems(hostile, 'pt', [{ image_urls: [image] }], JSON.parse('{"options":{"thumbs":{"__proto__":[10,10]}}}') as Record<string, unknown>);
    assert.equal(proto!.images[0].status, 'downloaded');
    assert.equal(({} as Record<string, unknown>)[0], undefined, 'no prototype pollution');
    await alive();
  });

  await t.test('JSON nested 100,000 deep is refused at once with ERR_PROTOCOL_TOO_DEEP; 60 deep is accepted intact', async () => {
    const n = 100_000;
    const timings: string[] = [];
    for (const [name, open, close] of [['arrays', '[', ']'], ['objects', '{"a":', '}']] as const) {
      const text = `{"type":"job.submit","id":"deep","items":[{"file_urls":[],"x":${open.repeat(n)}${name === 'arrays' ? '' : '1'}${close.repeat(n)}}]}`;
      const started = performance.now();
      const reply = await ask(hostile, text, 'deep');
      timings.push(`${name}: ${(text.length / 1024).toFixed(0)} KiB refused in ${(performance.now() - started).toFixed(1)} ms`);
      assert.equal(reply.code, 'ERR_PROTOCOL_TOO_DEEP');
      assert.notEqual(reply.fatal, true);
    }
    t.diagnostic(timings.join('; '));
    // Brackets inside strings are text, not nesting.
    const [quoted] = await runItems(hostile, 'quoted', [{ file_urls: [], note: '['.repeat(n) + '\\"{'.repeat(100) }]);
    assert.equal(quoted!.note.length, n + 300);
    // Deep but within the limit: the result comes back whole.
    let deep: unknown = 'bottom';
    for (let i = 0; i < 58; i++) deep = [deep];
    const [kept] = await runItems(hostile, 'fine', [{ file_urls: [], deep }]);
    assert.deepEqual(kept!.deep, deep);
    await alive();
  });

  await t.test('invalid UTF-8 in a text frame closes that connection with 1007; others carry on', async () => {
    const victim = await authed(d.url, d.adminToken, { client: 'utf8' });
    victim.ws.send(Buffer.from([0x7b, 0x22, 0x74, 0xff, 0xfe, 0x22, 0x7d]), { binary: false });
    assert.equal((await victim.closed).code, 1007);
    await alive();
  });

  await t.test('a flood of connections beyond maxConnections: each extra one gets a coded error and 1013', async () => {
    const flood = 400;
    // Each sends a ping: an admitted connection answers pong, a refused one the coded error first.
    const results = await Promise.allSettled(
      Array.from({ length: flood }, async () => {
        const socket = await rawSocket(d.url);
        socket.send({ type: 'ping' });
        return { socket, first: await socket.next(10_000) };
      }),
    );
    let refused = 0;
    let admitted = 0;
    for (const result of results) {
      assert.equal(result.status, 'fulfilled', result.status === 'rejected' ? String(result.reason) : '');
      if (result.status !== 'fulfilled') continue;
      const { socket, first } = result.value;
      if (first.type === 'pong') {
        admitted++;
        continue;
      }
      assert.ok(first.code === 'ERR_PROTOCOL_TOO_MANY_CONNECTIONS' && first.fatal === true, JSON.stringify(first));
      assert.equal((await socket.closed).code, 1013);
      refused++;
    }
    t.diagnostic(`${flood} connections: ${admitted} admitted, ${refused} refused`);
    // The bystander and the hostile client hold two slots.
    assert.ok(admitted <= maxConnections - 2, `${admitted} admitted`);
    assert.ok(refused >= flood - (maxConnections - 2), `${refused} refused`);
    for (const result of results) if (result.status === 'fulfilled') result.value.socket.ws.terminate();
    await alive();
    await new Promise((r) => setTimeout(r, 100));
    const after = await rawSocket(d.url);
    after.send({ type: 'hello', version: PROTOCOL_VERSION, client: 'after', token: d.adminToken });
    assert.equal((await after.next()).type, 'welcome');
    await after.close();
  });

  // The bystander's job finishes with every file, as if nothing had happened.
  origin.release();
  const outputs: Array<Record<string, any>> = [];
  for (;;) {
    const event = await bystander.next(15_000);
    if (event.type === 'job.item') outputs.push(event.item);
    if (event.type === 'job.done') {
      assert.equal(event.state, 'done');
      assert.equal(event.summary.files.downloaded, heldPaths.length);
      break;
    }
  }
  assert.equal(outputs.length, heldPaths.length);
  for (const { code } of d.logs().filter((l) => typeof l.code === 'string') as Array<{ code: string }>) assert.ok(isErrorCode(code), code);

  // Nothing outside the roots: the temp folder holds only the daemon's home, whose files are config,
  // saved jobs, and stored media under the store roots (full/ and thumbs/ only, plus Gleaner's own dot files).
  await hostile.close();
  await bystander.close();
  await d.close();
  assert.deepEqual(await readdir(root), ['home']);
  for (const file of await walk(home)) {
    const relative = path.relative(home, file).split(path.sep).join('/');
    const allowed =
      /^config\/[^/]+$/.test(relative) ||
      /^data\/jobs\/j_[0-9a-f-]{36}\/(job\.json|items\.jsonl)$/.test(relative) ||
      /^data\/store\/(files|images)\/(full\/[0-9a-f]{40}(\.[A-Za-z0-9]+)?|thumbs\/[A-Za-z0-9_-]+\/[0-9a-f]{40}\.jpg|\.gleaner-checksums\.json)$/.test(relative);
    assert.ok(allowed, `unexpected file ${relative}`);
  }
  assert.ok((await walk(path.join(store, 'files'))).length >= 8);
});
