/** Structural analysis of a directed graph given as adjacency lists: cycles and reachability. */

export type Adjacency = ReadonlyMap<string, readonly string[]>;

/**
 * Every cycle as the ordered list of nodes on one loop through it (one per strongly connected
 * component, so a tangle of loops is reported once). Iterative Tarjan: deep graphs must not
 * overflow the stack.
 */
export function findCycles(nodeIds: readonly string[], adjacency: Adjacency): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const start of nodeIds) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const successors = adjacency.get(frame.node) ?? [];
      if (frame.next < successors.length) {
        const successor = successors[frame.next++];
        if (!index.has(successor)) {
          index.set(successor, counter);
          low.set(successor, counter++);
          stack.push(successor);
          onStack.add(successor);
          work.push({ node: successor, next: 0 });
        } else if (onStack.has(successor)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(successor)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = (adjacency.get(frame.node) ?? []).includes(frame.node);
        if (component.length > 1 || selfLoop) components.push(component);
      }
    }
  }
  const order = new Map(nodeIds.map((id, position) => [id, position]));
  return components
    .map((component) => loopThrough(component, adjacency, order))
    .sort((a, b) => order.get(a[0])! - order.get(b[0])!);
}

/** A loop from the component's first node (in graph order) back to itself, by breadth-first search. */
function loopThrough(
  component: string[],
  adjacency: Adjacency,
  order: ReadonlyMap<string, number>,
): string[] {
  const members = new Set(component);
  const start = [...component].sort((a, b) => order.get(a)! - order.get(b)!)[0];
  const previous = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    for (const successor of adjacency.get(node) ?? []) {
      if (!members.has(successor)) continue;
      if (successor === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0])!);
        return path;
      }
      if (!previous.has(successor)) {
        previous.set(successor, node);
        queue.push(successor);
      }
    }
  }
  return [start]; // unreachable for a real component; keeps the function total
}

/** Nodes reachable from `starts` (the starts included). */
export function reachableFrom(starts: readonly string[], adjacency: Adjacency): Set<string> {
  const seen = new Set(starts);
  const queue = [...starts];
  while (queue.length > 0) {
    const node = queue.pop()!;
    for (const successor of adjacency.get(node) ?? []) {
      if (!seen.has(successor)) {
        seen.add(successor);
        queue.push(successor);
      }
    }
  }
  return seen;
}
