/** How issues name things, so every message reads the same way. */
import type { JourneyEdge, JourneyNode } from '../model/graph';

export function describeNode(node: Pick<JourneyNode, 'id' | 'type'>): string {
  return `Node "${node.id}" (${node.type})`;
}

export function describeEdge(edge: JourneyEdge): string {
  return `"${edge.from}" -${edge.output}-> "${edge.to}"`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
