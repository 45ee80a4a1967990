// Bad input and breached limits get coded errors; the connection (when sensible), other clients and
// the daemon carry on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isErrorCode } from '../../../shared/errors.js';
import { PROTOCOL_VERSION } from '../../../shared/protocol/version.js';
import { authed, rawSocket, startTestDaemon } from '../../helpers/companion-daemon.js';

test('an oversized message gets ERR_PROTOCOL_TOO_LARGE and the connection stays usable', async (t) => {
  const d = await startTestDaemon(t, { limits: { maxMessageBytes: 64 * 1024 } });
  const socket = await authed(d.url, d.adminToken);
  socket.send({ type: 'job.submit', id: 'big', items: [{ image_urls: ['x'.repeat(70 * 1024)] }] });
  const reply = await socket.next();
  assert.equal(reply.code, 'ERR_PROTOCOL_TOO_LARGE');
  socket.send({ type: 'ping', id: 'after' });
  assert.deepEqual([(await socket.next()).type], ['pong']);
  // Beyond twice the limit the frame is not even read: the socket is closed with 1009, nothing else is.
  const other = await authed(d.url, d.adminToken);
  socket.send('x'.repeat(200 * 1024));
  assert.equal((await socket.closed).code, 1009);
  other.send({ type: 'ping', id: 'still' });
  assert.equal((await other.next()).type, 'pong');
  await other.close();
});

// Deterministic so a failure can be replayed.
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

function randomFrame(rand: () => number, i: number): string | Buffer {
  const kind = Math.floor(rand() * 8);
  const junk = (n: number): string => String.fromCharCode(...Array.from({ length: n }, () => 32 + Math.floor(rand() * 95)));
  switch (kind) {
    case 0: return junk(1 + Math.floor(rand() * 200));
    case 1: return JSON.stringify([i, junk(5)]);
    case 2: return JSON.stringify({ type: junk(8), id: `m${i}` });
    case 3: return JSON.stringify({ type: 'job.submit', id: `m${i}`, items: junk(4) });
    case 4: {
      const r = rand();
      return JSON.stringify({ type: 'job.get', id: `m${i}`, job: r < 0.3 ? 5 : r < 0.5 ? '' : `j_${junk(6)}` });
    }
    case 5: return JSON.stringify({ type: 'job.submit', id: `m${i}`, items: [], options: { headers: { 'Bad Header': 'x' } } });
    case 6: {
      // Nesting beyond the depth limit, in items where the schema accepts anything.
      const depth = 65 + Math.floor(rand() * 5000);
      return `{"type":"job.submit","id":"m${i}","items":[${'['.repeat(depth)}${']'.repeat(depth)}]}`;
    }
    default: return `{"type":"job.cancel","id":"m${i}","job":"j_${junk(3)}"`; // truncated JSON
  }
}

test('a thousand malformed messages are each answered with an error; other clients are unaffected', async (t) => {
  const d = await startTestDaemon(t);
  const fuzzer = await authed(d.url, d.adminToken);
  const bystander = await authed(d.url, d.adminToken, { client: 'bystander' });
  const rand = prng(7);
  const count = 1000;
  const replies: Array<Record<string, any>> = [];
  // Send in bursts below the pending-message limit, interleaving the bystander's pings.
  for (let sent = 0; sent < count; ) {
    const burst = Math.min(20, count - sent);
    for (let k = 0; k < burst; k++) fuzzer.send(randomFrame(rand, sent + k));
    for (let k = 0; k < burst; k++) replies.push(await fuzzer.next());
    sent += burst;
    bystander.send({ type: 'ping', id: `b${sent}` });
    const pong = await bystander.next();
    assert.equal(pong.type, 'pong');
    assert.equal(pong.re, `b${sent}`);
  }
  assert.equal(replies.length, count);
  for (const reply of replies) {
    assert.equal(reply.type, 'error', JSON.stringify(reply));
    assert.ok(isErrorCode(reply.code), reply.code);
    assert.ok(['ERR_PROTOCOL_MALFORMED', 'ERR_PROTOCOL_INVALID', 'ERR_PROTOCOL_TOO_DEEP', 'ERR_JOB_NOT_FOUND'].includes(reply.code), reply.code);
    assert.notEqual(reply.fatal, true);
  }
  const codes = new Set(replies.map((r) => r.code));
  assert.deepEqual([...codes].sort(), ['ERR_JOB_NOT_FOUND', 'ERR_PROTOCOL_INVALID', 'ERR_PROTOCOL_MALFORMED', 'ERR_PROTOCOL_TOO_DEEP']);
  // Replies that could name their request do.
  assert.ok(replies.filter((r) => typeof r.re === 'string').length > count / 3);
  // A binary frame is refused as well.
  fuzzer.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
  assert.equal((await fuzzer.next()).code, 'ERR_PROTOCOL_MALFORMED');
  // The fuzzing connection itself still works.
  fuzzer.send({ type: 'job.list', id: 'list' });
  const list = await fuzzer.next();
  assert.equal(list.type, 'job.listed');
  assert.deepEqual(list.jobs, []);
  await fuzzer.close();
  await bystander.close();
});

