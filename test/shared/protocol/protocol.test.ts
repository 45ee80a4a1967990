// The wire protocol's validators: every message type is accepted in its documented shape, wrong shapes
// get ERR_PROTOCOL_INVALID with the request id when one was readable, and no input makes them throw.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isErrorCode } from '../../../shared/errors.js';
import {
  ClientMessage, parseClientMessage, parseServerMessage, PROTOCOL_VERSION, ServerMessage, validateServerMessage,
} from '../../../shared/protocol/index.js';

const validClient = [
  { type: 'hello', version: PROTOCOL_VERSION, client: 'Firefox', token: 'glt_x' },
  { type: 'hello', version: PROTOCOL_VERSION, client: 'Chrome', code: 'ABCD-EFGH', id: 'r1' },
  { type: 'hello', version: PROTOCOL_VERSION, client: 'no credentials' },
  { type: 'job.submit', items: [{ image_urls: ['https://a/b.jpg'] }, 3], target: 'photos', label: 'Page title' },
  {
    type: 'job.submit',
    items: [],
    options: {
      pipelines: { files: false },
      thumbs: { small: [50, 50] },
      minWidth: 100,
      minHeight: 0,
      expiresDays: 7,
      redirects: false,
      headers: { Referer: 'https://a/', 'X-Custom': 'v' },
    },
  },
  { type: 'job.cancel', job: 'j_1' },
  { type: 'job.list', id: 'x' },
  { type: 'job.get', job: 'j_1', from: 10, limit: 100, follow: true },
  { type: 'pair.create' },
  { type: 'ping', id: 'p' },
];

test('every documented client message is accepted', () => {
  for (const message of validClient) {
    const parsed = parseClientMessage(JSON.stringify(message));
    assert.ok(parsed.ok, `${JSON.stringify(message)}: ${parsed.ok ? '' : parsed.message}`);
    assert.equal(parsed.message.type, message.type);
  }
});

test('invalid client messages get coded errors with the request id', () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['not json', 'ERR_PROTOCOL_MALFORMED', undefined],
    ['[1,2]', 'ERR_PROTOCOL_INVALID', undefined],
    ['"hello"', 'ERR_PROTOCOL_INVALID', undefined],
    ['null', 'ERR_PROTOCOL_INVALID', undefined],
    [JSON.stringify({ type: 'nope', id: 'a' }), 'ERR_PROTOCOL_INVALID', 'a'],
    [JSON.stringify({ type: 'hello', id: 'b', version: 1, client: 'x', token: 't', code: 'c' }), 'ERR_PROTOCOL_INVALID', 'b'],
    [JSON.stringify({ type: 'hello', id: 'c', version: '1', client: 'x' }), 'ERR_PROTOCOL_INVALID', 'c'],
    [JSON.stringify({ type: 'hello', version: 1, client: 'bad\nname' }), 'ERR_PROTOCOL_INVALID', undefined],
    [JSON.stringify({ type: 'job.submit', id: 'd', items: {} }), 'ERR_PROTOCOL_INVALID', 'd'],
    [JSON.stringify({ type: 'job.submit', items: [], target: '../etc' }), 'ERR_PROTOCOL_INVALID', undefined],
    [JSON.stringify({ type: 'job.submit', items: [], target: '/tmp/x' }), 'ERR_PROTOCOL_INVALID', undefined],
    [JSON.stringify({ type: 'job.submit', items: [], options: { headers: { Host: 'evil' } } }), 'ERR_PROTOCOL_INVALID', undefined],
    [JSON.stringify({ type: 'job.submit', items: [], options: { headers: { 'X-A': 'a\r\nInjected: 1' } } }), 'ERR_PROTOCOL_INVALID', undefined],
    [JSON.stringify({ type: 'job.submit', items: [], options: { thumbs: { '../x': [1, 1] } } }), 'ERR_PROTOCOL_INVALID', undefined],
    [JSON.stringify({ type: 'job.submit', items: [], options: { minWidth: -1 } }), 'ERR_PROTOCOL_INVALID', undefined],
    [JSON.stringify({ type: 'job.get', job: 'j', limit: 5000 }), 'ERR_PROTOCOL_INVALID', undefined],
    [JSON.stringify({ type: 'job.cancel', id: 'x'.repeat(65), job: 'j' }), 'ERR_PROTOCOL_INVALID', undefined],
  ];
  for (const [text, code, re] of cases) {
    const parsed = parseClientMessage(text);
    assert.equal(parsed.ok, false, text);
    if (parsed.ok) continue;
    assert.equal(parsed.code, code, text);
    assert.equal(parsed.re, re, text);
    assert.ok(parsed.message.length > 0 && parsed.message.length <= 600);
  }
});

