import {
  step,
  TERMINAL_STATUSES,
  type Facts,
  type InstanceState,
  type PublishedVersion,
  type Signal,
  type StepResult,
} from '@kalcifer/journey';
import { KeyedMutex, type Logger } from '@kalcifer/platform';
import type { CustomerStore } from '../ports/customer-store';
import type { InstanceStore, OutboxEntry } from '../ports/instance-store';
import type { MessageBus } from '../ports/message-bus';
import type { OpenInstanceIndex } from '../ports/open-instance-index';
import { effectsToMessages } from './effects-to-messages';
import { journalEntry } from './journal-entry';
import type { JourneyCatalog } from './journey-catalog';
import type { StepFacts } from './step-facts';

export type ApplyOutcome = 'applied' | 'unchanged' | 'unknown_instance';

/** What a transition reads: the stored instance, its version, the time and the step facts. */
export interface TransitionInput {
  state: InstanceState;
  version: PublishedVersion;
  now: number;
  facts: Facts;
  attributes: Record<string, unknown>;
}

export interface TransitionOptions<T> {
  /** Another version whose nodes the computation may run (a migration's target). */
  factsAlsoFor?: PublishedVersion;
  /**
   * Work that needs only the outcome, run once it is final (beside the outbox's publish when
   * something was written, so a caller recording the outcome waits one round trip, not two).
   */
  settle?: (outcome: T) => Promise<unknown>;
  /** The instance's customer if the caller knows it: read beside the instance, not after it. */
  customerId?: string;
}

export interface Transition<T> {
  result: StepResult | null;
  outcome: T;
}

const MAX_CAS_ATTEMPTS = 20;
/** Outbox clears in flight before a step waits for one to land. */
const MAX_PENDING_CLEARS = 4096;

/**
 * The heart of the orchestrator (DESIGN.md §3): load the instance, step it with the pure
 * interpreter, write it back by compare-and-set together with its outbox, then publish the outbox.
 * A crash between the write and the publish is covered by the outbox sweep (recover-outbox.ts);
 * message ids are deterministic, so JetStream drops whatever was published twice.
 */
export class ApplySignal {
  /** Every read-modify-write of one instance in this process goes through here (see KeyedMutex). */
  private readonly instanceLock = new KeyedMutex();
  /** Outbox clears started and not yet landed (see clearLater). */
  private readonly clearing = new Set<Promise<void>>();

  constructor(
    private readonly instances: InstanceStore,
    private readonly customers: CustomerStore,
    private readonly catalog: JourneyCatalog,
    private readonly bus: MessageBus,
    private readonly openIndex: OpenInstanceIndex,
    private readonly facts: StepFacts,
    private readonly logger: Logger,
  ) {}

  execute(workspaceId: string, instanceId: string, signal: Signal): Promise<ApplyOutcome> {
    return this.instanceLock.run(instanceId, async () => {
      const done = await this.transition(workspaceId, instanceId, async ({ state, version, now, facts }) => {
        const result = step(version, state, signal, now, facts);
        return { result, outcome: undefined };
      });
      if (done === 'unknown_instance') return 'unknown_instance';
      return done.written ? 'applied' : 'unchanged';
    });
  }

  /** Runs `work` while no other write of this instance runs in this process. */
  exclusive<T>(instanceId: string, work: () => Promise<T>): Promise<T> {
    return this.instanceLock.run(instanceId, work);
  }

