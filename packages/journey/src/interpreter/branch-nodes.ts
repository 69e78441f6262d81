/** Nodes that choose or multiply paths: ab_split, frequency_cap, parallel. */
import { parseDuration } from '../duration';
import { sha256Hex } from '../hash';
import type { JourneyNode } from '../model/graph';
import type { Token } from '../model/instance';
import type { AbSplitVariant } from '../nodes/ab-split.node';
import { variantOutput } from '../nodes/ab-split.node';
import { branchOutput } from '../nodes/parallel.node';
import { followOutput } from './follow-output';
import type { StepRun } from './step-run';

/**
 * The variant of a customer at an ab_split node: a bucket 0-99 from a hash of customer, journey
 * and node, then the variants' percents in order. Stable: the same customer always lands in the
 * same variant of that node, in every instance, replay or version that keeps the node id.
 */
export function abSplitVariant(
  variants: readonly AbSplitVariant[],
  customerId: string,
  journeyId: string,
  nodeId: string,
): string {
  const bucket = parseInt(sha256Hex(`${customerId}|${journeyId}|${nodeId}`).slice(0, 12), 16) % 100;
  let upTo = 0;
  for (const variant of variants) {
    upTo += variant.percent;
    if (bucket < upTo) return variant.name;
  }
  // Only reachable if the percents add up to less than 100 (an unvalidated graph).
  throw new Error(`the variants' percents add up to ${upTo}, not 100`);
}

export function abSplit(run: StepRun, token: Token, node: JourneyNode): void {
  const variants = node.config.variants as AbSplitVariant[];
  const name = abSplitVariant(variants, run.instance.customerId, run.version.journeyId, node.id);
  followOutput(run, token, node, variantOutput(name), `customer assigned to variant "${name}"`, {
    variant: name,
  });
}

/**
 * Counts the customer's sends of the channel within the window: the orchestrator's counters
 * (`facts.recentSends`) plus the sends this step already requested. Reserves nothing.
 */
export function frequencyCap(run: StepRun, token: Token, node: JourneyNode): void {
  const config = node.config;
  const channel = typeof config.channel === 'string' ? config.channel : 'any';
  const limit = config.limit as number;
  const since = run.now - parseDuration(config.window);
  const counts = (sendChannel: string): boolean => channel === 'any' || sendChannel === channel;
  const earlier = (run.facts.recentSends ?? []).filter(
    (send) => counts(send.channel) && send.at > since && send.at <= run.now,
  ).length;
  const thisStep = run.effects.filter((effect) => effect.kind === 'send' && counts(effect.channel)).length;
  const count = earlier + thisStep;
  const output = count < limit ? 'within' : 'exceeded';
  followOutput(
    run,
    token,
    node,
    output,
    `${count} ${channel} send(s) in ${String(config.window)}, limit ${limit}`,
    { cap: { channel, count, limit, window: String(config.window), allowed: output === 'within' } },
  );
}

/**
 * Forks one token per branch. The arriving token takes the first branch; each other branch gets
 * a new token. Every token's leaving is traced as `node_completed` with its own token id, so the
 * trace shows which token went where.
 */
export function parallel(run: StepRun, token: Token, node: JourneyNode): void {
  const branches = node.config.branches as string[];
  const forked = branches.slice(1).map(() => run.addToken(node.id));
  run.record('branch_forked', {
    nodeId: node.id,
    tokenId: token.id,
    message: `forked into ${branches.length} branches: ${branches.join(', ')}`,
    data: { branches, tokenIds: [token.id, ...forked.map((t) => t.id)] },
  });
  branches.forEach((branch, i) => {
    const branchToken = i === 0 ? token : forked[i - 1];
    followOutput(run, branchToken, node, branchOutput(branch), `branch "${branch}"`);
  });
}
