/** The expression AST. Plain data (JSON-serialisable), so a parsed expression can be cached or shipped. */

export type BinaryOperator =
  '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in' | 'contains' | '+' | '-' | '*' | '/' | '%';

export type LogicalOperator = '&&' | '||';

export type UnaryOperator = '!' | '-';

/** Roots a path may start from; they are the keys of the evaluation scope. */
export const EXPRESSION_ROOTS = ['customer', 'context', 'event'] as const;
export type ExpressionRoot = (typeof EXPRESSION_ROOTS)[number];

export const EXPRESSION_FUNCTIONS = [
  'exists',
  'lower',
  'upper',
  'len',
  'now',
  'days',
  'hours',
  'minutes',
  'hasTag',
] as const;
export type ExpressionFunction = (typeof EXPRESSION_FUNCTIONS)[number];

export type ExpressionNode =
  | { type: 'literal'; value: null | boolean | number | string; position: number }
  | { type: 'array'; elements: ExpressionNode[]; position: number }
  | { type: 'path'; root: ExpressionRoot; segments: string[]; position: number }
  | { type: 'unary'; operator: UnaryOperator; operand: ExpressionNode; position: number }
  | {
      type: 'binary';
      operator: BinaryOperator;
      left: ExpressionNode;
      right: ExpressionNode;
      position: number;
    }
  | {
      type: 'logical';
      operator: LogicalOperator;
      left: ExpressionNode;
      right: ExpressionNode;
      position: number;
    }
  | { type: 'call'; name: ExpressionFunction; args: ExpressionNode[]; position: number };