  /**
   * Any change of one instance by a pure domain function (a signal step, a migration, a release
   * of a held instance): load, compute, compare-and-set with the outbox, publish, retrying on a
   * concurrent write. `compute` returns the step result (null: nothing to write) and an outcome
   * handed back to the caller. Callers outside `execute` take the instance lock themselves.
   * See TransitionOptions for the rest.
   */
  async transition<T>(
    workspaceId: string,
    instanceId: string,
    compute: (input: TransitionInput) => Promise<Transition<T>> | Transition<T>,
    { factsAlsoFor, settle, customerId }: TransitionOptions<T> = {},
  ): Promise<{ written: boolean; outcome: T } | 'unknown_instance'> {
    for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt++) {
      // The customer named by the caller is read beside the instance (one round trip, not two).
      const early = attempt === 1 && customerId ? this.customers.get(workspaceId, customerId) : undefined;
      early?.catch(() => undefined); // read again below when it failed or named someone else
      const record = await this.instances.get(workspaceId, instanceId);
      if (!record) return 'unknown_instance';
      const state = record.state;
      // An ended instance only traces the signal as late; drop its stale id from the index.
      if (TERMINAL_STATUSES.includes(state.status))
        await this.openIndex.remove(workspaceId, state.customerId, instanceId);
      const version = await this.catalog.version(workspaceId, state.journeyId, state.version);
      if (!version) throw new Error(`version ${state.version} of journey ${state.journeyId} is missing`);
      const [journey, customer] = await Promise.all([
        this.catalog.journey(workspaceId, state.journeyId),
        early && customerId === state.customerId
          ? early.catch(() => this.customers.get(workspaceId, state.customerId))
          : this.customers.get(workspaceId, state.customerId),
      ]);
      const attributes = customer?.attributes ?? {};
      const now = Date.now();
      const facts = await this.facts.build(
        factsAlsoFor ? [version, factsAlsoFor] : version,
        workspaceId,
        state.customerId,
        attributes,
        journey?.status === 'paused',
        now,
      );
      const { result, outcome } = await compute({ state, version, now, facts, attributes });
      const nothingHappened =
        !result ||
        (result.effects.length === 0 &&
          result.trace.length === 0 &&
          (result.instance === state || unchanged(state, result.instance)));
      if (nothingHappened) {
        await settle?.(outcome);
        return { written: false, outcome };
      }
      // Keep any earlier outbox entries: they may not have been published yet.
      const outbox: OutboxEntry[] = [
        ...record.outbox,
        ...effectsToMessages(result.instance, result.effects, attributes, now),
        ...journalEntry(result.instance, result.trace),
      ];
      const written = await this.instances.update(
        workspaceId,
        instanceId,
        record.revision,
        result.instance,
        outbox,
        result.trace,
      );
      if (!written) {
        this.logger.debug({ instanceId, attempt }, 'instance changed concurrently; retrying');
        continue;
      }
      await Promise.all([
        this.publishOutbox(workspaceId, instanceId, record.revision + 1, outbox),
        settle?.(outcome),
      ]);
      if (TERMINAL_STATUSES.includes(result.instance.status))
        await this.openIndex.remove(workspaceId, state.customerId, instanceId);
      return { written: true, outcome };
    }
    throw new Error(`instance ${instanceId}: gave up after ${MAX_CAS_ATTEMPTS} concurrent updates`);
  }

  async publishOutbox(
    workspaceId: string,
    instanceId: string,
    revision: number,
    outbox: OutboxEntry[],
  ): Promise<void> {
    if (outbox.length === 0) return;
    await this.bus.publish(outbox);
    await this.clearLater(workspaceId, instanceId, revision);
  }

  /**
   * Clears a published outbox without holding up the step: once its messages are in JetStream
   * the outbox is only a duplicate, so a clear that never lands (a crash) costs a re-publish by
   * the sweep, which JetStream drops by message id; a later step of the instance keeps the
   * entries and publishes them again the same way. Waits only while too many clears are pending.
   */
  private async clearLater(workspaceId: string, instanceId: string, revision: number): Promise<void> {
    while (this.clearing.size >= MAX_PENDING_CLEARS) await Promise.race(this.clearing);
    const clear = this.instances
      .clearOutbox(workspaceId, instanceId, revision)
      .catch((err: unknown) =>
        this.logger.warn({ err, instanceId }, 'outbox clear failed; the sweep publishes it again'),
      )
      .finally(() => this.clearing.delete(clear));
    this.clearing.add(clear);
  }

  /** Resolves when every clear started so far has landed (shutdown, tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.clearing]);
  }
}

function unchanged(a: InstanceState, b: InstanceState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
