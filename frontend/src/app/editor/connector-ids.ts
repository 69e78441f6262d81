/**
 * Connector ids on the canvas. Node ids cannot contain '|' (their pattern is [A-Za-z0-9_.:-]), so
 * it separates the parts unambiguously even though output labels contain ':' (variant:a).
 */
import type { GraphEdge } from '../api/api-models';

export const inputId = (nodeId: string): string => `in|${nodeId}`;
export const outputId = (nodeId: string, output: string): string => `out|${nodeId}|${output}`;
export const edgeId = (e: GraphEdge): string => `edge|${e.from}|${e.output}`;

export function parseOutputId(id: string): { nodeId: string; output: string } | null {
  const [prefix, nodeId, ...rest] = id.split('|');
  return prefix === 'out' && nodeId && rest.length ? { nodeId, output: rest.join('|') } : null;
}

export function parseInputId(id: string): string | null {
  const [prefix, nodeId] = id.split('|');
  return prefix === 'in' && nodeId ? nodeId : null;
}

export function parseEdgeId(id: string): { from: string; output: string } | null {
  const [prefix, from, ...rest] = id.split('|');
  return prefix === 'edge' && from && rest.length ? { from, output: rest.join('|') } : null;
}
