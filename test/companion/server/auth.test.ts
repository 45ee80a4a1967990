// Pairing, token authentication, wrong and revoked tokens, backoff, and what is kept on disk.
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { GleanerClient } from '../../../companion/client/gleaner-client.js';
import { ClientRegistry } from '../../../companion/server/auth/client-registry.js';
import { PROTOCOL_VERSION } from '../../../shared/protocol/version.js';
import { authed, rawSocket, startTestDaemon } from '../../helpers/companion-daemon.js';

test('pairing: the admin makes a one-time code, a client trades it for a long-lived token', async (t) => {
  const d = await startTestDaemon(t);
  const admin = await GleanerClient.connect({ url: d.url, token: d.adminToken, clientName: 'gleaner pair' });
  assert.ok(admin.welcome.capabilities.includes('pair.create'));
  const { code, expiresAt, ttlSeconds } = await admin.createPairingCode();
  assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  assert.equal(ttlSeconds, 300);
  assert.ok(expiresAt > Date.now());

  // Typed sloppily: lower case, no dash.
  const ext = await GleanerClient.connect({ url: d.url, code: code.toLowerCase().replace('-', ''), clientName: 'Firefox extension', origin: 'null' });
  assert.ok(ext.token?.startsWith('glt_'));
  assert.ok(!ext.welcome.capabilities.includes('pair.create'));
  assert.deepEqual(ext.welcome.targets.map((x) => x.name), ['default']);
  const clientId = ext.welcome.clientId;
  await ext.close();

  // The token works on a new connection and names the same client.
  const again = await GleanerClient.connect({ url: d.url, token: ext.token!, origin: 'null' });
  assert.equal(again.welcome.clientId, clientId);
  assert.equal(again.welcome.token, undefined);
  // A paired client may not create codes.
  await assert.rejects(again.createPairingCode(), { code: 'ERR_AUTH_NOT_ALLOWED' });
  await again.close();

  // One use only.
  await assert.rejects(GleanerClient.connect({ url: d.url, code, clientName: 'replay' }), { code: 'ERR_AUTH_INVALID_CODE' });

  // On disk: only the hash, file readable by the user only; the token itself appears nowhere.
  const file = path.join(d.daemon.dirs.config, 'clients.json');
  const text = await readFile(file, 'utf8');
  assert.ok(!text.includes(ext.token!));
  const entry = (JSON.parse(text).clients as Array<Record<string, string>>).find((c) => c.id === clientId)!;
  assert.equal(entry.name, 'Firefox extension');
  assert.equal(entry.kind, 'paired');
  assert.match(entry.tokenHash!, /^sha256:[0-9a-f]{64}$/);
  if (process.platform !== 'win32') {
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal((await stat(path.join(d.daemon.dirs.config, 'admin-token'))).mode & 0o777, 0o600);
    assert.equal((await stat(d.daemon.dirs.config)).mode & 0o777, 0o700);
  }
  assert.ok(!d.logText().includes(ext.token!));
  assert.ok(!d.logText().includes(code));
  await admin.close();
});

test('an expired pairing code is refused', async (t) => {
  const d = await startTestDaemon(t, { limits: { pairingTtlSeconds: 1 } });
  const { code } = d.daemon.createPairingCode();
  await new Promise((r) => setTimeout(r, 1100));
  await assert.rejects(GleanerClient.connect({ url: d.url, code }), { code: 'ERR_AUTH_INVALID_CODE' });
});

test('a wrong token is refused, logged without the secret, and the connection closed', async (t) => {
  const d = await startTestDaemon(t);
  const wrong = `glt_${'A'.repeat(43)}`;
  const socket = await rawSocket(d.url);
  socket.send({ type: 'hello', id: 'h', version: PROTOCOL_VERSION, client: 'guesser', token: wrong });
  const reply = await socket.next();
  assert.equal(reply.type, 'error');
  assert.equal(reply.code, 'ERR_AUTH_INVALID_TOKEN');
  assert.equal(reply.re, 'h');
  assert.equal(reply.fatal, true);
  assert.equal((await socket.closed).code, 1008);
  const failure = d.logs().find((l) => l.msg === 'Authentication failed');
  assert.ok(failure, 'failure logged');
  assert.equal(failure.clientName, 'guesser');
  assert.ok(!d.logText().includes(wrong));
  // Without any credential:
  const bare = await rawSocket(d.url);
  bare.send({ type: 'hello', version: PROTOCOL_VERSION, client: 'bare' });
  assert.equal((await bare.next()).code, 'ERR_AUTH_REQUIRED');
});

