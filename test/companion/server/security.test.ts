// Host and Origin checks happen on the upgrade request, before any handshake: a DNS-rebinding page
// (foreign Host) and a web page (http/https Origin) are refused with 403 and a coded body; extension
// origins, Firefox's "null" and origin-less scripts get through to authentication.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROTOCOL_VERSION } from '../../../shared/protocol/version.js';
import { GleanerClient } from '../../../companion/client/gleaner-client.js';
import { authed, rawSocket, startTestDaemon, tryUpgrade } from '../../helpers/companion-daemon.js';

test('web-page origins are refused before the handshake; the daemon carries on', async (t) => {
  const d = await startTestDaemon(t);
  for (const origin of ['http://evil.example', 'https://evil.example', 'http://127.0.0.1:8080', 'https://localhost', 'file://', 'chrome://settings']) {
    const result = await tryUpgrade(d.port, { origin });
    assert.equal(result.upgraded, false, origin);
    assert.equal(result.status, 403, origin);
    assert.equal(JSON.parse(result.body).code, 'ERR_AUTH_FORBIDDEN_ORIGIN', origin);
  }
  // The ws client reports the same refusal as a coded error.
  await assert.rejects(GleanerClient.connect({ url: d.url, token: d.adminToken, origin: 'https://evil.example' }), { code: 'ERR_AUTH_FORBIDDEN_ORIGIN' });
  assert.ok(d.logs().some((l) => l.code === 'ERR_AUTH_FORBIDDEN_ORIGIN' && l.origin === 'https://evil.example'));
  // Still serving.
  const ok = await authed(d.url, d.adminToken);
  await ok.close();
});

test('extension origins, Origin: null (Firefox) and origin-less clients reach authentication', async (t) => {
  const d = await startTestDaemon(t);
  for (const origin of ['chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'moz-extension://0d5a5e2c-1f1e-4a5b-9f00-1234567890ab', 'null', undefined]) {
    const result = await tryUpgrade(d.port, { origin });
    assert.equal(result.upgraded, true, String(origin));
    assert.equal(result.status, 101);
  }
  // Accepted origins must still authenticate.
  const socket = await rawSocket(d.url, { origin: 'null' });
  socket.send({ type: 'job.list', id: 'l' });
  const reply = await socket.next();
  assert.equal(reply.code, 'ERR_PROTOCOL_NOT_READY');
  assert.equal(reply.re, 'l');
  await socket.close();
  const ext = await authed(d.url, d.adminToken, { origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' });
  await ext.close();
});

test('companion.json extensionOrigins pins the extension ids', async (t) => {
  const allowed = 'chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
  const d = await startTestDaemon(t, { config: { extensionOrigins: [allowed] } });
  assert.equal((await tryUpgrade(d.port, { origin: allowed })).upgraded, true);
  const other = await tryUpgrade(d.port, { origin: 'chrome-extension://bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' });
  assert.equal(other.upgraded, false);
  assert.equal(JSON.parse(other.body).code, 'ERR_AUTH_FORBIDDEN_ORIGIN');
  assert.equal((await tryUpgrade(d.port, { origin: 'null' })).upgraded, true);
});

test('a foreign Host header (DNS rebinding) is refused before the handshake', async (t) => {
  const d = await startTestDaemon(t);
  const hosts = [
    `evil.example:${d.port}`,
    `127.0.0.1.nip.io:${d.port}`,
    `127.0.0.1:${d.port + 1}`,
    '127.0.0.1',
    `localhost.evil.example:${d.port}`,
    '',
  ];
  for (const host of hosts) {
    const result = await tryUpgrade(d.port, { host });
    assert.equal(result.upgraded, false, host);
    assert.equal(result.status, 403, host);
    assert.equal(JSON.parse(result.body).code, 'ERR_AUTH_FORBIDDEN_HOST', host);
  }
  assert.equal((await tryUpgrade(d.port, { host: undefined })).status, 403);
  for (const host of [`127.0.0.1:${d.port}`, `localhost:${d.port}`, `LOCALHOST:${d.port}`, `[::1]:${d.port}`]) {
    assert.equal((await tryUpgrade(d.port, { host })).upgraded, true, host);
  }
  // Plain HTTP gets the same Host check and no content.
  const plain = await fetch(`http://127.0.0.1:${d.port}/`);
  assert.equal(plain.status, 426);
  const ok = await authed(d.url, d.adminToken);
  await ok.close();
});

test('the daemon listens on loopback only', async (t) => {
  const d = await startTestDaemon(t, { hosts: undefined });
  for (const url of d.daemon.urls) assert.match(url, /^ws:\/\/(127\.0\.0\.1|\[::1\]):\d+$/);
  // A hello with an unsupported version is refused with a code.
  const socket = await rawSocket(d.url);
  socket.send({ type: 'hello', version: PROTOCOL_VERSION + 41, client: 'future', token: d.adminToken });
  const reply = await socket.next();
  assert.equal(reply.code, 'ERR_PROTOCOL_VERSION');
  assert.equal(reply.fatal, true);
  assert.equal((await socket.closed).code, 1008);
});
