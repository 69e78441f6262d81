import { Injectable, inject } from '@angular/core';
import { ApiError } from './api-error';
import type {
  AbResults,
  AnalyticsSummary,
  DesignerTurn,
  FunnelStep,
  NodeStats,
  Instance,
  InstancePage,
  Journey,
  JourneyGraph,
  JourneyOccupancy,
  JourneyPage,
  JourneyVersion,
  JourneyVersionDetail,
  Me,
  Migration,
  MigrationOptions,
  MigrationPublishResult,
  PublishPreview,
  PublishResult,
  PublishStrategy,
  TraceEntry,
  ValidationResult,
  VersionDiff,
} from './api-models';
import { readSse, type SseEvent } from './sse';
import { SessionService, expiredReason, expiresAt, sessionKey, type Session } from './session.service';

/** What a request is sent with: a gateway and a bearer token (API key or JWT). */
export type Credential = Pick<Session, 'gatewayUrl' | 'token'>;

/** The gateway's REST API, typed for the console. One method per route the console uses. */
@Injectable({ providedIn: 'root' })
export class GatewayClient {
  private readonly sessions = inject(SessionService);

  /** Who a credential is (`GET /v1/me`), before it is stored: a 401 here means it is wrong. */
  whoAmI(credential: Credential): Promise<Me> {
    return this.request<Me>('GET', '/v1/me', undefined, credential);
  }

  async listJourneys(): Promise<Journey[]> {
    const journeys: Journey[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page: JourneyPage = await this.request<JourneyPage>('GET', `/v1/journeys?limit=200${query}`);
      journeys.push(...page.journeys);
      cursor = page.nextCursor;
    } while (cursor);
    return journeys;
  }

  getJourney(id: string): Promise<Journey> {
    return this.request('GET', `/v1/journeys/${encodeURIComponent(id)}`);
  }

  createJourney(name: string, graph: JourneyGraph): Promise<Journey> {
    return this.request('POST', '/v1/journeys', { name, graph });
  }

  saveDraft(id: string, graph: JourneyGraph): Promise<Journey> {
    return this.request('PUT', `/v1/journeys/${encodeURIComponent(id)}/draft`, { graph });
  }

  validate(id: string, graph: JourneyGraph): Promise<ValidationResult> {
    return this.request('POST', `/v1/journeys/${encodeURIComponent(id)}/validate`, { graph });
  }

  publish(id: string, strategy: PublishStrategy, note: string): Promise<PublishResult> {
    const body = note ? { strategy, note } : { strategy };
    return this.request('POST', `/v1/journeys/${encodeURIComponent(id)}/versions`, body);
  }

  async listVersions(id: string): Promise<JourneyVersion[]> {
    const body = await this.request<{ versions: JourneyVersion[] }>(
      'GET',
      `/v1/journeys/${encodeURIComponent(id)}/versions`,
    );
    return body.versions;
  }

  /** What publishing the saved draft would change, and for a migrating strategy where customers would go. */
  previewPublish(id: string, strategy: PublishStrategy): Promise<PublishPreview> {
    return this.request('POST', `/v1/journeys/${encodeURIComponent(id)}/versions`, {
      strategy,
      dryRun: true,
    });
  }

  getVersion(id: string, version: number): Promise<JourneyVersionDetail> {
    return this.request('GET', `${journeyPath(id)}/versions/${version}`);
  }

  /** What changes from one version (or the draft) to another. */
  diff(id: string, from: number | 'draft', to: number | 'draft'): Promise<VersionDiff> {
    return this.request('GET', `${journeyPath(id)}/diff?from=${from}&to=${to}`);
  }

  /** Publishes the draft with a migration; `dryRun` only computes the diff and the plan. */
  publishWithMigration(
    id: string,
    options: MigrationOptions,
    dryRun: boolean,
  ): Promise<MigrationPublishResult> {
    return this.request('POST', `${journeyPath(id)}/versions`, { ...options, dryRun });
  }

  /** Publishes an earlier version's graph again as a new version (the draft is left alone). */
  rollback(
    id: string,
    version: number,
    options: MigrationOptions,
    dryRun: boolean,
  ): Promise<MigrationPublishResult> {
    return this.request('POST', `${journeyPath(id)}/rollback`, { ...options, version, dryRun });
  }

  async listMigrations(id: string): Promise<Migration[]> {
    const body = await this.request<{ migrations: Migration[] }>('GET', `${journeyPath(id)}/migrations`);
    return body.migrations;
  }