test('the same garbage before hello gets errors, not a crash', async (t) => {
  const d = await startTestDaemon(t);
  const socket = await rawSocket(d.url);
  const rand = prng(99);
  for (let i = 0; i < 50; i++) {
    socket.send(randomFrame(rand, i));
    const reply = await socket.next();
    assert.equal(reply.type, 'error');
    assert.ok(['ERR_PROTOCOL_MALFORMED', 'ERR_PROTOCOL_INVALID', 'ERR_PROTOCOL_NOT_READY', 'ERR_PROTOCOL_TOO_DEEP', 'ERR_PROTOCOL_TOO_LARGE'].includes(reply.code), reply.code);
  }
  // Before hello the size limit is small (16 KiB): only hello and ping are expected.
  socket.send(JSON.stringify({ type: 'ping', pad: 'x'.repeat(20 * 1024) }));
  assert.equal((await socket.next()).code, 'ERR_PROTOCOL_TOO_LARGE');
  socket.send({ type: 'hello', version: PROTOCOL_VERSION, client: 'late', token: d.adminToken });
  assert.equal((await socket.next()).type, 'welcome');
  socket.send(JSON.stringify({ type: 'ping', id: 'big', pad: 'x'.repeat(20 * 1024) }));
  assert.equal((await socket.next()).type, 'pong');
  await socket.close();
});

test('too many connections: the extra one gets ERR_PROTOCOL_TOO_MANY_CONNECTIONS, the others carry on', async (t) => {
  const d = await startTestDaemon(t, { limits: { maxConnections: 3 } });
  const open = await Promise.all([0, 1, 2].map(() => authed(d.url, d.adminToken)));
  const extra = await rawSocket(d.url);
  const reply = await extra.next();
  assert.equal(reply.code, 'ERR_PROTOCOL_TOO_MANY_CONNECTIONS');
  assert.equal(reply.fatal, true);
  assert.equal((await extra.closed).code, 1013);
  for (const socket of open) {
    socket.send({ type: 'ping' });
    assert.equal((await socket.next()).type, 'pong');
  }
  await open[0]!.close();
  // A slot is free again.
  await new Promise((r) => setTimeout(r, 50));
  const again = await authed(d.url, d.adminToken);
  await again.close();
  await Promise.all(open.slice(1).map((s) => s.close()));
});

test('twenty clients of the same machine authenticating at the same moment are all admitted', async (t) => {
  const d = await startTestDaemon(t, { limits: { authBackoffBaseMs: 500 } });
  const sockets = await Promise.all(Array.from({ length: 20 }, () => rawSocket(d.url)));
  for (const socket of sockets) socket.send({ type: 'hello', version: PROTOCOL_VERSION, client: 'many', token: d.adminToken });
  const replies = await Promise.all(sockets.map((s) => s.next()));
  assert.deepEqual(new Set(replies.map((r) => r.type)), new Set(['welcome']));
  await Promise.all(sockets.map((s) => s.close()));
});

test('a flood of requests waiting behind a slow hello is refused with ERR_PROTOCOL_RATE_LIMITED', async (t) => {
  const d = await startTestDaemon(t, { limits: { authBackoffBaseMs: 500, authBackoffMaxMs: 500, maxPendingMessages: 8 } });
  const wrong = await rawSocket(d.url);
  wrong.send({ type: 'hello', version: PROTOCOL_VERSION, client: 'x', token: 'nope' });
  assert.equal((await wrong.next()).code, 'ERR_AUTH_INVALID_TOKEN');
  // The next hello waits 500 ms; everything sent meanwhile queues behind it, up to the limit.
  const socket = await rawSocket(d.url);
  socket.send({ type: 'hello', id: 'h', version: PROTOCOL_VERSION, client: 'x', token: d.adminToken });
  for (let i = 0; i < 20; i++) socket.send({ type: 'ping', id: `p${i}` });
  const replies = await Promise.all(Array.from({ length: 21 }, () => socket.next(3000)));
  const limited = replies.filter((r) => r.code === 'ERR_PROTOCOL_RATE_LIMITED');
  assert.equal(limited.length, 13);
  assert.equal(replies.filter((r) => r.type === 'welcome').length, 1);
  assert.equal(replies.filter((r) => r.type === 'pong').length, 7);
  await socket.close();
});

test('job limits: too many items, unknown target, invalid options — each a coded error', async (t) => {
  const d = await startTestDaemon(t, { limits: { maxItemsPerJob: 5 } });
  const socket = await authed(d.url, d.adminToken);
  assert.equal(socket.welcome.limits.maxItemsPerJob, 5);
  socket.send({ type: 'job.submit', id: 'a', items: Array.from({ length: 6 }, () => ({ file_urls: [] })) });
  assert.deepEqual(pick(await socket.next()), { re: 'a', code: 'ERR_JOB_TOO_MANY_ITEMS' });
  socket.send({ type: 'job.submit', id: 'b', items: [], target: 'nowhere' });
  assert.deepEqual(pick(await socket.next()), { re: 'b', code: 'ERR_JOB_UNKNOWN_TARGET' });
  socket.send({ type: 'job.submit', id: 'c', items: [], options: { pipelines: { files: false, images: false } } });
  assert.deepEqual(pick(await socket.next()), { re: 'c', code: 'ERR_JOB_INVALID_OPTIONS' });
  socket.send({ type: 'job.get', id: 'd', job: 'j_missing' });
  assert.deepEqual(pick(await socket.next()), { re: 'd', code: 'ERR_JOB_NOT_FOUND' });
  socket.send({ type: 'job.cancel', id: 'e', job: 'j_missing' });
  assert.deepEqual(pick(await socket.next()), { re: 'e', code: 'ERR_JOB_NOT_FOUND' });
  await socket.close();
});

function pick(reply: Record<string, unknown>): Record<string, unknown> {
  return { re: reply.re, code: reply.code };
}