test('failed attempts are slowed down with a growing delay per remote address', async (t) => {
  const d = await startTestDaemon(t, { limits: { authBackoffBaseMs: 150, authBackoffMaxMs: 1000 } });
  const attempt = async (token: string): Promise<{ ms: number; reply: Record<string, unknown> }> => {
    const socket = await rawSocket(d.url);
    const started = Date.now();
    socket.send({ type: 'hello', version: PROTOCOL_VERSION, client: 'x', token });
    const reply = await socket.next();
    await socket.close();
    return { ms: Date.now() - started, reply };
  };
  const first = await attempt('wrong-1');
  const second = await attempt('wrong-2');
  const third = await attempt('wrong-3');
  assert.equal(third.reply.code, 'ERR_AUTH_INVALID_TOKEN');
  assert.ok(first.ms < 150, `first attempt is not delayed (${first.ms} ms)`);
  assert.ok(second.ms >= 140, `second attempt waits the base delay (${second.ms} ms)`);
  assert.ok(third.ms >= 290, `third attempt waits twice as long (${third.ms} ms)`);
  // The right token still gets in, after the current delay.
  const good = await attempt(d.adminToken);
  assert.equal(good.reply.type, 'welcome');
  assert.ok(good.ms >= 590, `delay applies to the next attempt too (${good.ms} ms)`);
  assert.equal(d.logs().filter((l) => l.msg === 'Authentication failed').length, 3);
});

test('many simultaneous attempts from one address are refused outright', async (t) => {
  const d = await startTestDaemon(t, { limits: { authBackoffBaseMs: 2000, authBackoffMaxMs: 2000 } });
  const first = await rawSocket(d.url);
  first.send({ type: 'hello', version: PROTOCOL_VERSION, client: 'x', token: 'wrong' });
  assert.equal((await first.next()).code, 'ERR_AUTH_INVALID_TOKEN');
  const sockets = await Promise.all(Array.from({ length: 6 }, () => rawSocket(d.url)));
  for (const socket of sockets) socket.send({ type: 'hello', version: PROTOCOL_VERSION, client: 'x', token: 'wrong' });
  const replies = await Promise.all(sockets.map((s) => s.next(5000)));
  const codes = replies.map((r) => r.code).sort();
  assert.ok(codes.includes('ERR_AUTH_RATE_LIMITED'), codes.join());
  assert.equal(codes.filter((c) => c === 'ERR_AUTH_INVALID_TOKEN').length, 4);
});

test('a revoked token stops working at once and its live connection is closed', async (t) => {
  const d = await startTestDaemon(t, { clientsRefreshMs: 100 });
  // As `gleaner token` does: a separate registry instance editing the same file.
  const cli = new ClientRegistry(d.daemon.dirs);
  const { client, token } = await cli.issue('nightly script', 'script');
  const live = await authed(d.url, token);
  const other = await authed(d.url, d.adminToken);
  assert.equal(live.welcome.clientId, client.id);
  assert.ok((await cli.list()).some((c) => c.id === client.id && c.kind === 'script'));

  assert.equal((await cli.revoke(client.id))?.id, client.id);
  const notice = await live.next(3000);
  assert.equal(notice.code, 'ERR_AUTH_INVALID_TOKEN');
  assert.equal((await live.closed).code, 1008);
  await assert.rejects(GleanerClient.connect({ url: d.url, token }), { code: 'ERR_AUTH_INVALID_TOKEN' });
  // Others are unaffected.
  other.send({ type: 'ping', id: 'p' });
  assert.equal((await other.next()).type, 'pong');
  assert.equal(await cli.revoke(client.id), null);
  await other.close();
});

test('revoking the admin client rotates the admin token on the next start', async (t) => {
  const d = await startTestDaemon(t);
  const cli = new ClientRegistry(d.daemon.dirs);
  const admin = (await cli.list()).find((c) => c.kind === 'admin')!;
  await cli.revoke(admin.id);
  await d.close();
  const again = await startTestDaemon(t, { home: d.home });
  assert.notEqual(again.adminToken, d.adminToken);
  await assert.rejects(GleanerClient.connect({ url: again.url, token: d.adminToken }), { code: 'ERR_AUTH_INVALID_TOKEN' });
  const ok = await GleanerClient.connect({ url: again.url, token: again.adminToken });
  await ok.close();
  assert.equal((await cli.list()).filter((c) => c.kind === 'admin').length, 1);
});

test('a connection that never says hello is closed with ERR_PROTOCOL_TIMEOUT', async (t) => {
  const d = await startTestDaemon(t, { limits: { helloTimeoutMs: 200 } });
  const socket = await rawSocket(d.url);
  socket.send({ type: 'ping', id: 'p' });
  assert.equal((await socket.next()).type, 'pong', 'ping works before hello');
  const reply = await socket.next(2000);
  assert.equal(reply.code, 'ERR_PROTOCOL_TIMEOUT');
  assert.equal((await socket.closed).code, 1008);
});
