import { timingSafeEqual } from 'node:crypto';
import { conflict, notFound } from '@kalcifer/platform';
import type { JourneyStore } from '../ports/journey-store';
import type { JourneyCatalog } from './journey-catalog';

export interface WebhookEntryTarget {
  workspaceId: string;
  journeyId: string;
  entryNodeId: string;
}

/**
 * `POST /v1/hooks/{journeyId}/{token}`: the token is the credential. A wrong token and an
 * unknown journey answer alike (not found), so the URL cannot be probed for journey ids.
 */
export class ResolveWebhookEntry {
  constructor(
    private readonly journeys: JourneyStore,
    private readonly catalog: JourneyCatalog,
  ) {}

  async execute(journeyId: string, token: string): Promise<WebhookEntryTarget> {
    const journey = await this.journeys.getForWebhook(journeyId);
    const unknown = notFound(
      'webhook_not_found',
      'no journey has this webhook URL; copy it again from the journey (GET /v1/journeys/{id})',
    );
    if (!journey?.webhookToken || !sameSecret(journey.webhookToken, token)) throw unknown;
    if (journey.status !== 'active')
      throw conflict(
        'journey_not_active',
        `journey "${journeyId}" is ${journey.status}; its webhook starts customers only while it is active`,
        { status: journey.status },
      );
    const version = await this.catalog.version(journey.workspaceId, journey.id, journey.activeVersion);
    const node = version?.graph.nodes.find((n) => n.type === 'webhook_entry');
    if (!node)
      throw conflict(
        'no_webhook_entry',
        `the active version of journey "${journeyId}" has no webhook_entry node; add one and publish`,
      );
    return { workspaceId: journey.workspaceId, journeyId: journey.id, entryNodeId: node.id };
  }
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
