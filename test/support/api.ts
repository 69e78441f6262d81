/** A small client of the public REST API for end-to-end tests (what a user's script would do). */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { infra } from './infra';
import { repoRoot } from './repo-root';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/** The API's one error shape (see the OpenAPI document): `{error: {code, message, details?, errorId?}}`. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown; errorId?: string };
}

export class Api {
  constructor(
    readonly baseUrl: string,
    readonly apiKey: string,
  ) {}

  async call<T = unknown>(
    method: string,
    route: string,
    body?: unknown,
    raw?: string,
  ): Promise<ApiResponse<T>> {
    const res = await fetch(`${this.baseUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json' },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as T) : (undefined as T) };
  }

  /** Like call(), but throws unless the status is 2xx. */
  async ok<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await this.call<T>(method, route, body);
    if (res.status >= 300) throw new Error(`${method} ${route} -> ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Retries while the API answers 503 (a dependency restarting), as a well-behaved client does. */
  async callRetrying<T = unknown>(
    method: string,
    route: string,
    body?: unknown,
    forMs = 30_000,
  ): Promise<ApiResponse<T>> {
    const deadline = Date.now() + forMs;
    for (;;) {
      const res = await this.call<T>(method, route, body).catch(() => undefined);
      if (res && (res.status !== 503 || Date.now() > deadline)) return res;
      if (!res && Date.now() > deadline) throw new Error(`${method} ${route}: no answer within ${forMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Every instance matching the query, following `nextCursor` page by page. */
  async allInstances(query: string): Promise<{ id: string; status: string; customerId: string }[]> {
    const out: { id: string; status: string; customerId: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: {
        instances: { id: string; status: string; customerId: string }[];
        nextCursor: string | null;
      } = await this.ok(
        'GET',
        `/v1/instances?${query}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      out.push(...page.instances);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  /** Creates a journey, publishes it and activates it; returns its id. */
  async launchJourney(name: string, graph: unknown): Promise<string> {
    const journey = await this.ok<{ id: string }>('POST', '/v1/journeys', { name, graph });
    await this.ok('POST', `/v1/journeys/${journey.id}/versions`, {
      strategy: 'new_entries_only',
      note: 'e2e',
    });
    await this.ok('POST', `/v1/journeys/${journey.id}/activate`);
    return journey.id;
  }
}

/** Creates a workspace with the given admin key through the gateway's CLI (as npm start does). */
export function createWorkspace(gatewayDb: string, apiKey: string): { workspaceId: string; apiKey: string } {
  const cli = path.join(repoRoot(), 'services/api-gateway/dist/cli/create-workspace.js');
  const out = execFileSync(process.execPath, [cli, '--name', 'E2E', '--key', apiKey], {
    env: { ...process.env, MONGODB_URL: infra.mongoUrl, MONGODB_DB: gatewayDb, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!) as { workspaceId: string; apiKey: string };
}
