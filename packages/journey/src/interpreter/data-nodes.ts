/** Data nodes: update_profile, add_tag, remove_tag, custom_code. */
import { deriveId } from '../hash';
import type { Effect } from '../model/effect';
import type { JourneyNode } from '../model/graph';
import type { Token } from '../model/instance';
import { CUSTOM_CODE_DEFAULTS } from '../nodes/custom-code.node';
import { configTags } from '../nodes/tag-fields';
import { followOutput } from './follow-output';
import type { StepRun } from './step-run';

type ProfileUpdate = Omit<Extract<Effect, { kind: 'update_profile' }>, 'kind' | 'id' | 'nodeId'>;

/** Effect ids: hash of instance, node, visit and kind, so a re-published outbox is deduplicated. */
function effectId(run: StepRun, node: JourneyNode, kind: Effect['kind']): string {
  return deriveId('eff', run.instance.id, node.id, run.instance.visits[node.id], kind);
}

export function updateProfile(run: StepRun, token: Token, node: JourneyNode): void {
  const config = node.config;
  emitProfileUpdate(run, token, node, {
    ...(config.set === undefined ? {} : { set: { ...(config.set as Record<string, unknown>) } }),
    ...(config.unset === undefined ? {} : { unset: [...(config.unset as string[])] }),
    ...(config.increment === undefined
      ? {}
      : { increment: { ...(config.increment as Record<string, number>) } }),
  });
  followOutput(run, token, node, 'next');
}

/** Emits the effect and applies the change to the step's view of the profile. */
function emitProfileUpdate(run: StepRun, token: Token, node: JourneyNode, update: ProfileUpdate): void {
  run.emit({ kind: 'update_profile', id: effectId(run, node, 'update_profile'), nodeId: node.id, ...update });
  run.updateCustomer((customer) => {
    for (const [name, value] of Object.entries(update.set ?? {})) customer[name] = value;
    for (const name of update.unset ?? []) delete customer[name];
    for (const [name, amount] of Object.entries(update.increment ?? {})) {
      const current = customer[name];
      // A missing or non-number attribute counts as 0, as the profile store does.
      customer[name] = (typeof current === 'number' ? current : 0) + amount;
    }
  });
  const changed = [
    ...Object.keys(update.set ?? {}),
    ...(update.unset ?? []),
    ...Object.keys(update.increment ?? {}),
  ];
  run.record('profile_updated', {
    nodeId: node.id,
    tokenId: token.id,
    message: `profile attributes updated: ${changed.join(', ')}`,
    data: { ...update },
  });
}

export function changeTags(run: StepRun, token: Token, node: JourneyNode, action: 'add' | 'remove'): void {
  const tags = configTags(node.config);
  run.emit({ kind: 'tag', id: effectId(run, node, 'tag'), nodeId: node.id, [action]: tags });
  run.updateCustomer((customer) => {
    const current = Array.isArray(customer.tags) ? (customer.tags as unknown[]) : [];
    customer.tags =
      action === 'add'
        ? [...current, ...tags.filter((tag) => !current.includes(tag))]
        : current.filter((tag) => !tags.includes(tag as string));
  });
  run.record('tags_changed', {
    nodeId: node.id,
    tokenId: token.id,
    message: `${action === 'add' ? 'added' : 'removed'} tag(s) ${tags.join(', ')}`,
    data: { [action]: tags },
  });
  followOutput(run, token, node, 'next');
}

/**
 * Runs the node's code through `facts.runCode`. Success continues by the output the code chose
 * (default `next`), merging `context` and updating the profile; a failure takes `error` when the
 * graph has that edge, else fails the instance naming the node.
 */
export function customCode(run: StepRun, token: Token, node: JourneyNode): void {
  const runner = run.facts.runCode;
  if (runner === undefined) {
    run.fail(
      `node "${node.id}" (custom_code) cannot run: no code runner is configured (facts.runCode)`,
      node.id,
    );
    return;
  }
  const config = node.config;
  const declared = Array.isArray(config.outputs) ? (config.outputs as string[]) : [];
  let outcome: { ok: true; value: unknown } | { ok: false; error: string };
  try {
    outcome = runner({
      code: String(config.code),
      input: {
        customer: run.customer,
        context: run.instance.context,
        event: run.event ?? null,
        // The sandbox's clock reads `now` and its Math.random is seeded from `seed`: a replay of
        // this step runs the code with the same time and the same random numbers.
        now: run.now,
        seed: `${run.instance.id}:${node.id}:${run.instance.visits[node.id] ?? 1}`,
      },
      timeoutMs: typeof config.timeoutMs === 'number' ? config.timeoutMs : CUSTOM_CODE_DEFAULTS.timeoutMs,
      memoryBytes:
        (typeof config.memoryMb === 'number' ? config.memoryMb : CUSTOM_CODE_DEFAULTS.memoryMb) * 1024 * 1024,
    });
  } catch (error) {
    outcome = { ok: false, error: `the code runner threw: ${(error as Error).message}` };
  }
  const result = outcome.ok ? readResult(outcome.value, declared) : outcome;
  if (!result.ok) {
    if (run.edge(node.id, 'error') !== undefined) {
      followOutput(run, token, node, 'error', result.error);
    } else {
      run.fail(`node "${node.id}" (custom_code) failed: ${result.error}`, node.id);
    }
    return;
  }
  // Cloned: the instance is stored as JSON, and must not share objects with the runner.
  if (result.context !== undefined)
    run.instance.context = { ...run.instance.context, ...cloneJson(result.context) };
  if (result.profile !== undefined) emitProfileUpdate(run, token, node, { set: result.profile });
  followOutput(run, token, node, result.output, 'chosen by the code');
}

type CodeResult =
  | { ok: true; output: string; context?: Record<string, unknown>; profile?: Record<string, unknown> }
  | { ok: false; error: string };

/** Checks the code's return value: `{ output?, context?, profile? }` (nothing at all means `next`). */
function readResult(value: unknown, declared: readonly string[]): CodeResult {
  if (value === undefined || value === null) return { ok: true, output: 'next' };
  if (!isPlainObject(value)) {
    return {
      ok: false,
      error: `the code must return an object { output?, context?, profile? }, not ${describe(value)}`,
    };
  }
  const unknown = Object.keys(value).find((key) => !['output', 'context', 'profile'].includes(key));
  if (unknown !== undefined) {
    return {
      ok: false,
      error: `the code returned unknown field "${unknown}"; return { output?, context?, profile? }`,
    };
  }
  const output = value.output ?? 'next';
  if (typeof output !== 'string' || (output !== 'next' && !declared.includes(output))) {
    const allowed = ['next', ...declared].map((o) => `"${o}"`).join(', ');
    return { ok: false, error: `the code returned output ${JSON.stringify(output)}; use one of ${allowed}` };
  }
  for (const key of ['context', 'profile'] as const) {
    if (value[key] !== undefined && !isPlainObject(value[key])) {
      return {
        ok: false,
        error: `the code returned "${key}" as ${describe(value[key])}; it must be an object`,
      };
    }
  }
  return {
    ok: true,
    output,
    ...(value.context === undefined ? {} : { context: value.context as Record<string, unknown> }),
    ...(value.profile === undefined ? {} : { profile: value.profile as Record<string, unknown> }),
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function cloneJson(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
