import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HostPoliteness, type PolitenessSettings } from '../../../../companion/pipeline/download/host-politeness.js';

const base: PolitenessSettings = {
  autothrottle: true, startDelayMs: 5000, maxDelayMs: 60000, minDelayMs: 0, targetConcurrency: 1,
  circuitFailures: 3, circuitPauseMs: 30000,
};

function clock(start = 1_000_000): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

test('AutoThrottle: the delay moves towards latency / target concurrency, within the bounds', () => {
  const c = clock();
  const p = new HostPoliteness(base, c.now);
  p.started('h');
  assert.equal(p.readyAt('h'), c.now() + 5000, 'the first delay is the start delay');
  p.responded('h', 200, 200); // target 200 ms: (5000 + 200) / 2
  p.started('h');
  assert.equal(p.readyAt('h') - c.now(), 2600);
  p.responded('h', 100_000, 200);
  p.started('h');
  assert.equal(p.readyAt('h') - c.now(), 60000, 'capped at the maximum delay');
  p.responded('h', 1, 500);
  p.started('h');
  assert.equal(p.readyAt('h') - c.now(), 60000, 'a fast error page does not shrink the delay');
});

test('without AutoThrottle, DOWNLOAD_DELAY spaces request starts', () => {
  const c = clock();
  const p = new HostPoliteness({ ...base, autothrottle: false, minDelayMs: 250 }, c.now);
  p.started('h');
  p.responded('h', 5000, 200);
  assert.equal(p.readyAt('h') - c.now(), 250);
  assert.equal(p.readyAt('other'), 0);
});

test('Retry-After pauses the whole host', () => {
  const c = clock();
  const p = new HostPoliteness({ ...base, autothrottle: false }, c.now);
  p.pause('h', 7);
  assert.equal(p.readyAt('h') - c.now(), 7000);
});

test('the circuit opens after N failures in a row, fails fast for the pause, and a failed probe reopens it', () => {
  const c = clock();
  const p = new HostPoliteness(base, c.now);
  p.failed('h');
  p.failed('h');
  p.succeeded('h');
  p.failed('h');
  p.failed('h');
  assert.equal(p.circuitOpenFor('h'), 0, 'a success in between resets the count');
  p.failed('h');
  assert.equal(p.circuitOpenFor('h'), 30000);
  c.advance(30001);
  assert.equal(p.circuitOpenFor('h'), 0, 'after the pause a probe may go');
  p.failed('h');
  assert.equal(p.circuitOpenFor('h'), 30000, 'the probe failed: open again at once');
});