  getMigration(id: string, migrationId: string): Promise<Migration> {
    return this.request('GET', `${journeyPath(id)}/migrations/${encodeURIComponent(migrationId)}`);
  }

  /** Raises a gradual migration to `percent` (only upwards): the newly included instances move. */
  raiseRollout(id: string, migrationId: string, percent: number): Promise<Migration> {
    return this.request('POST', `${journeyPath(id)}/migrations/${encodeURIComponent(migrationId)}/rollout`, {
      percent,
    });
  }

  haltMigration(id: string, migrationId: string): Promise<Migration> {
    return this.request('POST', `${journeyPath(id)}/migrations/${encodeURIComponent(migrationId)}/halt`, {});
  }

  /** Every instance matching the query (`journeyId=...&status=...`), all pages. */
  /** Customers at each node of each version now, counted by the orchestrator. */
  occupancy(id: string): Promise<JourneyOccupancy> {
    return this.request('GET', `${journeyPath(id)}/occupancy`);
  }

  /** The journey's figures over [from, to) (ISO 8601; null: open). */
  analyticsSummary(id: string, range: AnalyticsRange): Promise<AnalyticsSummary> {
    return this.request('GET', `${journeyPath(id)}/analytics${rangeQuery(range, '?')}`);
  }

  async analyticsNodes(id: string, range: AnalyticsRange): Promise<NodeStats[]> {
    const body = await this.request<{ nodes: NodeStats[] }>(
      'GET',
      `${journeyPath(id)}/analytics/nodes${rangeQuery(range, '?')}`,
    );
    return body.nodes;
  }

  /** Per A/B split node: each variant's customers and conversions, and the variants compared. */
  abResults(id: string, range: AnalyticsRange): Promise<AbResults> {
    return this.request('GET', `${journeyPath(id)}/analytics/ab-results${rangeQuery(range, '?')}`);
  }

  /** How many instances entered every node of `path` up to each step, in that order. */
  async funnel(id: string, path: string[], range: AnalyticsRange): Promise<FunnelStep[]> {
    const body = await this.request<{ steps: FunnelStep[] }>(
      'GET',
      `${journeyPath(id)}/analytics/funnel?path=${path.map(encodeURIComponent).join(',')}${rangeQuery(range, '&')}`,
    );
    return body.steps;
  }

  async listInstances(query: string): Promise<Instance[]> {
    const instances: Instance[] = [];
    let cursor: string | null = null;
    do {
      const more: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page: InstancePage = await this.request<InstancePage>(
        'GET',
        `/v1/instances?${query}&limit=200${more}`,
      );
      instances.push(...page.instances);
      cursor = page.nextCursor;
    } while (cursor);
    return instances;
  }

  async customerTrace(customerId: string): Promise<TraceEntry[]> {
    const body = await this.request<{ entries: TraceEntry[] }>(
      'GET',
      `/v1/customers/${encodeURIComponent(customerId)}/trace`,
    );
    return body.entries;
  }

  /**
   * A designer turn over server-sent events: `onText` gets each piece of the answer as it is
   * written, the promise the turn. A new session without `sessionId`.
   */
  async designerTurn(
    sessionId: string | null,
    text: string,
    onText: (piece: string) => void,
  ): Promise<DesignerTurn> {
    const route = sessionId
      ? `/v1/designer/sessions/${encodeURIComponent(sessionId)}/messages/stream`
      : '/v1/designer/sessions/stream';
    const res = await this.send(
      'POST',
      route,
      JSON.stringify(sessionId ? { message: text } : { brief: text }),
      {
        'content-type': 'application/json',
      },
    );
    if (!res.ok) throw ApiError.fromBody(res.status, await res.json().catch(() => null));
    const outcome: { turn?: DesignerTurn; failure?: ApiError } = {};
    await readSse(res, (event: SseEvent) => {
      const data = JSON.parse(event.data) as { text?: string; error?: unknown };
      if (event.event === 'text') onText(data.text ?? '');
      else if (event.event === 'turn') outcome.turn = data as unknown as DesignerTurn;
      else if (event.event === 'error')
        outcome.failure = ApiError.fromBody(500, { error: data.error ?? data });
    });
    if (outcome.failure) throw outcome.failure;
    if (!outcome.turn)
      throw new ApiError(502, 'stream_ended', 'the designer stream ended without a proposal');
    return outcome.turn;
  }

