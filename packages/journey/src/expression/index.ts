/**
 * The expression language of `condition` nodes, `event_entry` filters and journey `exitCriteria`
 * (docs/expressions.md). No eval, no Function, no prototype access: a hand-written parser to a
 * plain AST and a small evaluator.
 */
import type { ExpressionNode } from './ast';
import { evaluateNode, isTruthy, type ExpressionScope, type ExpressionValue } from './evaluator';
import { parse } from './parser';

export type {
  BinaryOperator,
  ExpressionFunction,
  ExpressionNode,
  ExpressionRoot,
  LogicalOperator,
  UnaryOperator,
} from './ast';
export { EXPRESSION_FUNCTIONS, EXPRESSION_ROOTS } from './ast';
export { ExpressionError } from './expression-error';
export { MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH } from './parser';
export { isTruthy, deepEqual, type ExpressionScope, type ExpressionValue } from './evaluator';

// Conditions are evaluated for every customer who passes a node: parse each source once.
const CACHE_LIMIT = 1000;
const cache = new Map<string, ExpressionNode>();

/** Parses an expression; throws ExpressionError (with `position`) saying what was expected. */
export function parseExpression(source: string): ExpressionNode {
  const cached = cache.get(source);
  if (cached !== undefined) return cached;
  // Frozen because the cached tree is shared by every caller.
  const ast = deepFreeze(parse(source));
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(source, ast);
  return ast;
}

/** Evaluates an expression (source or parsed AST). Only a parse error throws; data never does. */
export function evaluateExpression(
  expression: string | ExpressionNode,
  scope: ExpressionScope,
): ExpressionValue {
  const ast = typeof expression === 'string' ? parseExpression(expression) : expression;
  return evaluateNode(ast, scope);
}

/** Evaluates and reduces to a boolean with `isTruthy`: what conditions and exit criteria do. */
export function evaluateCondition(expression: string | ExpressionNode, scope: ExpressionScope): boolean {
  return isTruthy(evaluateExpression(expression, scope));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
