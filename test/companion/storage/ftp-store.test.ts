// FTP store against real FTP servers on 127.0.0.1: ftp-srv always, Debian's vsftpd too when installed.
// Nested folders, temp name + RNFR/RNTO, the .md5 checksum file and its fallback, MDTM as UTC (expiry),
// parallel uploads over the pool, active mode, a large body, a server that dies mid-upload, and
// configuration errors without secrets.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, readdir, rm, utimes } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { Client } from 'basic-ftp';
import { GleanerError } from '../../../shared/errors.js';
import { FtpStore, parseMdtm } from '../../../companion/storage/ftp-store.js';
import { createStore } from '../../../companion/storage/select-store.js';
import type { Store, StoreOptions } from '../../../companion/storage/store.js';
import {
  FTP_PASSWORD, FTP_USER, hasVsftpd, startFtpSrv, startVsftpd, type FtpTestServer,
} from '../../helpers/ftp-server.js';
import { bodyOf, largeBody, md5Of, md5OfStream } from '../../helpers/put-body.js';

const FAST = { attempts: 3, baseDelayMs: 20 };

async function failure(promise: Promise<unknown>): Promise<GleanerError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  assert.ok(error instanceof GleanerError, `expected a GleanerError, got ${String(error)}`);
  return error;
}

const servers: Array<[string, () => Promise<FtpTestServer>]> = [['ftp-srv', startFtpSrv]];
if (hasVsftpd()) servers.push(['vsftpd', startVsftpd]);
else console.log('# vsftpd is not installed (/usr/sbin/vsftpd): FTP store tests run against ftp-srv only');

