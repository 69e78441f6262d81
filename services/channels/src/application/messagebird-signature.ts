import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const ALGORITHMS: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };
// MessageBird's own verifiers allow 5 s of clock skew on nbf/exp.
const CLOCK_TOLERANCE_S = 5;

/**
 * MessageBird's `MessageBird-Signature-JWT` (its "verify HTTP requests" documentation): a JWT
 * signed with the account's signing key (HS256), `iss` = MessageBird, `nbf`/`exp` a short window,
 * a `jti`, `url_hash` = hex SHA-256 of the full URL called (scheme, host, path and query), and
 * `payload_hash` = hex SHA-256 of the body when there is one. Null when it verifies, else why not.
 */
export function messageBirdSignatureProblem(
  signingKey: string,
  url: string,
  body: Buffer,
  jwt: string | undefined,
  nowSeconds: number,
): string | null {
  if (!jwt) return 'the MessageBird-Signature-JWT header is missing';
  const [h, p, s, extra] = jwt.split('.');
  if (!h || !p || !s || extra !== undefined) return 'MessageBird-Signature-JWT is not a JWT';
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>;
    claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return 'MessageBird-Signature-JWT is not a JWT';
  }
  const digest = typeof header.alg === 'string' ? ALGORITHMS[header.alg] : undefined;
  if (!digest) return 'MessageBird-Signature-JWT must be signed with HS256';
  const expected = createHmac(digest, Buffer.from(signingKey, 'utf8')).update(`${h}.${p}`).digest();
  const given = Buffer.from(s, 'base64url');
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return 'MessageBird-Signature-JWT signature does not verify with the signing key';
  if (claims.iss !== 'MessageBird') return 'MessageBird-Signature-JWT iss is not MessageBird';
  if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds + CLOCK_TOLERANCE_S)
    return 'MessageBird-Signature-JWT is not valid yet (nbf)';
  if (typeof claims.exp !== 'number' || claims.exp < nowSeconds - CLOCK_TOLERANCE_S)
    return 'MessageBird-Signature-JWT has expired (exp)';
  if (typeof claims.jti !== 'string' || claims.jti === '') return 'MessageBird-Signature-JWT lacks jti';
  if (claims.url_hash !== sha256Hex(Buffer.from(url, 'utf8')))
    return 'MessageBird-Signature-JWT url_hash does not match the URL called';
  if (typeof claims.payload_hash === 'string') {
    if (claims.payload_hash !== sha256Hex(body))
      return 'MessageBird-Signature-JWT payload_hash does not match the body';
  } else if (body.length > 0) return 'MessageBird-Signature-JWT lacks payload_hash for a request with a body';
  return null;
}

function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
