/** Executing nodes: the exhaustive switch over node kinds, and how a token leaves a node. */
import { parseDuration } from '../duration';
import { evaluateCondition } from '../expression';
import type { JourneyNode } from '../model/graph';
import type { Token } from '../model/instance';
import { abSplit, frequencyCap, parallel } from './branch-nodes';
import { sendOrWaitForWindow } from './channel-nodes';
import { changeTags, customCode, updateProfile } from './data-nodes';
import { followOutput } from './follow-output';
import type { StepRun } from './step-run';
import { waitForEvent, waitForTimer, waitUntil } from './waits';

export { followOutput } from './follow-output';

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
  run.record('node_entered', { nodeId: node.id, tokenId: token.id, message: enteredMessage(node) });
  instance.visits[node.id] = (instance.visits[node.id] ?? 0) + 1;
  if (!instance.executed.includes(node.id)) instance.executed.push(node.id);
  try {
    executeKind(run, token, node);
  } catch (error) {
    // Bad config in an unvalidated graph, or an unparsable expression: fail loudly, naming the node.
    run.fail(`node "${node.id}" (${node.type}) failed: ${(error as Error).message}`, node.id);
  }
}

/** What the node is, for a reader of the trace: `entered wait 'Wait 3 days'` (its name, else its id). */
function enteredMessage(node: JourneyNode): string {
  const name = node.name?.trim();
  return `entered ${node.type} '${name === undefined || name === '' ? node.id : name}'`;
}

function executeKind(run: StepRun, token: Token, node: JourneyNode): void {
  const config = node.config;
  switch (node.type) {
    case 'manual_entry':
    case 'event_entry':
    case 'segment_entry':
    case 'webhook_entry':
    case 'scheduled_entry':
      followOutput(run, token, node, 'next');
      return;
    case 'send_email':
    case 'send_sms':
    case 'send_push':
    case 'send_whatsapp':
    case 'call_webhook':
      sendOrWaitForWindow(run, token, node);
      return;
    case 'wait':
      waitForTimer(run, token, node, run.now + parseDuration(config.duration));
      return;
    case 'wait_until':
      waitUntil(run, token, node);
      return;
    case 'wait_for_event':
      waitForEvent(run, token, node);
      return;
    case 'condition': {
      const expression = config.expression as string;
      const result = evaluateCondition(expression, run.scope());
      followOutput(run, token, node, result ? 'true' : 'false', `${expression} is ${result}`, {
        condition: { expression, value: result },
      });
      return;
    }
    case 'ab_split':
      abSplit(run, token, node);
      return;
    case 'frequency_cap':
      frequencyCap(run, token, node);
      return;
    case 'parallel':
      parallel(run, token, node);
      return;
    case 'update_profile':
      updateProfile(run, token, node);
      return;
    case 'add_tag':
      changeTags(run, token, node, 'add');
      return;
    case 'remove_tag':
      changeTags(run, token, node, 'remove');
      return;
    case 'custom_code':
      customCode(run, token, node);
      return;
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
    case 'end':
      // Only this path ends; the customer's other branches go on (an exit would end them all).
      run.record('node_completed', { nodeId: node.id, tokenId: token.id, message: 'end of this path' });
      run.removeToken(token);
      return;
    case 'exit': {
      const reason =
        typeof config.reason === 'string' && config.reason !== '' ? config.reason : `exit node ${node.id}`;
      run.exit(reason, node.id);
      return;
    }
  }
}

/**
 * A waiting token's wait is over: a timer continues by `next` (a send waiting for its window
 * sends first), an event wait by `timeout`.
 */
export function fireWait(run: StepRun, token: Token, why: string): void {
  const node = run.node(token.nodeId);
  const wait = token.wait;
  if (node === undefined || wait === undefined) {
    run.fail(
      `token is at node "${token.nodeId}", which version ${run.version.version} does not have`,
      token.nodeId,
    );
    return;
  }
  if (wait.kind === 'timer' && wait.purpose === 'send_window') {
    // Nothing is sent to a customer who should have left meanwhile.
    if (run.exitCriteriaEnded()) return;
    delete token.wait;
    delete token.firedWhilePaused;
    token.state = 'ready';
    try {
      // Re-checks the window: a timer that fires late (after downtime) past its end waits again.
      sendOrWaitForWindow(run, token, node, wait.visit);
    } catch (error) {
      run.fail(`node "${node.id}" (${node.type}) failed: ${(error as Error).message}`, node.id);
    }
    return;
  }
  followOutput(run, token, node, wait.kind === 'timer' ? 'next' : 'timeout', why);
}
