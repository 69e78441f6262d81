/** What happens next to an open instance, in words, from its tokens. Pure. */
import type { Instance } from '../api/api-models';

const at = (ms: unknown) =>
  typeof ms === 'number' ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') : null;

export function nextSteps(instance: Instance): string[] {
  if (!['active', 'waiting', 'paused', 'held'].includes(instance.status)) {
    return [`ended: ${instance.status}${instance.statusReason ? ` (${instance.statusReason})` : ''}`];
  }
  return instance.state.tokens.map((token) => {
    const wait = token.wait as { kind?: string; event?: string; dueAt?: number } | undefined;
    if (token.state === 'held')
      return `held at ${token.nodeId} by a migration, until an operator releases it`;
    if (instance.status === 'paused') return `paused at ${token.nodeId}`;
    if (wait?.kind === 'event') {
      const until = at(wait.dueAt);
      return `waits at ${token.nodeId} for the event "${wait.event}"${until ? `, at most until ${until} UTC` : ''}`;
    }
    if (wait?.kind === 'timer') return `waits at ${token.nodeId} until ${at(wait.dueAt)} UTC`;
    return `about to run ${token.nodeId}`;
  });
}