test('server messages round-trip through the validator', () => {
  const summary = { items: 1, invalid: 0, files: { downloaded: 1, uptodate: 0, cached: 0, failed: 0 }, bytes: 3, seconds: 0.5, cancelled: false };
  const counts = { files: 1, finished: 1, failed: 0, bytes: 3, items: 1 };
  const info = { job: 'j', state: 'done', target: 'default', items: 1, counts, createdAt: 1, summary };
  const messages = [
    { type: 'welcome', version: 1, server: '0.1.0', clientId: 'c', targets: [{ name: 'default', default: true, files: '/x' }], capabilities: ['job.submit'], limits: { maxMessageBytes: 1024, maxItemsPerJob: 1, maxQueuedJobs: 1 } },
    { type: 'job.accepted', re: 'r', job: 'j', items: 1, state: 'queued' },
    { type: 'job.progress', job: 'j', files: [{ index: 0, pipeline: 'images', url: 'u', stage: 'downloading', bytes: 1, total: null }], counts },
    { type: 'job.item', job: 'j', seq: 0, index: 0, item: { images: [] } },
    { type: 'job.done', job: 'j', state: 'failed', summary, error: { code: 'ERR_STORE_WRITE', message: 'm' } },
    { type: 'job.listed', jobs: [info] },
    { type: 'job.state', info, items: [{ seq: 0, index: 0, item: {} }], active: [], next: 1, more: false, following: false },
    { type: 'pair.code', code: 'ABCD-EFGH', expiresAt: 1, ttlSeconds: 300 },
    { type: 'ok', job: 'j' },
    { type: 'pong', time: 1 },
    { type: 'error', code: 'ERR_JOB_NOT_FOUND', message: 'm', re: 'r', fatal: false },
  ];
  const seen = new Set<string>();
  for (const message of messages) {
    const parsed = parseServerMessage(JSON.stringify(message));
    assert.ok(parsed.ok, `${message.type}: ${parsed.ok ? '' : parsed.message}`);
    assert.deepEqual(parsed.message, message);
    seen.add(message.type);
  }
  // Every member of the union is covered here, so a new message type needs a test line.
  assert.deepEqual([...seen].sort(), ServerMessage.options.map((o) => o.shape.type.value).sort());
  assert.equal(validateServerMessage({ type: 'error', code: 'ERR_MADE_UP', message: 'm' }).ok, false);
});

test('client union covers exactly the documented request types', () => {
  assert.deepEqual(
    ClientMessage.options.map((o) => o.shape.type.value).sort(),
    ['hello', 'job.cancel', 'job.get', 'job.list', 'job.submit', 'pair.create', 'ping'],
  );
});

// A tiny deterministic PRNG, so a failure can be replayed.
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomValue(rand: () => number, depth = 0): unknown {
  const pick = Math.floor(rand() * (depth > 2 ? 5 : 8));
  switch (pick) {
    case 0: return null;
    case 1: return rand() < 0.5;
    case 2: return Math.floor(rand() * 2e6) - 1e6;
    case 3: return ['hello', 'job.submit', 'job.get', '', '\u0000', 'ERR_X', 'x'.repeat(100)][Math.floor(rand() * 7)];
    case 4: return rand() * 1e300;
    case 5: return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
    default: {
      const keys = ['type', 'id', 'version', 'client', 'token', 'code', 'items', 'job', 'options', 'from', 'follow', '__proto__', 'constructor'];
      const out: Record<string, unknown> = {};
      for (let i = 0; i < Math.floor(rand() * 6); i++) out[keys[Math.floor(rand() * keys.length)]!] = randomValue(rand, depth + 1);
      if (rand() < 0.6) out.type = ['hello', 'job.submit', 'job.cancel', 'job.list', 'job.get', 'pair.create', 'ping'][Math.floor(rand() * 7)];
      return out;
    }
  }
}

test('500 random inputs never throw and always yield a message or a coded error', () => {
  const rand = prng(20261122);
  let accepted = 0;
  for (let i = 0; i < 500; i++) {
    const text = rand() < 0.2 ? String.fromCharCode(...Array.from({ length: 20 }, () => Math.floor(rand() * 256))) : JSON.stringify(randomValue(rand));
    const parsed = parseClientMessage(text);
    if (parsed.ok) {
      accepted++;
      assert.ok(ClientMessage.safeParse(parsed.message).success);
    } else {
      assert.ok(isErrorCode(parsed.code) && parsed.code.startsWith('ERR_PROTOCOL_'), parsed.code);
    }
  }
  // The generator also produces some valid messages (job.list, ping, pair.create with junk extras).
  assert.ok(accepted > 0 && accepted < 500);
});
