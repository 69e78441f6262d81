/** Per-node checks: shape, unique id, known type, config, display fields. */
import type { JourneyNode, NodeType } from '../model/graph';
import { NODE_CATALOGUE, isNodeType } from '../nodes';
import { describeNode as describe, isRecord } from './issue-wording';
import type { ValidationIssue } from './validation-issue';

/** Node ids appear in send keys, trace lines and URLs: keep them to a safe alphabet. */
export const NODE_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,100}$/;

const KNOWN_TYPES = Object.keys(NODE_CATALOGUE).join(', ');

/** Nodes whose id and type are usable, by id, in graph order. Unusable ones are reported. */
export function checkNodes(rawNodes: unknown[], errors: ValidationIssue[]): Map<string, JourneyNode> {
  const nodes = new Map<string, JourneyNode>();
  const firstIndex = new Map<string, number>();
  rawNodes.forEach((raw, i) => {
    const path = `nodes[${i}]`;
    if (!isRecord(raw)) {
      errors.push({
        code: 'invalid_shape',
        path,
        message: `${path} must be an object with "id", "type" and "config"`,
      });
      return;
    }
    const id = raw.id;
    if (typeof id !== 'string' || !NODE_ID_PATTERN.test(id)) {
      errors.push({
        code: 'invalid_shape',
        path: `${path}.id`,
        message: `${path} needs an "id": 1-100 letters, digits or _ . : - (e.g. "welcome_email")`,
      });
      return;
    }
    const seenAt = firstIndex.get(id);
    if (seenAt !== undefined) {
      errors.push({
        code: 'duplicate_node_id',
        nodeId: id,
        path: `${path}.id`,
        message: `Node id "${id}" is used by nodes[${seenAt}] and ${path}; give each node a unique id`,
      });
      return;
    }
    firstIndex.set(id, i);
    if (!isNodeType(raw.type)) {
      errors.push({
        code: 'unknown_node_type',
        nodeId: id,
        path: `${path}.type`,
        message: `Node "${id}" has unknown type ${JSON.stringify(raw.type)}; use one of: ${KNOWN_TYPES}`,
      });
      return;
    }
    const type: NodeType = raw.type;
    for (const problem of NODE_CATALOGUE[type].validateConfig(raw.config)) {
      errors.push({
        code: 'invalid_config',
        nodeId: id,
        path: problem.field === '' ? `${path}.config` : `${path}.config.${problem.field}`,
        message: `${describe({ id, type })}: ${problem.message}`,
      });
    }
    checkDisplayFields(raw, id, path, errors);
    nodes.set(id, { id, type, config: isRecord(raw.config) ? raw.config : {} });
  });
  return nodes;
}

function checkDisplayFields(
  raw: Record<string, unknown>,
  id: string,
  path: string,
  errors: ValidationIssue[],
): void {
  if (raw.name !== undefined && typeof raw.name !== 'string') {
    errors.push({
      code: 'invalid_shape',
      nodeId: id,
      path: `${path}.name`,
      message: `Node "${id}": "name" must be text`,
    });
  }
  const position = raw.position;
  if (
    position !== undefined &&
    !(isRecord(position) && typeof position.x === 'number' && typeof position.y === 'number')
  ) {
    errors.push({
      code: 'invalid_shape',
      nodeId: id,
      path: `${path}.position`,
      message: `Node "${id}": "position" must be {"x": number, "y": number}`,
    });
  }
}
