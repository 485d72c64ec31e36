// The signature base string against RFC 5849's own worked example (§3.4.1.1), and header parsing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseUri, formPairs, parseOAuthHeader, sign, signatureBaseString, signatureMatches } from '../../src/auth/oauth1.ts';

describe('OAuth 1.0a base string (RFC 5849 §3.4.1.1 example)', () => {
  it('matches the RFC byte for byte', () => {
    const header = parseOAuthHeader(
      'OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", oauth_signature="bYT5CMsGcbgUdFHObYMEfcx6bsw%3D"',
    );
    assert.ok(header);
    assert.equal(header.signature, 'bYT5CMsGcbgUdFHObYMEfcx6bsw=');
    const params = [...formPairs('b5=%3D%253D&a3=a&c%40=&a2=r%20b')!, ...formPairs('c2&a3=2+q')!, ...header.params];
    assert.equal(
      signatureBaseString('POST', baseUri('http', 'example.com', '/request'), params),
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
    );
  });

  it('drops default ports and lower-cases scheme and host', () => {
    assert.equal(baseUri('HTTP', 'Example.COM:80', '/r'), 'http://example.com/r');
    assert.equal(baseUri('https', 'example.com:443', '/r'), 'https://example.com/r');
    assert.equal(baseUri('http', 'example.com:8080', '/r'), 'http://example.com:8080/r');
  });

  it('refuses malformed headers: other schemes, repeated or missing parameters, unknown methods', () => {
    const ok = 'oauth_consumer_key="k", oauth_token="t", oauth_signature_method="HMAC-SHA256", oauth_timestamp="1", oauth_nonce="n", oauth_signature="s"';
    assert.ok(parseOAuthHeader(`OAuth ${ok}`));
    assert.equal(parseOAuthHeader(`Bearer ${ok}`), null);
    assert.equal(parseOAuthHeader(`OAuth ${ok}, oauth_token="u"`), null);
    assert.equal(parseOAuthHeader(`OAuth ${ok.replace('HMAC-SHA256', 'PLAINTEXT')}`), null);
    assert.equal(parseOAuthHeader(`OAuth ${ok.replace('oauth_nonce="n", ', '')}`), null);
    assert.equal(parseOAuthHeader(`OAuth ${ok}, oauth_version="2.0"`), null);
    assert.equal(parseOAuthHeader('OAuth garbage'), null);
  });
});

describe('OAuth 1.0a signature spelling', () => {
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

  it('accepts only the canonical base64 text of the signature', () => {
    for (const method of ['HMAC-SHA1', 'HMAC-SHA256'] as const) {
      for (let i = 0; i < 32; i++) {
        const expected = sign(method, `GET&http%3A%2F%2Fexample.com%2Fr&n%3D${i}`, 'cs', 'ts');
        assert.ok(signatureMatches(expected, expected));
        // Same bytes, another spelling: an unused low bit of the last data character flipped.
        const at = expected.indexOf('=') - 1;
        const alt = expected.slice(0, at) + B64[B64.indexOf(expected[at]) ^ 1] + expected.slice(at + 1);
        assert.deepEqual(Buffer.from(alt, 'base64'), Buffer.from(expected, 'base64'), 'the test must present the same bytes');
        assert.equal(signatureMatches(expected, alt), false);
        assert.equal(signatureMatches(expected, expected.replace(/=+$/, '')), false); // padding left out
      }
    }
  });
});
