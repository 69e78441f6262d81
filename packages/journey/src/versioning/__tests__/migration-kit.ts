/** Test helpers: migrate a Harness-driven instance to a new graph and keep driving it there. */
import { Harness, version } from '../../__tests__/harness';
import type { StepResult } from '../../interpreter';
import type { Facts } from '../../model/facts';
import type { JourneyGraph } from '../../model/graph';
import { migrateInstance, type MigrationOutcome, type MigrationSpec } from '../migrate-instance';
import { resolveMapping, type NodeMapping, type RemovedNodePolicy } from '../node-mapping';
import { releaseHeld, type ReleaseTarget } from '../release-held';

/** A harness on the new version that can also release held tokens. */
export class MigratedHarness extends Harness {
  private releases = 0;

  releaseTo(target: string | ReleaseTarget, signalId = `release-${++this.releases}`): StepResult {
    const release = typeof target === 'string' ? { nodeId: target } : target;
    const result = releaseHeld(this.published, this.instance, release, this.now, factsOf(this), signalId);
    this.instance = result.instance;
    this.effects.push(...result.effects);
    this.trace.push(...result.trace);
    return result;
  }
}

export interface MigrateOptions {
  /** Edits to the proposed mapping. */
  edits?: NodeMapping;
  policy?: RemovedNodePolicy;
  migrationId?: string;
  conflictPolicy?: RemovedNodePolicy;
  toVersion?: number;
}

export interface Migrated {
  outcome: MigrationOutcome;
  /** A harness on the new version holding the migrated instance (and only the migration's effects). */
  after: MigratedHarness;
  spec: MigrationSpec;
}

export function factsOf(h: Harness): Facts {
  return { ...h.facts, customer: h.customer, journeyPaused: h.journeyPaused };
}

export function migrate(h: Harness, to: JourneyGraph, options: MigrateOptions = {}): Migrated {
  const toVersion = version(to, options.toVersion ?? h.published.version + 1);
  const spec: MigrationSpec = {
    toVersion,
    mapping: resolveMapping(h.published.graph, to, options.edits, options.policy),
    migrationId: options.migrationId ?? 'mig-1',
    ...(options.conflictPolicy === undefined ? {} : { conflictPolicy: options.conflictPolicy }),
  };
  const outcome = migrateInstance(h.published, h.instance, spec, h.now, factsOf(h));
  const after = new MigratedHarness(toVersion, h.customer, h.instance.id);
  after.now = h.now;
  after.facts = h.facts;
  after.journeyPaused = h.journeyPaused;
  after.instance = h.instance;
  // Signal ids continue after the old harness's, which the instance has already processed.
  (after as unknown as { counter: number }).counter = 1000 * (h.published.version + 1);
  if (outcome.kind !== 'unchanged') {
    after.instance = outcome.result.instance;
    after.effects.push(...outcome.result.effects);
    after.trace.push(...outcome.result.trace);
  }
  return { outcome, after, spec };
}

/** The outcome's moves as `from>to:rule` strings, for compact expectations. */
export function movesOf(outcome: MigrationOutcome): string[] {
  if (outcome.kind === 'unchanged') return [];
  return outcome.moves.map((move) => `${move.from}>${move.to ?? '-'}:${move.rule}`);
}
