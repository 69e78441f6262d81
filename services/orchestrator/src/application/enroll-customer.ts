import {
  mayEnter,
  newInstance,
  reentryPolicy,
  sha256Hex,
  step,
  TERMINAL_STATUSES,
  type JourneyNode,
  type PublishedVersion,
} from '@kalcifer/journey';
import { KeyedMutex, type Logger } from '@kalcifer/platform';
import type { CustomerStore } from '../ports/customer-store';
import type { InstanceStore } from '../ports/instance-store';
import type { JourneyRecord } from '../ports/journey-store';
import type { OpenInstanceIndex } from '../ports/open-instance-index';
import { effectsToMessages } from './effects-to-messages';
import { journalEntry } from './journal-entry';
import type { ApplySignal } from './apply-signal';
import type { JourneyCatalog } from './journey-catalog';
import type { StepFacts } from './step-facts';

export interface Entry {
  workspaceId: string;
  journeyId: string;
  customerId: string;
  /** Makes the entry idempotent: the same key never creates a second instance. */
  entryKey: string;
  context: Record<string, unknown>;
  attributes?: Record<string, unknown>;
  /** Restrict to this entry node (event entries); default: the journey's manual entry. */
  entryNodeId?: string;
  /** Signal ids the new instance has already seen (the triggering event). */
  alreadyProcessed?: string[];
}

export type EntryOutcome =
  'entered' | 'duplicate' | 'journey_not_active' | 'already_in_journey' | 'no_entry_node';

/** Starts one instance: pinned to the journey's active version, stepped, inserted with its outbox. */
export class EnrollCustomer {
  private readonly entering = new KeyedMutex();

  constructor(
    private readonly instances: InstanceStore,
    private readonly customers: CustomerStore,
    private readonly catalog: JourneyCatalog,
    private readonly applySignal: ApplySignal,
    private readonly openIndex: OpenInstanceIndex,
    private readonly facts: StepFacts,
    private readonly logger: Logger,
  ) {}

  static instanceId(workspaceId: string, journeyId: string, entryKey: string): string {
    return `in_${sha256Hex(`${workspaceId}|${journeyId}|${entryKey}`).slice(0, 24)}`;
  }

  async execute(entry: Entry): Promise<EntryOutcome> {
    const journey = await this.catalog.journey(entry.workspaceId, entry.journeyId);
    if (!journey || journey.status !== 'active' || journey.activeVersion === 0) {
      this.logger.info(
        { journeyId: entry.journeyId, customerId: entry.customerId },
        'entry refused: journey not active',
      );
      return 'journey_not_active';
    }
    const version = await this.catalog.version(entry.workspaceId, entry.journeyId, journey.activeVersion);
    if (!version) throw new Error(`active version ${journey.activeVersion} of ${journey.id} is missing`);
    const node = entryNode(version, entry.entryNodeId);
    if (!node) return 'no_entry_node';

    const instanceId = EnrollCustomer.instanceId(entry.workspaceId, entry.journeyId, entry.entryKey);
    // The re-entry check and the insert must not interleave with another entry of this customer
    // into this journey (two different events at once would both pass "once at a time").
    return this.entering.run(`${entry.workspaceId}|${entry.journeyId}|${entry.customerId}`, () =>
      this.enterOnce(entry, journey, version, node, instanceId),
    );
  }

  /**
   * Everything an entry reads leaves at once (one round trip under load, each read joining its
   * group commit): whether the instance exists (a redelivered entry), the customer's instances
   * in this journey (re-entry), the customer, and the open-instance index entry, which must exist
   * before the instance does and is taken back when the entry is refused.
   */
  private async enterOnce(
    entry: Entry,
    journey: JourneyRecord,
    version: PublishedVersion,
    node: JourneyNode,
    instanceId: string,
  ): Promise<EntryOutcome> {
    const { workspaceId, journeyId, customerId } = entry;
    const upserting = entry.attributes !== undefined && Object.keys(entry.attributes).length > 0;
    const [existing, statuses, stored] = await Promise.all([
      this.instances.get(workspaceId, instanceId),
      this.instances.statusesInJourney(workspaceId, journeyId, customerId),
      upserting ? undefined : this.customers.get(workspaceId, customerId),
      this.openIndex.add(workspaceId, customerId, instanceId),
    ]);
    if (existing) {
      // Redelivery after a crash: make sure its outbox went out, nothing else. (Its index entry
      // was made before it was inserted; adding it again changed nothing.)
      await this.applySignal.exclusive(instanceId, async () => {
        const current = await this.instances.get(workspaceId, instanceId);
        if (current)
          await this.applySignal.publishOutbox(workspaceId, instanceId, current.revision, current.outbox);
      });
      return 'duplicate';
    }
    if (
      !mayEnter(
        reentryPolicy(node),
        statuses.map((status) => ({ status })),
      )
    ) {
      await this.openIndex.remove(workspaceId, customerId, instanceId);
      return 'already_in_journey';
    }

    const customer = upserting
      ? await this.customers.upsert(workspaceId, customerId, entry.attributes ?? {})
      : stored;
    const attributes = customer?.attributes ?? {};
    const now = Date.now();
    const fresh = newInstance({
      id: instanceId,
      workspaceId,
      journeyId,
      version: version.version,
      customerId,
      now,
    });
    fresh.processedSignals.push(...(entry.alreadyProcessed ?? []));
    const facts = await this.facts.build(
      version,
      workspaceId,
      customerId,
      attributes,
      isPaused(journey),
      now,
    );
    const result = step(
      version,
      fresh,
      { kind: 'enter', id: `enter:${entry.entryKey}`, entryNodeId: node.id, context: entry.context },
      now,
      facts,
    );
    const outbox = [
      ...effectsToMessages(result.instance, result.effects, attributes, now),
      ...journalEntry(result.instance, result.trace),
    ];
    return this.applySignal.exclusive(instanceId, async () => {
      const inserted = await this.instances.insert(result.instance, outbox, result.trace);
      if (!inserted) return 'duplicate';
      // An instance that ended in its first step needs no index entry.
      await Promise.all([
        this.applySignal.publishOutbox(workspaceId, instanceId, 1, outbox),
        TERMINAL_STATUSES.includes(result.instance.status) &&
          this.openIndex.remove(workspaceId, customerId, instanceId),
      ]);
      return 'entered';
    });
  }
}

function entryNode(version: PublishedVersion, nodeId?: string): JourneyNode | undefined {
  if (nodeId) return version.graph.nodes.find((n) => n.id === nodeId);
  return version.graph.nodes.find((n) => n.type === 'manual_entry');
}

const isPaused = (journey: JourneyRecord) => journey.status === 'paused';
