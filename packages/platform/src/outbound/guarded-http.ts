import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { checkOutboundTarget, type TargetPolicy } from './target-policy';

export interface GuardedRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface GuardedResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** Most of an answer we keep (a receiver's error page); the rest is read and dropped. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * One HTTP request to a user-configured URL under a TargetPolicy. The host is resolved and
 * checked (every address), and the connection is made to a checked address, so a DNS answer that
 * changes between the check and the connection (rebinding) cannot reach a private address.
 * Redirects are not followed. Errors keep node's codes (ECONNREFUSED...) on `code` and on
 * `cause.code`; a timeout is an error named TimeoutError; a refused target an OutboundTargetError.
 */
export async function guardedHttpRequest(
  url: string,
  request: GuardedRequest,
  policy: TargetPolicy,
): Promise<GuardedResponse> {
  const addresses = await checkOutboundTarget(url, policy);
  const target = new URL(url);
  const pinned: LookupFunction = (_host, options, callback) => {
    const address = addresses[0];
    const family = isIP(address);
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<GuardedResponse>((resolve, reject) => {
    const req = client.request(
      target,
      { method: request.method, headers: request.headers, lookup: pinned },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_ANSWER_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('error', reject);
        res.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers))
            if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
          resolve({
            status: res.statusCode ?? 0,
            headers,
            text: Buffer.concat(chunks).toString('utf8').slice(0, MAX_ANSWER_BYTES),
          });
        });
      },
    );
    const deadline = setTimeout(() => {
      const err = new Error(`no answer within ${request.timeoutMs} ms`);
      err.name = 'TimeoutError';
      req.destroy(err);
    }, request.timeoutMs);
    req.on('close', () => clearTimeout(deadline));
    req.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(deadline);
      if (err.code !== undefined && err.cause === undefined)
        Object.assign(err, { cause: { code: err.code } });
      reject(err);
    });
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}
