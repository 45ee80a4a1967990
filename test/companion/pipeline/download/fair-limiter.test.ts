import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FairLimiter } from '../../../../companion/pipeline/download/fair-limiter.js';

test('the global and per-host limits hold', async () => {
  const limiter = new FairLimiter(3, 2);
  const a1 = await limiter.acquire('a', 'job');
  const a2 = await limiter.acquire('a', 'job');
  let a3Granted = false;
  const a3 = limiter.acquire('a', 'job').then((r) => ((a3Granted = true), r));
  const b1 = await limiter.acquire('b', 'job');
  await new Promise((r) => setImmediate(r));
  assert.equal(a3Granted, false, 'a third request to host a waits');
  assert.equal(limiter.activeCount, 3);
  a1();
  const release = await a3;
  assert.equal(a3Granted, true);
  for (const r of [a2, b1, release]) r();
  assert.equal(limiter.activeCount, 0);
});

test('waiting jobs are served round-robin, so a small job is not stuck behind a big one', async () => {
  const limiter = new FairLimiter(1, 1);
  const first = await limiter.acquire('h', 'big');
  const order: string[] = [];
  const waits = [
    ...Array.from({ length: 5 }, () => limiter.acquire('h', 'big').then((r) => (order.push('big'), r()))),
    limiter.acquire('h', 'small').then((r) => (order.push('small'), r())),
  ];
  first();
  await Promise.all(waits);
  assert.ok(order.indexOf('small') <= 1, `small served early: ${order.join(',')}`);
});

test('an aborted wait leaves the queue and rejects', async () => {
  const limiter = new FairLimiter(1, 1);
  const held = await limiter.acquire('h', 'k');
  const controller = new AbortController();
  const waiting = limiter.acquire('h', 'k', controller.signal);
  controller.abort(new Error('stop'));
  await assert.rejects(waiting, /stop/);
  held();
  const next = await limiter.acquire('h', 'k');
  assert.equal(limiter.activeCount, 1);
  next();
});