  /** A strategy document (xlsx, csv, docx, pdf) read by the designer as turn 1 of a new session. */
  async importDocument(file: File): Promise<DesignerTurn> {
    const res = await this.send(
      'POST',
      `/v1/designer/documents?filename=${encodeURIComponent(file.name)}`,
      await file.arrayBuffer(),
      { 'content-type': file.type || 'application/octet-stream' },
    );
    const json: unknown = await res.json().catch(() => null);
    if (!res.ok) throw ApiError.fromBody(res.status, json);
    return json as DesignerTurn;
  }

  /**
   * The workspace's live journal of one journey (`GET /v1/stream?journeyId=`), until `signal`
   * aborts; resolves when the stream ends.
   */
  streamJournal(journeyId: string, onStep: (data: string) => void, signal: AbortSignal): Promise<void> {
    return this.streamSteps(`journeyId=${encodeURIComponent(journeyId)}`, onStep, signal);
  }

  /** The workspace's live journal (`GET /v1/stream?<query>`, e.g. `types=...`), until `signal` aborts. */
  async streamSteps(query: string, onStep: (data: string) => void, signal: AbortSignal): Promise<void> {
    const res = await this.send('GET', `/v1/stream${query ? `?${query}` : ''}`, undefined, {}, signal);
    if (!res.ok) throw ApiError.fromBody(res.status, await res.json().catch(() => null));
    await readSse(res, (event) => event.event === 'journal' && onStep(event.data), signal);
  }

  /** Lets customers into the journey (`POST /v1/journeys/{id}/enrollments`, up to 1,000 at once). */
  enroll(
    id: string,
    customerIds: string[],
  ): Promise<{ accepted: { enrollmentId: string; customerId: string }[] }> {
    return this.request('POST', `${journeyPath(id)}/enrollments`, {
      enrollments: customerIds.map((customerId) => ({ customerId })),
    });
  }

  activate(id: string): Promise<Journey> {
    return this.request('POST', `/v1/journeys/${encodeURIComponent(id)}/activate`);
  }

  /** The OpenAPI document: the node catalogue's JSON Schemas are in its components. */
  openApi(): Promise<Record<string, unknown>> {
    return this.request('GET', '/openapi.json');
  }

  private async request<T>(
    method: string,
    route: string,
    body?: unknown,
    credential?: Credential,
  ): Promise<T> {
    const res = await this.send(
      method,
      route,
      body === undefined ? undefined : JSON.stringify(body),
      body === undefined ? {} : { 'content-type': 'application/json' },
      undefined,
      credential,
    );
    const json: unknown = await res.json().catch(() => null);
    if (!res.ok) throw ApiError.fromBody(res.status, json);
    return json as T;
  }

  private async send(
    method: string,
    route: string,
    body: BodyInit | undefined,
    headers: Record<string, string>,
    signal?: AbortSignal,
    credential?: Credential,
  ): Promise<Response> {
    const saved = credential ? null : this.sessions.session();
    const current = credential ?? saved;
    if (!current) throw new ApiError(401, 'missing_api_key', 'sign in with an API key or a JWT first');
    // An expired JWT is never sent: its workspace is signed out of instead, saying why.
    const expiry = expiresAt(current);
    if (!this.sessions.usable(current)) {
      const reason = expiredReason(expiry ?? Date.now());
      if (saved) this.sessions.expire(sessionKey(saved), reason);
      throw new ApiError(401, 'token_expired', reason);
    }
    let res: Response;
    try {
      res = await fetch(`${current.gatewayUrl.replace(/\/+$/, '')}${route}`, {
        method,
        headers: { ...headers, authorization: `Bearer ${current.token}` },
        body,
        signal,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new ApiError(
        0,
        'gateway_unreachable',
        `cannot reach the gateway at ${current.gatewayUrl || 'this console'}`,
      );
    }
    // The gateway refused a saved credential (expired, revoked): sign out of it with its reason.
    if (res.status === 401 && saved) {
      const refusal = ApiError.fromBody(
        401,
        await res
          .clone()
          .json()
          .catch(() => null),
      );
      this.sessions.expire(sessionKey(saved), `the gateway refused its credential: ${refusal.message}`);
    }
    return res;
  }
}

const journeyPath = (id: string) => `/v1/journeys/${encodeURIComponent(id)}`;

/** A time range of the analytics routes: ISO 8601 instants, null for an open end. */
export interface AnalyticsRange {
  from: string | null;
  to: string | null;
}

function rangeQuery(range: AnalyticsRange, lead: '?' | '&'): string {
  const parts = [
    range.from ? `from=${encodeURIComponent(range.from)}` : '',
    range.to ? `to=${encodeURIComponent(range.to)}` : '',
  ].filter(Boolean);
  return parts.length ? lead + parts.join('&') : '';
}
