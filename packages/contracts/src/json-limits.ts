/**
 * How deep a JSON value may nest: the one limit the gateway enforces on every request body
 * (docs/api.md, "Limits") and the orchestrator applies to what it hands out over gRPC.
 *
 * Why 20: a JSON value travels as google.protobuf.Struct, where each object level costs three
 * nested messages (Struct, its map entry, Value) and each array level two (ListValue, Value). The
 * generated decoders refuse more than 100 nested messages, so a Struct field of a response
 * (ListInstancesResponse > Instance > state > context > ...) carries about 31 object levels.
 * 20 leaves room for the levels a value is wrapped in on its way back (instance state, version
 * diffs, trace data); json-limits.test.ts checks that margin against the generated messages.
 */
export const MAX_JSON_DEPTH = 20;

/** What a value nested deeper than the limit is replaced by when it is read (see clampJsonDepth). */
export const TRUNCATED_MARKER = `[truncated: nested deeper than ${MAX_JSON_DEPTH} levels]`;

const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null;

/**
 * The value with every object or array below `maxDepth` levels replaced by TRUNCATED_MARKER (the
 * value itself is level 1). For records stored before the limit existed: a read shows what it
 * can carry instead of failing. Returns the same value when nothing is too deep. Iterative up to
 * the limit only, so a value nested thousands of levels deep costs no deep recursion.
 */
export function clampJsonDepth<T>(value: T, maxDepth = MAX_JSON_DEPTH): T {
  if (!isContainer(value) || !nestsDeeperThan(value, maxDepth)) return value;
  return clamp(value, 1, maxDepth) as T;
}

function clamp(value: unknown, level: number, maxDepth: number): unknown {
  if (!isContainer(value)) return value;
  if (level > maxDepth) return TRUNCATED_MARKER;
  if (Array.isArray(value)) return value.map((item) => clamp(item, level + 1, maxDepth));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = clamp(item, level + 1, maxDepth);
  return out;
}

/** Whether an object or array sits more than `maxDepth` levels deep (the value itself is level 1). */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, level] = stack.pop()!;
    if (!isContainer(current)) continue;
    if (level > maxDepth) return true;
    for (const item of Array.isArray(current) ? current : Object.values(current))
      if (isContainer(item)) stack.push([item, level + 1]);
  }
  return false;
}
