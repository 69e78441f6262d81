/**
 * What the generative designer is told: the node catalogue (kinds, outputs, fields, each in the
 * catalogue's own words), the rules of a valid graph, and, on a repair turn, the validator's
 * errors for the answer it gave.
 */
import { NODE_CATALOGUE, NODE_TYPES, type JourneyGraph, type ValidationIssue } from '@kalcifer/journey';

export function systemInstruction(): string {
  const kinds = NODE_TYPES.map((type) => {
    const node = NODE_CATALOGUE[type];
    const fields = Object.entries(node.fields)
      .map(([name, rule]) => `${name}${rule.required === true ? ' (required)' : ''}: ${rule.description}`)
      .join('; ');
    return `- ${type} [${node.category}; outputs ${node.outputs.join(', ') || 'none'}]: ${node.description}${fields !== '' ? ` Fields: ${fields}` : ''}`;
  }).join('\n');
  return [
    "You design customer journeys for Kalcifer from a marketer's brief.",
    'Answer with JSON only: {"explanation": "...", "graph": {"nodes": [...], "edges": [...], "exitCriteria"?: "...", "goal"?: {"event": "...", "exitOnGoal"?: true}}}.',
    'Rules: exactly one entry node; node ids unique (letters, digits, _ . : -); every edge {from, to, output} uses an output its node has;',
    'condition needs both "true" and "false" edges; wait_for_event with a timeout needs "event" and "timeout" edges; ab_split needs one "variant:<name>" edge per variant, percents summing to 100;',
    'parallel needs one "branch:<name>" edge per branch; no cycles; every node reachable from the entry. Durations are ISO 8601 (PT30M, P3D).',
    "Expressions use customer.<attribute>, context.<key>, event.<key>, ==, !=, >, <, and, or, not, hasTag('tag'), exists(path).",
    'Node kinds:',
    kinds,
  ].join('\n');
}

/** A refinement: the current draft (without editor positions) and the marketer's message. */
export function refineTurn(current: JourneyGraph, instruction: string): string {
  const draft = {
    ...current,
    nodes: current.nodes.map((node) => {
      const { position: _position, ...rest } = node;
      return rest;
    }),
  };
  return [
    'Here is the current draft of the journey:',
    JSON.stringify(draft),
    '',
    `Apply this change to it: ${instruction}`,
    '',
    'Return the whole changed journey. Keep the ids, names and settings of the nodes the change does not touch,',
    'so the marketer sees only what changed; in "explanation", say in a sentence or two what you changed.',
  ].join('\n');
}

export function briefTurn(brief: string): string {
  return `Design the journey for this brief:\n\n${brief}`;
}

export function repairTurn(problems: ValidationIssue[] | string): string {
  const list =
    typeof problems === 'string' ? problems : problems.map((issue) => `- ${issue.message}`).join('\n');
  return `That answer is not a valid journey:\n${list}\nReturn the whole corrected JSON.`;
}
