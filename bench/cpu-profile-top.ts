/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): self time per function and per package or
 * source folder, largest first. `node bench/dist/bench/cpu-profile-top.js <file.cpuprofile> [rows]`
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function where(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const m = /(packages|services)\/[^/]+\/(dist|src)\/.*/.exec(url);
  if (m) return m[0].replace(/\/[^/]+$/, '');
  return url.startsWith('node:') ? 'node:' + url.slice(5).split('/')[0] : url;
}

function main(): void {
  const [file, rowsArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: cpu-profile-top <file.cpuprofile> [rows]');
  const rows = Number(rowsArg ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url ? `${where(url)}:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const place = where(url);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
  }
  const show = (title: string, m: Map<string, number>) => {
    process.stdout.write(`${title} (self time, of ${(total / 1e6).toFixed(1)} s sampled)\n`);
    for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, rows))
      process.stdout.write(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}\n`);
  };
  show('By package or folder', byPlace);
  show('By function', byFunction);
}

main();
