import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cookieDecision, hostMatches, isSensitiveHost, originsFor, parseSite } from '../../extension/cookie-policy.js';

test('forwarding is off unless the media host is on an enabled site (subdomains included)', () => {
  assert.deepEqual(cookieDecision('https://img.gallery.example/a.jpg', []), { forward: false, reason: 'not-enabled' });
  assert.deepEqual(cookieDecision('https://img.gallery.example/a.jpg', ['gallery.example']), { forward: true, site: 'gallery.example' });
  assert.deepEqual(cookieDecision('https://gallery.example/a.jpg', ['gallery.example']), { forward: true, site: 'gallery.example' });
  assert.equal(cookieDecision('https://evilgallery.example/a.jpg', ['gallery.example']).forward, false, 'not a suffix match on a label boundary');
  assert.equal(cookieDecision('https://gallery.example.attacker.test/a.jpg', ['gallery.example']).forward, false);
  assert.deepEqual(cookieDecision('data:image/png;base64,AAAA', ['gallery.example']), { forward: false, reason: 'not-http' });
});

test('sensitive sites are never forwarded, even when listed', () => {
  for (const url of [
    'https://mail.google.com/x.png',
    'https://www.paypal.com/a.png',
    'https://secure.chase.com/b.png',
    'https://www.irs.gov/c.pdf',
    'https://www.gov.uk/d.pdf',
    'https://impots.gouv.fr/e.pdf',
    'https://online.mybank.example/f.png',
    'https://webmail.company.example/g.png',
    'https://login.company.example/h.png',
  ]) {
    const host = new URL(url).hostname;
    assert.deepEqual(cookieDecision(url, [host]), { forward: false, reason: 'sensitive' }, url);
  }
  assert.equal(isSensitiveHost('images.example.com'), false);
  assert.equal(isSensitiveHost('govtrack.example'), false, 'gov as a word inside a label is not a government suffix');
});

test('site input and permission patterns', () => {
  assert.equal(parseSite(' https://WWW.Example.com/path?q '), 'www.example.com');
  assert.equal(parseSite('*.example.org'), 'example.org');
  assert.equal(parseSite('example.net:8080/x'), 'example.net');
  assert.equal(parseSite('not a site'), undefined);
  assert.equal(parseSite(''), undefined);
  assert.ok(hostMatches('A.B.example.com.', 'example.com'));
  assert.deepEqual(originsFor('example.com'), ['*://*.example.com/*']);
});
