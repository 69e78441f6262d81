/**
 * Paths through a journey graph for the analytics page: the default funnel and, per A/B split,
 * the funnels that measure each variant. Pure: graph in, node ids out.
 */
import type { JourneyGraph } from '../api/api-models';
import { isEntry } from '../catalogue/node-outputs';

/** The most a funnel may name (the gateway's limit). */
export const MAX_FUNNEL_STEPS = 20;

/**
 * The journey's main path: from its (first) entry node, each node's first output in its own order,
 * until a node with no output, a node seen before or the funnel's limit.
 */
export function defaultFunnelPath(graph: JourneyGraph): string[] {
  const entry = graph.nodes.find((n) => isEntry(n.type));
  if (!entry) return [];
  const path = [entry.id];
  for (let at = entry.id; path.length < MAX_FUNNEL_STEPS;) {
    const next = graph.edges.find((e) => e.from === at)?.to;
    if (!next || path.includes(next)) break;
    path.push(next);
    at = next;
  }
  return path;
}

/** One variant of an A/B split and the funnels that count it. */
export interface VariantPaths {
  variant: string;
  /** The node the variant leads to (null: the variant has no edge). */
  target: string | null;
  /** [split, target]: instances that took this variant. */
  entered: string[] | null;
  /** [split, target, goal]: those who then reached the goal node; null when none or several goals follow. */
  converted: string[] | null;
  goal: string | null;
}

export interface SplitPaths {
  splitId: string;
  variants: VariantPaths[];
  /** Why conversions are not counted, when they are not. */
  note: string | null;
}

/** Every `ab_split` node with a funnel per variant, and the goal node its conversions are counted at. */
export function splitPaths(graph: JourneyGraph): SplitPaths[] {
  return graph.nodes
    .filter((n) => n.type === 'ab_split')
    .map((split) => {
      const edges = graph.edges.filter((e) => e.from === split.id && e.output.startsWith('variant:'));
      const goals = goalsAfter(
        graph,
        edges.map((e) => e.to),
      );
      const goal = goals.length === 1 ? (goals[0] ?? null) : null;
      const note =
        goals.length === 0
          ? 'No goal_reached node after this split: conversions per variant are not counted.'
          : goals.length > 1
            ? `Several goal_reached nodes after this split (${goals.join(', ')}): conversions per variant are not counted.`
            : null;
      const variants = variantNames(split.config).map((variant): VariantPaths => {
        const target = edges.find((e) => e.output === `variant:${variant}`)?.to ?? null;
        return {
          variant,
          target,
          goal,
          entered: target ? [split.id, target] : null,
          converted: target && goal && goal !== target ? [split.id, target, goal] : null,
        };
      });
      return { splitId: split.id, variants, note };
    });
}

function variantNames(config: Record<string, unknown>): string[] {
  const variants = config['variants'];
  return Array.isArray(variants)
    ? variants
        .map((v) => (v as { name?: unknown } | null)?.name)
        .filter((name): name is string => typeof name === 'string')
    : [];
}

/** The goal_reached nodes reachable from `starts` (themselves included). */
function goalsAfter(graph: JourneyGraph, starts: string[]): string[] {
  const type = new Map(graph.nodes.map((n) => [n.id, n.type]));
  const seen = new Set<string>();
  const queue = [...starts];
  const goals: string[] = [];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (seen.has(id)) continue;
    seen.add(id);
    if (type.get(id) === 'goal_reached') goals.push(id);
    queue.push(...graph.edges.filter((e) => e.from === id).map((e) => e.to));
  }
  return goals.sort();
}
