/** Executing nodes: the exhaustive switch over node kinds, and how a token leaves a node. */
import { parseDateTime } from '../datetime';
import { parseDuration } from '../duration';
import { evaluateCondition } from '../expression';
import { sendKey, timerEffectId, timerId, waitId } from '../hash';
import type { JourneyNode } from '../model/graph';
import type { Token, TokenWait } from '../model/instance';
import type { StepRun } from './step-run';

/** Guards against a graph that was never validated (a cycle would otherwise spin forever). */
export const MAX_NODES_PER_STEP = 1000;

/** Runs ready tokens until none is ready, the instance ends, or it is paused. */
export function runReadyTokens(run: StepRun): void {
  let budget = MAX_NODES_PER_STEP;
  while (!run.isTerminal() && !run.isPaused()) {
    const token = run.instance.tokens.find((candidate) => candidate.state === 'ready');
    if (token === undefined) return;
    // Exit criteria come first, so nothing more is sent to a customer who should have left.
    if (run.exitCriteriaEnded()) return;
    if (--budget < 0) {
      run.fail(`more than ${MAX_NODES_PER_STEP} nodes executed in one step; the graph probably has a cycle`);
      return;
    }
    executeNode(run, token);
  }
}

function executeNode(run: StepRun, token: Token): void {
  const node = run.node(token.nodeId);
  if (node === undefined) {
    run.fail(
      `token is at node "${token.nodeId}", which version ${run.version.version} does not have`,
      token.nodeId,
    );
    return;
  }
  const instance = run.instance;
  run.record('node_entered', { nodeId: node.id, tokenId: token.id });
  instance.visits[node.id] = (instance.visits[node.id] ?? 0) + 1;
  if (!instance.executed.includes(node.id)) instance.executed.push(node.id);
  try {
    executeKind(run, token, node);
  } catch (error) {
    // Bad config in an unvalidated graph, or an unparsable expression: fail loudly, naming the node.
    run.fail(`node "${node.id}" (${node.type}) failed: ${(error as Error).message}`, node.id);
  }
}

function executeKind(run: StepRun, token: Token, node: JourneyNode): void {
  const config = node.config;
  switch (node.type) {
    case 'manual_entry':
    case 'event_entry':
      followOutput(run, token, node, 'next');
      return;
    case 'send_email': {
      const visit = run.instance.visits[node.id];
      const key = sendKey(run.instance.id, node.id, visit);
      run.emit({
        kind: 'send',
        id: key,
        channel: 'email',
        sendKey: key,
        nodeId: node.id,
        visit,
        config: { ...config },
      });
      run.record('send_requested', { nodeId: node.id, tokenId: token.id, data: { sendKey: key, visit } });
      // The token does not wait for delivery: the status arrives later and is only traced.
      followOutput(run, token, node, 'next');
      return;
    }
    case 'wait':
      waitForTimer(run, token, node, run.now + parseDuration(config.duration));
      return;
    case 'wait_until':
      waitForTimer(run, token, node, parseDateTime(config.until));
      return;
    case 'wait_for_event':
      waitForEvent(run, token, node);
      return;
    case 'condition': {
      const result = evaluateCondition(config.expression as string, run.scope());
      followOutput(run, token, node, result ? 'true' : 'false');
      return;
    }
    case 'goal_reached':
      run.instance.conversions += 1;
      run.record('goal_reached', {
        nodeId: node.id,
        tokenId: token.id,
        message: `goal node "${node.id}" reached`,
      });
      if (config.exit === true) run.exit(`goal reached at node "${node.id}"`, node.id);
      else followOutput(run, token, node, 'next');
      return;
    case 'exit': {
      const reason =
        typeof config.reason === 'string' && config.reason !== '' ? config.reason : `exit node ${node.id}`;
      run.exit(reason, node.id);
      return;
    }
  }
}

/** A deadline already past continues at once: a timer never fires before its deadline, nor needlessly late. */
function waitForTimer(run: StepRun, token: Token, node: JourneyNode, dueAt: number): void {
  if (dueAt <= run.now) {
    followOutput(run, token, node, 'next', 'deadline already passed');
    return;
  }
  const seq = run.nextSeq();
  const wait: TokenWait = {
    kind: 'timer',
    waitId: waitId(run.instance.id, seq),
    timerId: timerId(run.instance.id, seq),
    startedAt: run.now,
    dueAt,
  };
  startWaiting(run, token, node, wait, `waiting until ${new Date(dueAt).toISOString()}`);
}

function waitForEvent(run: StepRun, token: Token, node: JourneyNode): void {
  const config = node.config;
  if (typeof config.event !== 'string' || config.event === '')
    throw new Error('config.event must name an event');
  const seq = run.nextSeq();
  const wait: Extract<TokenWait, { kind: 'event' }> = {
    kind: 'event',
    waitId: waitId(run.instance.id, seq),
    event: config.event,
    startedAt: run.now,
  };
  if (config.timeout !== undefined) {
    wait.timerId = timerId(run.instance.id, seq);
    wait.dueAt = run.now + parseDuration(config.timeout);
  }
  if (typeof config.correlationKey === 'string') {
    const context = run.instance.context;
    const value = Object.prototype.hasOwnProperty.call(context, config.correlationKey)
      ? context[config.correlationKey]
      : null;
    wait.correlation = { property: config.correlationKey, value: value ?? null };
  }
  const until = wait.dueAt === undefined ? '' : ` until ${new Date(wait.dueAt).toISOString()}`;
  startWaiting(run, token, node, wait, `waiting for event "${wait.event}"${until}`);
}

function startWaiting(run: StepRun, token: Token, node: JourneyNode, wait: TokenWait, message: string): void {
  token.state = 'waiting';
  token.wait = wait;
  if (wait.timerId !== undefined && wait.dueAt !== undefined) {
    run.emit({
      kind: 'schedule_timer',
      id: timerEffectId(run.instance.id, 'schedule', wait.timerId),
      timerId: wait.timerId,
      dueAt: wait.dueAt,
      tokenId: token.id,
      nodeId: node.id,
    });
  }
  run.record('waiting', {
    nodeId: node.id,
    tokenId: token.id,
    message,
    data: { waitId: wait.waitId, timerId: wait.timerId, dueAt: wait.dueAt },
  });
}

/**
 * Leaves `node` by `output`: along the edge with that label if there is one (the token stays
 * ready), else the token's path ends here and the token is removed.
 */
export function followOutput(
  run: StepRun,
  token: Token,
  node: JourneyNode,
  output: string,
  why?: string,
): void {
  const edge = run.edge(node.id, output);
  const where = edge === undefined ? 'end of path' : `to "${edge.to}"`;
  run.record('node_completed', {
    nodeId: node.id,
    tokenId: token.id,
    message: `took output "${output}" (${where})${why === undefined ? '' : `: ${why}`}`,
    data: { output },
  });
  if (edge === undefined) {
    run.removeToken(token);
    return;
  }
  token.nodeId = edge.to;
  token.state = 'ready';
  delete token.wait;
  delete token.firedWhilePaused;
}

/** A waiting token's wait is over: a timer continues by `next`, an event wait by `timeout`. */
export function fireWait(run: StepRun, token: Token, why: string): void {
  const node = run.node(token.nodeId);
  if (node === undefined || token.wait === undefined) {
    run.fail(
      `token is at node "${token.nodeId}", which version ${run.version.version} does not have`,
      token.nodeId,
    );
    return;
  }
  followOutput(run, token, node, token.wait.kind === 'timer' ? 'next' : 'timeout', why);
}
