/**
 * An open-loop load generator over node:http: requests leave at a fixed arrival rate whatever the
 * answers' latency (as k6's constant-arrival-rate does), over keep-alive connections, with a bound
 * on requests in flight so that the runner's own memory stays bounded. A request due while the
 * bound is reached is not sent and is counted (`notSent`): the rate actually offered is always
 * reported beside the one asked for, never assumed.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface OpenLoopRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface OpenLoopSpec {
  baseUrl: string;
  /** Requests started per second. */
  rate: number;
  durationSeconds: number;
  /** Requests in flight at most (also the keep-alive sockets opened at most). */
  maxInFlight: number;
  /** A request without a complete answer after this long is abandoned (counted as no answer). */
  timeoutMs: number;
  /** The `n`-th request (n from 0). */
  request: (n: number) => OpenLoopRequest;
  /** Its answer (the body is read and dropped) and how long it took. */
  onResponse: (n: number, status: number, headers: IncomingHttpHeaders, ms: number) => void;
}

export interface OpenLoopResult {
  /** Requests sent; `sent / seconds` is the rate offered. */
  sent: number;
  answered: number;
  /** Sent, but no complete answer (error, timeout). */
  noAnswer: number;
  /** Of `noAnswer`: past `timeoutMs` (connecting included), and cut off by a connection error. */
  noAnswerBy: { timeout: number; error: number };
  /** Due while `maxInFlight` requests were in flight: not sent. */
  notSent: number;
  /** The sending window. */
  seconds: number;
  latencyMs: { p50: number; p99: number; max: number };
}

const TICK_MS = 5;

export async function openLoop(spec: OpenLoopSpec): Promise<OpenLoopResult> {
  const target = new URL(spec.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.maxInFlight });
  const latencies: number[] = [];
  let inFlight = 0;
  let due = 0;
  let sent = 0;
  let answered = 0;
  let noAnswer = 0;
  const noAnswerBy = { timeout: 0, error: 0 };
  let notSent = 0;
  let settle: (() => void) | undefined;

  const done = () => {
    inFlight--;
    if (inFlight === 0) settle?.();
  };
  const send = (n: number) => {
    const r = spec.request(n);
    const started = performance.now();
    inFlight++;
    sent++;
    let finished = false;
    let timedOut = false;
    let response: http.IncomingMessage | undefined;
    // Exactly once per request, whichever of answer, error, timeout or a cut connection comes first.
    const finish = (answer?: http.IncomingMessage) => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      if (answer) {
        const ms = performance.now() - started;
        latencies.push(ms);
        answered++;
        spec.onResponse(n, answer.statusCode ?? 0, answer.headers, ms);
      } else {
        noAnswer++;
        noAnswerBy[timedOut ? 'timeout' : 'error']++;
      }
      done();
    };
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: r.method,
        path: r.path,
        agent,
        headers: { ...r.headers, 'content-length': Buffer.byteLength(r.body) },
      },
      (res) => {
        response = res;
        res.once('end', () => finish(res));
        res.once('error', () => finish());
        res.resume();
      },
    );
    // A deadline on the whole request, connecting included (a socket's own timeout starts only
    // once it is connected, and a server slow to accept leaves connections waiting in its backlog).
    const deadline = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error('timeout'));
    }, spec.timeoutMs);
    req.once('error', () => finish());
    req.once('close', () => {
      if (!response?.complete) finish();
    });
    req.end(r.body);
  };

  const start = performance.now();
  const windowMs = spec.durationSeconds * 1000;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = Math.min(performance.now() - start, windowMs);
      const shouldHave = Math.floor((elapsed / 1000) * spec.rate);
      while (due < shouldHave) {
        const n = due++;
        if (inFlight >= spec.maxInFlight) notSent++;
        else send(n);
      }
      if (elapsed >= windowMs) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  const seconds = (performance.now() - start) / 1000;
  if (inFlight > 0) await new Promise<void>((resolve) => (settle = resolve));
  agent.destroy();

  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
  return {
    sent,
    answered,
    noAnswer,
    noAnswerBy,
    notSent,
    seconds,
    latencyMs: { p50: at(0.5), p99: at(0.99), max: Math.round(latencies.at(-1) ?? 0) },
  };
}
