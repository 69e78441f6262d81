/**
 * Evaluates a parsed expression against a scope. Evaluation never throws on data: a missing path,
 * a value of the wrong type or a division by zero gives `null`, and `null` compares false.
 * Customer data is dirty; one odd profile must not fail a journey that works for everyone else.
 */
import type { BinaryOperator, ExpressionFunction, ExpressionNode } from './ast';

export interface ExpressionScope {
  customer?: unknown;
  context?: unknown;
  event?: unknown;
  /** Epoch ms returned by `now()`; the interpreter passes its `now`, never the wall clock. */
  now?: number;
}

/** What an expression can produce: JSON values (objects only via paths). */
export type ExpressionValue =
  null | boolean | number | string | ExpressionValue[] | { [key: string]: unknown };

const UNIT_MS: Record<'days' | 'hours' | 'minutes', number> = {
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
};

export function evaluateNode(node: ExpressionNode, scope: ExpressionScope): ExpressionValue {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'array':
      return node.elements.map((element) => evaluateNode(element, scope));
    case 'path':
      return resolvePath(scope, node.root, node.segments);
    case 'unary': {
      const operand = evaluateNode(node.operand, scope);
      if (node.operator === '!') return !isTruthy(operand);
      return typeof operand === 'number' ? finite(-operand) : null;
    }
    case 'logical': {
      const left = isTruthy(evaluateNode(node.left, scope));
      // Short-circuit, so `exists(x) && x > 1` reads naturally.
      if (node.operator === '&&') return left && isTruthy(evaluateNode(node.right, scope));
      return left || isTruthy(evaluateNode(node.right, scope));
    }
    case 'binary':
      return binary(node.operator, evaluateNode(node.left, scope), evaluateNode(node.right, scope));
    case 'call':
      return call(node.name, node.args, scope);
  }
}

/** null, false, 0, NaN, '' and [] are false; everything else is true. */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '') return false;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function binary(operator: BinaryOperator, left: ExpressionValue, right: ExpressionValue): ExpressionValue {
  switch (operator) {
    case '==':
      return deepEqual(left, right);
    case '!=':
      return !deepEqual(left, right);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(operator, left, right);
    case 'in':
      return includes(right, left);
    case 'not in':
      return !includes(right, left);
    case 'contains':
      return includes(left, right);
    case '+':
      if (typeof left === 'string' && typeof right === 'string') return left + right;
      return typeof left === 'number' && typeof right === 'number' ? finite(left + right) : null;
    case '-':
      return typeof left === 'number' && typeof right === 'number' ? finite(left - right) : null;
    case '*':
      return typeof left === 'number' && typeof right === 'number' ? finite(left * right) : null;
    case '/':
      return typeof left === 'number' && typeof right === 'number' ? finite(left / right) : null;
    case '%':
      return typeof left === 'number' && typeof right === 'number' ? finite(left % right) : null;
  }
}

/** Numbers with numbers, strings with strings; anything else (including null) is false. */
function compare(operator: '<' | '<=' | '>' | '>=', left: ExpressionValue, right: ExpressionValue): boolean {
  const comparable =
    (typeof left === 'number' && typeof right === 'number') ||
    (typeof left === 'string' && typeof right === 'string');
  if (!comparable) return false;
  switch (operator) {
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
  }
}

/** Membership in an array (by value) or substring of a string. */
function includes(container: ExpressionValue, item: ExpressionValue): boolean {
  if (Array.isArray(container)) return container.some((element) => deepEqual(element, item));
  if (typeof container === 'string' && typeof item === 'string') return container.includes(item);
  return false;
}

function call(name: ExpressionFunction, args: ExpressionNode[], scope: ExpressionScope): ExpressionValue {
  switch (name) {
    case 'exists':
      return evaluateNode(args[0], scope) !== null;
    case 'lower': {
      const value = evaluateNode(args[0], scope);
      return typeof value === 'string' ? value.toLowerCase() : null;
    }
    case 'upper': {
      const value = evaluateNode(args[0], scope);
      return typeof value === 'string' ? value.toUpperCase() : null;
    }
    case 'len': {
      const value = evaluateNode(args[0], scope);
      if (typeof value === 'string' || Array.isArray(value)) return value.length;
      return isPlainObject(value) ? Object.keys(value).length : null;
    }
    case 'now':
      return typeof scope.now === 'number' ? scope.now : null;
    case 'hasTag': {
      // Sugar for `'vip' in customer.tags`, which segment authors reach for first.
      const tag = evaluateNode(args[0], scope);
      const tags = resolvePath(scope, 'customer', ['tags']);
      return typeof tag === 'string' && Array.isArray(tags) && tags.includes(tag);
    }
    case 'days':
    case 'hours':
    case 'minutes': {
      const value = evaluateNode(args[0], scope);
      return typeof value === 'number' ? finite(value * UNIT_MS[name]) : null;
    }
  }
}

/**
 * Walks own properties of plain objects and arrays only: a class instance, a function or an
 * inherited property is never reached, whatever the data contains.
 */
function resolvePath(scope: ExpressionScope, root: string, segments: string[]): ExpressionValue {
  let current: unknown = ownProperty(scope, root);
  for (const segment of segments) {
    if (current === null || current === undefined) return null;
    current = ownProperty(current, segment);
  }
  return toValue(current);
}

function ownProperty(container: unknown, key: string): unknown {
  if (!(Array.isArray(container) || isPlainObject(container))) return undefined;
  return Object.prototype.hasOwnProperty.call(container, key)
    ? (container as Record<string, unknown>)[key]
    : undefined;
}

/** Data as the language sees it: functions, class instances, undefined and NaN become null. */
function toValue(value: unknown): ExpressionValue {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return finite(value);
  if (Array.isArray(value)) return value as ExpressionValue[];
  return isPlainObject(value) ? value : null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Structural equality of JSON values; no coercion (`1 == '1'` is false). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined) return b === null;
  if (b === undefined) return a === null;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((element, index) => deepEqual(element, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && deepEqual(a[key], b[key]));
  }
  return false;
}
