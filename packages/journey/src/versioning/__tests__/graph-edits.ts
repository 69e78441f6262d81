/**
 * fast-check generators of version pairs: a generated journey and an edited copy (a node
 * inserted, removed, reconfigured or renamed), as a designer would publish them.
 */
import fc from 'fast-check';
import type { JourneyGraph, JourneyNode } from '../../model/graph';
import { isEntryType } from '../../nodes';
import { validateGraph } from '../../validation';

/** `atToken`: edit a node where the instance has a token (or the edge into it), when there is one. */
export type GraphEdit = { atToken: boolean } & (
  | { kind: 'insert'; pick: number; send: boolean }
  | { kind: 'remove'; pick: number }
  | { kind: 'config'; pick: number; seconds: number; flag: boolean }
  | { kind: 'rename'; pick: number }
  | { kind: 'swap'; pick: number }
  | { kind: 'retype'; pick: number }
);

const atToken = fc.oneof(
  { arbitrary: fc.constant(true), weight: 3 },
  { arbitrary: fc.constant(false), weight: 1 },
);

export const graphEditArbitrary: fc.Arbitrary<GraphEdit> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), pick: fc.nat(), send: fc.boolean(), atToken }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat(), atToken }),
  fc.record({
    kind: fc.constant('config' as const),
    pick: fc.nat(),
    seconds: fc.integer({ min: 1, max: 7200 }),
    flag: fc.boolean(),
    atToken,
  }),
  fc.record({ kind: fc.constant('rename' as const), pick: fc.nat(), atToken }),
  fc.record({ kind: fc.constant('swap' as const), pick: fc.nat(), atToken }),
  fc.record({ kind: fc.constant('retype' as const), pick: fc.nat(), atToken }),
);

/** The candidates at a token when the edit asks for that and there are some, else all of them. */
function preferred<T>(all: T[], atToken: boolean, isAtToken: (item: T) => boolean): T[] {
  const at = all.filter(isAtToken);
  return atToken && at.length > 0 ? at : all;
}

const SINGLE_NEXT = new Set([
  'send_email',
  'send_sms',
  'wait',
  'wait_until',
  'update_profile',
  'add_tag',
  'remove_tag',
]);

/** The edited copy, or undefined when the edit does not apply to this graph or breaks validation. */
export function applyEdit(
  graph: JourneyGraph,
  edit: GraphEdit,
  occupied: ReadonlySet<string> = new Set(),
): JourneyGraph | undefined {
  const copy = JSON.parse(JSON.stringify(graph)) as JourneyGraph;
  const edited = editCopy(copy, edit, occupied);
  return edited !== undefined && validateGraph(edited).ok ? edited : undefined;
}

function editCopy(g: JourneyGraph, edit: GraphEdit, occupied: ReadonlySet<string>): JourneyGraph | undefined {
  const all = g.nodes.filter((node) => !isEntryType(node.type));
  const at = (nodes: JourneyNode[]): JourneyNode[] =>
    preferred(nodes, edit.atToken, (n) => occupied.has(n.id));
  const body = at(all);
  switch (edit.kind) {
    case 'insert': {
      const edges = preferred(g.edges, edit.atToken, (e) => occupied.has(e.to));
      const edge = edges[edit.pick % edges.length];
      if (edge === undefined) return undefined;
      const node: JourneyNode = edit.send
        ? { id: 'inserted', type: 'send_email', config: { template: 'inserted' } }
        : { id: 'inserted', type: 'wait', config: { duration: 'PT20M' } };
      g.nodes.push(node);
      g.edges.push({ from: 'inserted', to: edge.to, output: 'next' });
      edge.to = 'inserted';
      return g;
    }
    case 'remove': {
      const candidates = body.filter(
        (node) =>
          SINGLE_NEXT.has(node.type) && g.edges.some((e) => e.from === node.id && e.output === 'next'),
      );
      const node = candidates[edit.pick % Math.max(candidates.length, 1)];
      if (node === undefined) return undefined;
      const next = g.edges.find((e) => e.from === node.id)!.to;
      g.nodes = g.nodes.filter((n) => n.id !== node.id);
      g.edges = g.edges.filter((e) => e.from !== node.id);
      for (const edge of g.edges) if (edge.to === node.id) edge.to = next;
      return g;
    }
    case 'config': {
      const candidates = body.filter((node) =>
        ['wait', 'wait_for_event', 'send_email', 'send_sms'].includes(node.type),
      );
      const node = candidates[edit.pick % Math.max(candidates.length, 1)];
      if (node === undefined) return undefined;
      reconfigure(node, edit);
      return g;
    }
    case 'swap': {
      // X -next-> Y -next-> Z becomes Y -next-> X -next-> Z: the designer reorders two steps.
      const single = (id: string): boolean =>
        SINGLE_NEXT.has(g.nodes.find((n) => n.id === id)?.type ?? 'exit');
      const pairs = preferred(
        g.edges.filter(
          (e) =>
            e.output === 'next' &&
            single(e.from) &&
            single(e.to) &&
            g.edges.some((out) => out.from === e.to && out.output === 'next'),
        ),
        edit.atToken,
        (e) => occupied.has(e.from) || occupied.has(e.to),
      );
      const pair = pairs[edit.pick % Math.max(pairs.length, 1)];
      if (pair === undefined) return undefined;
      const [x, y] = [pair.from, pair.to];
      const out = g.edges.find((e) => e.from === y && e.output === 'next')!;
      for (const edge of g.edges) if (edge.to === x) edge.to = y;
      pair.from = y;
      pair.to = x;
      out.from = x;
      return g;
    }
    case 'retype': {
      // A wait becomes a wait_for_event under the same id (SEMANTICS.md row 9).
      const waits = at(all.filter((n) => n.type === 'wait'));
      const target = waits[edit.pick % Math.max(waits.length, 1)];
      if (target === undefined) return undefined;
      target.type = 'wait_for_event';
      target.config = { event: 'opened' };
      for (const edge of g.edges) if (edge.from === target.id) edge.output = 'event';
      return g;
    }
    case 'rename': {
      const node = body[edit.pick % Math.max(body.length, 1)];
      if (node === undefined) return undefined;
      const id = `${node.id}_renamed`;
      for (const edge of g.edges) {
        if (edge.from === node.id) edge.from = id;
        if (edge.to === node.id) edge.to = id;
      }
      node.id = id;
      return g;
    }
  }
}

function reconfigure(node: JourneyNode, edit: Extract<GraphEdit, { kind: 'config' }>): void {
  if (node.type === 'wait') node.config = { duration: `PT${edit.seconds}S` };
  else if (node.type === 'wait_for_event') {
    // The event changes, or the timeout (a timeout output exists in the graph, so it stays).
    if (edit.flag) node.config = { ...node.config, event: 'renamed_event' };
    else if (node.config.timeout !== undefined)
      node.config = { ...node.config, timeout: `PT${edit.seconds}S` };
  } else if (node.type === 'send_sms') {
    node.config = edit.flag
      ? { body: 'v2 sms' }
      : { body: 'v2 sms', sendWindow: { start: '10:00', end: '16:00', timezone: 'UTC' } };
  } else node.config = { template: `v2_${node.id}` };
}
