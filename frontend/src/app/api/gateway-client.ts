import { Injectable, inject } from '@angular/core';
import { ApiError } from './api-error';
import type {
  Journey,
  JourneyGraph,
  JourneyPage,
  JourneyVersion,
  PublishPreview,
  PublishResult,
  PublishStrategy,
  ValidationResult,
} from './api-models';
import { SessionService, type Session } from './session.service';

/** The gateway's REST API, typed for the console. One method per route the console uses. */
@Injectable({ providedIn: 'root' })
export class GatewayClient {
  private readonly sessions = inject(SessionService);

  /** Checks a key before it is stored: a 401 here means the key is wrong. */
  async checkKey(session: Session): Promise<void> {
    await this.request<JourneyPage>('GET', '/v1/journeys?limit=1', undefined, session);
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

  activate(id: string): Promise<Journey> {
    return this.request('POST', `/v1/journeys/${encodeURIComponent(id)}/activate`);
  }

  /** The OpenAPI document: the node catalogue's JSON Schemas are in its components. */
  openApi(): Promise<Record<string, unknown>> {
    return this.request('GET', '/openapi.json');
  }

  private async request<T>(method: string, route: string, body?: unknown, session?: Session): Promise<T> {
    const current = session ?? this.sessions.session();
    if (!current) throw new ApiError(401, 'missing_api_key', 'sign in with an API key first');
    const headers: Record<string, string> = { authorization: `Bearer ${current.apiKey}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${current.gatewayUrl.replace(/\/+$/, '')}${route}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(
        0,
        'gateway_unreachable',
        `cannot reach the gateway at ${current.gatewayUrl || 'this console'}`,
      );
    }
    const json: unknown = await res.json().catch(() => null);
    if (!res.ok) throw ApiError.fromBody(res.status, json);
    return json as T;
  }
}
