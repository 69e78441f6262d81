import { createHash, createHmac } from 'node:crypto';
import { messageBirdSignatureProblem } from './messagebird-signature';

// Vectors from MessageBird's published webhook-signature-jwt reference data (test data, signing key
// "36efdd1a...", requests made at 2021-07-05T12:00:00+02:00).
const KEY = '36efdd1aace2e26cd490f0d951138253bef2f7c6d34d18981da781555cc4cebb';
const AT = Date.parse('2021-07-05T12:00:00+02:00') / 1000;
const WITH_PAYLOAD =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJNZXNzYWdlQmlyZCIsIm5iZiI6MTYyNTQ3OTIwMCwiZXhwIjoxNjI1NDc5MjYwLCJqdGkiOiI5M2U1NTAwNi1hMGU4LTQ1MjYtYTE5MC1mYTVmZjAwZWExMTYiLCJ1cmxfaGFzaCI6IjQxZjA1ZjBkZGQwYTIyYWIyMDlhYzQ2ZjQ3YzQ1NzJkOWNlZmEyNTdlZDc0YjI0MDA0YmFlNzUzZWNlNmMyNjAiLCJwYXlsb2FkX2hhc2giOiJkZmZkNjAyMWJiMmJkNWIwYWY2NzYyOTA4MDllYzNhNTMxOTFkZDgxYzdmNzBhNGIyODY4OGEzNjIxODI5ODZmIn0._H--TOuYFLpeEH39-rg5E3IHVkjHozBcaKVWPRC5m9I';
const NO_PAYLOAD =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJNZXNzYWdlQmlyZCIsIm5iZiI6MTYyNTQ3OTIwMCwiZXhwIjoxNjI1NDc5MjYwLCJqdGkiOiJjOTQ2YWY3Ny1lMTgyLTRlYWEtYjJmZi0xYTU0NWI1ZTk5MWEiLCJ1cmxfaGFzaCI6IjQxZjA1ZjBkZGQwYTIyYWIyMDlhYzQ2ZjQ3YzQ1NzJkOWNlZmEyNTdlZDc0YjI0MDA0YmFlNzUzZWNlNmMyNjAifQ.huo2ou6JDoDc7sV25d75UMWeYhBeavQlLsqIibSZuac';
const URL_WITH_QUERY = 'https://example.com/path?bar=1&foo=2';
const body = Buffer.from('Hello, World!');
const empty = Buffer.alloc(0);

describe('MessageBird-Signature-JWT', () => {
  it('verifies MessageBird reference requests, with and without a body', () => {
    expect(messageBirdSignatureProblem(KEY, URL_WITH_QUERY, body, WITH_PAYLOAD, AT)).toBeNull();
    expect(messageBirdSignatureProblem(KEY, URL_WITH_QUERY, empty, NO_PAYLOAD, AT)).toBeNull();
  });

  it('refuses another signing key, URL, query order, body, time, or no header', () => {
    expect(
      messageBirdSignatureProblem('another-signing-key', URL_WITH_QUERY, body, WITH_PAYLOAD, AT),
    ).toMatch(/does not verify/);
    expect(
      messageBirdSignatureProblem(KEY, 'https://example.com/path?foo=2&bar=1', body, WITH_PAYLOAD, AT),
    ).toMatch(/url_hash/);
    expect(
      messageBirdSignatureProblem(KEY, URL_WITH_QUERY, Buffer.from('Hello, World?'), WITH_PAYLOAD, AT),
    ).toMatch(/payload_hash/);
    expect(messageBirdSignatureProblem(KEY, URL_WITH_QUERY, body, NO_PAYLOAD, AT)).toMatch(
      /lacks payload_hash/,
    );
    expect(messageBirdSignatureProblem(KEY, URL_WITH_QUERY, body, WITH_PAYLOAD, AT + 3600)).toMatch(
      /expired/,
    );
    expect(messageBirdSignatureProblem(KEY, URL_WITH_QUERY, body, WITH_PAYLOAD, AT - 3600)).toMatch(
      /not valid yet/,
    );
    expect(messageBirdSignatureProblem(KEY, URL_WITH_QUERY, body, undefined, AT)).toMatch(/missing/);
    expect(messageBirdSignatureProblem(KEY, URL_WITH_QUERY, body, 'a.b', AT)).toMatch(/not a JWT/);
  });

  it('refuses alg none and a token not issued by MessageBird', () => {
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const claims = {
      iss: 'MessageBird',
      nbf: AT,
      exp: AT + 60,
      jti: 'x',
      url_hash: createHash('sha256').update(URL_WITH_QUERY).digest('hex'),
    };
    expect(
      messageBirdSignatureProblem(KEY, URL_WITH_QUERY, empty, `${enc({ alg: 'none' })}.${enc(claims)}.x`, AT),
    ).toMatch(/HS256/);
    const h = enc({ alg: 'HS256', typ: 'JWT' });
    const p = enc({ ...claims, iss: 'Someone' });
    const s = createHmac('sha256', KEY).update(`${h}.${p}`).digest('base64url');
    expect(messageBirdSignatureProblem(KEY, URL_WITH_QUERY, empty, `${h}.${p}.${s}`, AT)).toMatch(/iss/);
  });
});