for (const [kind, start] of servers) {
  describe(`FTP store (${kind})`, () => {
    let server: FtpTestServer;
    const uriOf = (folder: string): string =>
      server.userLogin ? server.uri(`${server.writable}${folder}`, { user: FTP_USER, password: FTP_PASSWORD }) : server.uri(`${server.writable}${folder}`);
    const options = (extra: Record<string, unknown> = {}): StoreOptions => ({ pipeline: 'files', settings: { ...extra }, retry: FAST });

    before(async () => {
      server = await start();
    });
    after(async () => {
      await server.close();
    });

    test('stores nested paths through a hidden temporary name and RNFR/RNTO, with a checksum file', async () => {
      const store = await createStore(uriOf('/store/deep'), options());
      await store.open();
      const body = bodyOf('nested bytes');
      await store.put('full/a/b/c/file.bin', body);
      const local = server.localPath(`${server.writable}/store/deep/full/a/b/c/file.bin`);
      assert.equal(await readFile(local, 'utf8'), 'nested bytes');
      const sidecar = JSON.parse(await readFile(`${local}.md5`, 'utf8')) as { md5: string; mdtm: string };
      assert.equal(sidecar.md5, body.md5);
      assert.deepEqual((await readdir(server.localPath(`${server.writable}/store/deep/full/a/b/c`))).sort(), ['file.bin', 'file.bin.md5']);
      if (kind === 'ftp-srv') {
        const stor = server.commands.find((c) => c.startsWith('STOR ') && c.includes('/full/a/b/c/.file.bin.'));
        assert.ok(stor, 'uploaded under a hidden temporary name in the same folder');
        const tempName = stor.slice(5);
        assert.ok(server.commands.includes(`RNFR ${tempName}`));
        assert.ok(server.commands.includes(`RNTO ${server.writable}/store/deep/full/a/b/c/file.bin`));
        assert.ok(!server.commands.some((c) => c.startsWith('PASS ') && c.includes(FTP_PASSWORD)));
      }
      const stat = await store.stat('full/a/b/c/file.bin');
      assert.equal(stat?.checksum, body.md5);
      assert.ok(Math.abs(stat!.lastModified - Date.now() / 1000) < 60, `lastModified ${stat?.lastModified} is near now`);
      assert.equal(await store.stat('full/a/b/c/missing.bin'), null);
      await store.close();
    });

    test('stat reads MDTM as UTC, so an old file is old; a stale checksum file is ignored and the file hashed', async () => {
      const store = new FtpStore(uriOf('/store/age'), options());
      await store.put('full/old.txt', bodyOf('first version'));
      const local = server.localPath(`${server.writable}/store/age/full/old.txt`);
      const old = new Date(Date.now() - 100 * 86400 * 1000);
      await utimes(local, old, old);
      const aged = await store.stat('full/old.txt');
      assert.equal(Math.floor(aged!.lastModified), Math.floor(old.getTime() / 1000));
      assert.equal(aged?.checksum, md5Of(Buffer.from('first version')));

      // Someone replaced the file behind our back: the checksum file no longer matches its MDTM.
      const { writeFile } = await import('node:fs/promises');
      await writeFile(local, 'changed elsewhere');
      await utimes(local, old, old);
      assert.equal((await store.stat('full/old.txt'))?.checksum, md5Of(Buffer.from('changed elsewhere')));
      await rm(`${local}.md5`);
      assert.equal((await store.stat('full/old.txt'))?.checksum, md5Of(Buffer.from('changed elsewhere')), 'no checksum file: RETR + MD5');
      await store.close();
    });

    test('parallel uploads share a pool of connections', async () => {
      const store = await createStore(uriOf('/store/parallel'), options());
      const bodies = Array.from({ length: 12 }, (_, i) => bodyOf(`parallel file ${i} `.repeat(1000)));
      await Promise.all(bodies.map((body, i) => store.put(`full/p${i}.txt`, body)));
      for (const [i, body] of bodies.entries()) {
        assert.equal(md5Of(await readFile(server.localPath(`${server.writable}/store/parallel/full/p${i}.txt`))), body.md5);
      }
      if (kind === 'ftp-srv') {
        assert.ok(server.peakConnections() > 1, 'more than one connection');
        assert.ok(server.peakConnections() <= 4 + 1, `at most the pool size (+ earlier tests' idle ones), got ${server.peakConnections()}`);
      }
      const stats = await Promise.all(bodies.map((_, i) => store.stat(`full/p${i}.txt`)));
      assert.deepEqual(stats.map((s) => s?.checksum), bodies.map((b) => b.md5));
      await store.close();
    });

    test('active mode (FEED_STORAGE_FTP_ACTIVE) stores and stats', async () => {
      const store = new FtpStore(uriOf('/store/active'), options({ FEED_STORAGE_FTP_ACTIVE: true }));
      assert.equal(store.active, true);
      const before = server.commands.length;
      const body = bodyOf('active mode');
      await store.put('full/active.txt', body);
      await rm(server.localPath(`${server.writable}/store/active/full/active.txt.md5`));
      assert.equal((await store.stat('full/active.txt'))?.checksum, body.md5, 'RETR in active mode');
      if (kind === 'ftp-srv') {
        const sent = server.commands.slice(before);
        assert.ok(sent.some((c) => c.startsWith('PORT ')), 'PORT was used');
        assert.ok(!sent.some((c) => c === 'PASV' || c === 'EPSV'), 'no passive transfer');
      }
      await store.close();
    });

    test('a large body is streamed up and comes back byte-identical', async (t) => {
      const big = await largeBody(32 * 1024 * 1024 + 777);
      t.after(() => big.dispose());
      const store = new FtpStore(uriOf('/store/big'), options());
      const started = Date.now();
      await store.put('full/big.bin', big);
      t.diagnostic(`FTP (${kind}) upload of ${(big.size / 1048576).toFixed(1)} MiB: ${((Date.now() - started) / 1000).toFixed(2)} s`);
      const client = new Client();
      await client.access({ host: '127.0.0.1', port: server.port, ...(server.userLogin ? { user: FTP_USER, password: FTP_PASSWORD } : {}) });
      const { PassThrough } = await import('node:stream');
      const sink = new PassThrough();
      const [back] = await Promise.all([md5OfStream(sink), client.downloadTo(sink, `${server.writable}/store/big/full/big.bin`)]);
      client.close();
      assert.deepEqual(back, { md5: big.md5, size: big.size });
      await store.close();
    });
  });
}

describe('FTP store when the server dies mid-job (ftp-srv)', () => {
  test('the upload in flight and every later file fail with ERR_STORE_*; nothing under a final name', async (t) => {
    const server = await startFtpSrv();
    t.after(() => server.close());
    const big = await largeBody(48 * 1024 * 1024);
    t.after(() => big.dispose());
    const store: Store = await createStore(server.uri('/dying'), { pipeline: 'files', settings: {}, retry: FAST });
    await store.open();
    await store.put('full/before.txt', bodyOf('before'));
    // Stop the server as soon as the large upload's temporary file has some bytes.
    const watcher = setInterval(() => {
      void readdir(server.localPath('/dying/full')).then((names) => {
        if (names.some((n) => n.endsWith('.part'))) {
          clearInterval(watcher);
          void server.stop();
        }
      }, () => undefined);
    }, 5);
    t.after(() => clearInterval(watcher));
    const inFlight = await failure(store.put('full/big.bin', big));
    assert.match(inFlight.code, /^ERR_STORE_(UNAVAILABLE|WRITE)$/, inFlight.message);
    const later = await Promise.all([1, 2, 3].map((i) => failure(store.put(`full/later${i}.txt`, bodyOf(`later ${i}`)))));
    for (const error of later) assert.equal(error.code, 'ERR_STORE_UNAVAILABLE', error.message);
    const names = await readdir(server.localPath('/dying/full'));
    assert.ok(!names.includes('big.bin') && !names.some((n) => n.startsWith('later')), `final names absent: ${names.join(', ')}`);
    assert.ok(names.includes('before.txt'));
    assert.equal((await failure(store.stat('full/before.txt'))).code, 'ERR_STORE_UNAVAILABLE');
    await store.close();
  });
});

