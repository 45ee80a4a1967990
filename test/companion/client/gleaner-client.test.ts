// The importable script client against an in-process daemon: connection errors are coded, events are
// an async iterable that ends with job.done, and a dropped connection ends the iteration with an error
// instead of hanging.
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { GleanerClient } from '../../../companion/client/gleaner-client.js';
import { startTestDaemon } from '../../helpers/companion-daemon.js';
import { startOriginServer } from '../../helpers/origin-server.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('no daemon listening: ERR_PROTOCOL_CONNECTION', async () => {
  const port = await freePort();
  await assert.rejects(GleanerClient.connect({ url: `ws://127.0.0.1:${port}`, token: 'x' }), { code: 'ERR_PROTOCOL_CONNECTION' });
});

test('submit streams progress, items and done; done also resolves the handle', async (t) => {
  const origin = await startOriginServer({ '/one.txt': { body: 'one' }, '/two.txt': { body: 'two' } });
  t.after(() => origin.close());
  const d = await startTestDaemon(t);
  const client = await GleanerClient.connect({ url: d.url, token: d.adminToken, clientName: 'library test' });
  assert.equal(client.welcome.version, 1);
  assert.ok(client.welcome.limits.maxItemsPerJob > 0);
  const job = await client.submit([{ name: 'x', file_urls: [origin.at('/one.txt'), origin.at('/two.txt')] }], { label: 'two files' });
  const types: string[] = [];
  let item: Record<string, unknown> | undefined;
  for await (const event of job.events) {
    types.push(event.type);
    if (event.type === 'job.item') item = event.item;
  }
  assert.equal(types.at(-1), 'job.done');
  assert.ok(types.includes('job.progress'));
  assert.equal(item!.name, 'x');
  assert.deepEqual((item!.files as Array<{ status: string }>).map((f) => f.status), ['downloaded', 'downloaded']);
  const done = await job.done;
  assert.equal(done.summary.files.downloaded, 2);
  assert.equal((await client.list())[0]!.label, 'two files');
  assert.ok((await client.ping()) > 0);
  await client.close();
});

test('a dropped connection ends a job stream with ERR_PROTOCOL_CLOSED rather than hanging', async (t) => {
  const origin = await startOriginServer({ '/stall': () => undefined });
  t.after(() => origin.close());
  const d = await startTestDaemon(t);
  const client = await GleanerClient.connect({ url: d.url, token: d.adminToken });
  const job = await client.submit([{ file_urls: [origin.at('/stall')] }]);
  while (origin.hits('/stall') < 1) await new Promise((r) => setTimeout(r, 10));
  client.ws.terminate();
  await assert.rejects(
    (async () => {
      for await (const _event of job.events) void _event;
    })(),
    { code: 'ERR_PROTOCOL_CLOSED' },
  );
  await assert.rejects(job.done, { code: 'ERR_PROTOCOL_CLOSED' });
  await assert.rejects(client.list(), { code: 'ERR_PROTOCOL_CLOSED' });
  // The job still runs on the daemon; a new connection can cancel it.
  const again = await GleanerClient.connect({ url: d.url, token: d.adminToken });
  await again.cancel(job.id);
  assert.equal((await (await again.follow(job.id)).done).state, 'cancelled');
  await again.close();
});
