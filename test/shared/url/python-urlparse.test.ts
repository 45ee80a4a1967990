import { test } from 'node:test';
import assert from 'node:assert/strict';
import { URLPARSE_CASES } from '../fixtures/oracle-cases.js';
import {
  isIPv4Address,
  isIPv6Address,
  netlocHostname,
  netlocPort,
  netlocUserinfo,
  quote,
  quoteFromBytes,
  quotePlusFromBytes,
  splitType,
  unquote,
  unquoteToBytes,
  urlparse,
  urlsplit,
  urlunparse,
  urlunsplit,
} from '../../../shared/url/python-urlparse.js';

const bytes = (s: string) => new TextEncoder().encode(s);

test('urlparse and the netloc properties match CPython 3.11.7 (generated cases)', () => {
  for (const { url, expected } of URLPARSE_CASES) {
    let actual: unknown;
    try {
      const r = urlparse(url);
      const { username, password } = netlocUserinfo(r.netloc);
      let port: unknown;
      try {
        port = netlocPort(r.netloc);
      } catch {
        port = { error: 'ValueError' };
      }
      actual = [r.scheme, r.netloc, r.path, r.params, r.query, r.fragment, username, password, netlocHostname(r.netloc), port];
    } catch {
      actual = { error: 'ValueError' };
    }
    assert.deepEqual(actual, expected, url);
  }
});

test('urlsplit keeps ;params in the path, urlparse splits them off the last segment only', () => {
  assert.equal(urlsplit('http://h/a;x/b;y').path, '/a;x/b;y');
  assert.deepEqual([urlparse('http://h/a;x/b;y').path, urlparse('http://h/a;x/b;y').params], ['/a;x/b', 'y']);
  assert.equal(urlparse('foo://h/a;p').params, ''); // not a uses_params scheme
});

test('urlunsplit follows 3.11: empty query and fragment vanish, uses_netloc schemes get //', () => {
  assert.equal(urlunsplit(urlsplit('http://h/p?#')), 'http://h/p');
  assert.equal(urlunsplit({ scheme: 'http', netloc: '', path: 'p', query: '', fragment: '' }), 'http:///p');
  assert.equal(urlunsplit({ scheme: 'mailto', netloc: '', path: 'a@b', query: '', fragment: '' }), 'mailto:a@b');
  assert.equal(urlunparse({ ...urlsplit('http://h/x'), params: 'p' }), 'http://h/x;p');
});

test('port parsing raises like Python', () => {
  assert.equal(netlocPort('h:0080'), 80);
  assert.equal(netlocPort('h:'), null);
  assert.throws(() => netlocPort('h:8a'), /Port could not be cast to integer value as '8a'/);
  assert.throws(() => netlocPort('h:65536'), /Port out of range 0-65535/);
  assert.throws(() => netlocPort('h:+1'), /could not be cast/);
});

test('bracketed hosts are validated as in 3.11.4+', () => {
  assert.throws(() => urlsplit('http://[::1/x'), /Invalid IPv6 URL/);
  assert.throws(() => urlsplit('http://[127.0.0.1]/'), /IPv4 address cannot be in brackets/);
  assert.throws(() => urlsplit('http://[vx]/'), /IPvFuture address is invalid/);
  assert.doesNotThrow(() => urlsplit('http://[v1.x]/'));
  assert.throws(() => urlsplit('http://ex\u2100ample.com/'), /invalid characters under NFKC/);
});

test('ipaddress-style validation', () => {
  for (const ok of ['0.0.0.0', '255.255.255.255', '1.2.3.4']) assert.ok(isIPv4Address(ok), ok);
  for (const bad of ['01.2.3.4', '256.1.1.1', '1.2.3', '1.2.3.4.5', '', '1..3.4', '١.2.3.4']) {
    assert.ok(!isIPv4Address(bad), bad);
  }
  for (const ok of ['::', '::1', '1::', '1:2:3:4:5:6:7:8', '::ffff:1.2.3.4', 'fe80::1%eth0', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8']) {
    assert.ok(isIPv6Address(ok), ok);
  }
  for (const bad of ['1:2', ':1:2:3', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', 'g::', '::1.2.3.04', 'fe80::1%', '1:2:3:4:5:6:7:8::', '1:2:3:4:5:6:7']) {
    assert.ok(!isIPv6Address(bad), bad);
  }
});

test('quote family matches urllib.parse', () => {
  assert.equal(quote('a b/é~'), 'a%20b/%C3%A9~');
  assert.equal(quoteFromBytes(bytes('a/b?c'), ''), 'a%2Fb%3Fc');
  assert.equal(quotePlusFromBytes(bytes('a b+c')), 'a+b%2Bc');
  assert.equal(quotePlusFromBytes(bytes('~-_.')), '~-_.');
  assert.deepEqual([...unquoteToBytes('%41%zz%4')], [...bytes('A%zz%4')]);
  assert.deepEqual([...unquoteToBytes('%c3%A9')], [0xc3, 0xa9]);
  assert.equal(unquote('%c3%a9 %ff'), 'é \uFFFD');
  assert.equal(unquote('no escapes'), 'no escapes');
});

test('splitType is urllib.parse._splittype', () => {
  assert.deepEqual(splitType('HTTPS://h/p'), ['https', '//h/p']);
  assert.deepEqual(splitType('data:,x'), ['data', ',x']);
  assert.deepEqual(splitType('/a:b'), [null, '/a:b']);
  assert.deepEqual(splitType('no-colon'), [null, 'no-colon']);
});

test('lone surrogates are refused as Python refuses to encode them', () => {
  assert.throws(() => quote('\uD800'), /surrogates not allowed/);
});