describe('FTP store cancellation (ftp-srv)', () => {
  test('aborting an upload in flight cancels it and removes the temporary file', async (t) => {
    const server = await startFtpSrv();
    t.after(() => server.close());
    const big = await largeBody(48 * 1024 * 1024);
    t.after(() => big.dispose());
    const store = await createStore(server.uri('/abort'), { pipeline: 'files', settings: {}, retry: FAST });
    const controller = new AbortController();
    const watcher = setInterval(() => {
      void readdir(server.localPath('/abort/full')).then((names) => {
        if (names.some((n) => n.endsWith('.part'))) {
          clearInterval(watcher);
          controller.abort();
        }
      }, () => undefined);
    }, 5);
    t.after(() => clearInterval(watcher));
    const error = await failure(store.put('full/big.bin', big, { signal: controller.signal }));
    assert.equal(error.code, 'ERR_DOWNLOAD_CANCELLED', error.message);
    assert.deepEqual(await readdir(server.localPath('/abort/full')), [], 'neither the file nor its temporary name is left');
    await store.put('full/after.txt', bodyOf('the pool still works'));
    await store.close();
  });
});

describe('FTP store configuration', () => {
  const secret = 'p@ss/w0rd:secret';
  test('bad URIs are configuration errors at construction, without the password', async () => {
    const cases = ['ftp://', `ftp://user:${encodeURIComponent(secret)}@/folder`, `ftp://user:${encodeURIComponent(secret)}@host:notaport/x`,
      `ftp://user:${encodeURIComponent(secret)}@host:99999/b`, `ftp://user:${encodeURIComponent(secret)}@host/x?query=1`, `ftp://user:${encodeURIComponent(secret)}@host/%E0%A4%A`];
    for (const uri of cases) {
      const error = await failure(createStore(uri, { pipeline: 'files', settings: {} }));
      assert.equal(error.code, 'ERR_CONFIG_STORE_URI', `${uri}: ${error.message}`);
      assert.ok(!error.message.includes(secret) && !error.message.includes(encodeURIComponent(secret)), error.message);
    }
  });

  test('port 21 by default, credentials from the URI else FTP_USER/FTP_PASSWORD, no password in displayUri', () => {
    const fromUri = new FtpStore(`ftp://alice:${encodeURIComponent(secret)}@ftp.example.com/media/`, { pipeline: 'files', settings: {} });
    assert.equal(fromUri.port, 21);
    assert.equal(fromUri.user, 'alice');
    assert.equal(fromUri.baseDir, '/media');
    assert.equal(fromUri.displayUri, 'ftp://alice@ftp.example.com/media');
    assert.ok(!fromUri.displayUri.includes(secret));
    const fromSettings = new FtpStore('ftp://ftp.example.com:2121', { pipeline: 'images', settings: { FTP_USER: 'bob', FTP_PASSWORD: 'x' } });
    assert.equal(fromSettings.user, 'bob');
    assert.equal(fromSettings.port, 2121);
    assert.equal(fromSettings.remotePath('full/a.jpg'), '/full/a.jpg');
    const anonymous = new FtpStore('ftp://ftp.example.com/pub', { pipeline: 'files', settings: {} });
    assert.equal(anonymous.user, 'anonymous');
    assert.equal(anonymous.active, false);
  });

  test('a refused login is ERR_CONFIG_CREDENTIALS at open, without the password; FTP_USER/FTP_PASSWORD work', async (t) => {
    const server = await startFtpSrv();
    t.after(() => server.close());
    const wrong = await createStore(server.uri('/x', { user: FTP_USER, password: secret }), { pipeline: 'files', settings: {}, retry: FAST });
    const error = await failure(wrong.open());
    assert.equal(error.code, 'ERR_CONFIG_CREDENTIALS', error.message);
    assert.ok(!error.message.includes(secret));
    await wrong.close();
    const viaSettings = await createStore(server.uri('/x'), { pipeline: 'files', settings: { FTP_USER, FTP_PASSWORD }, retry: FAST });
    await viaSettings.open();
    await viaSettings.put('full/ok.txt', bodyOf('ok'));
    assert.ok(existsSync(server.localPath('/x/full/ok.txt')));
    assert.ok(server.commands.includes(`USER ${FTP_USER}`));
    await viaSettings.close();
  });

  test('MDTM values are UTC instants', () => {
    assert.equal(parseMdtm('20260102030405'), Date.UTC(2026, 0, 2, 3, 4, 5) / 1000);
    assert.equal(parseMdtm('20260102030405.250'), Date.UTC(2026, 0, 2, 3, 4, 5) / 1000 + 0.25);
    assert.equal(parseMdtm('not a time'), null);
  });
});
