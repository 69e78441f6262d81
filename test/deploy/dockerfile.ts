import { readFileSync } from 'node:fs';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '../..');
export const SERVICES = ['api-gateway', 'orchestrator', 'scheduler', 'channels', 'ai-designer', 'analytics'];

/** One build stage of a Dockerfile, with what a container started from it runs. */
export interface Stage {
  name: string;
  from: string;
  /** ENV of this stage and of the stages it is built FROM (later ones win). */
  env: Record<string, string>;
  cmd?: string[];
  user?: string;
  workdir?: string;
}

/** A small reader of the Dockerfile instructions these tests need (FROM, ENV, CMD, USER, WORKDIR, ARG). */
export function readDockerfile(file: string): Stage[] {
  const text = readFileSync(path.join(REPO, file), 'utf8').replace(/\\\n/g, ' ');
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [instruction, ...rest] = line.split(/\s+/);
    const value = rest.join(' ');
    const stage = stages[stages.length - 1];
    switch (instruction.toUpperCase()) {
      case 'ARG': {
        const [k, v = ''] = value.split('=');
        args[k] = v;
        break;
      }
      case 'FROM': {
        const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(value)!;
        const from = m[1].replace(/\$\{(\w+)\}/g, (_s, k: string) => args[k] ?? '');
        const parent = stages.find((s) => s.name === from);
        stages.push({
          name: m[2] ?? `stage-${stages.length}`,
          from: parent ? parent.from : from,
          env: { ...(parent?.env ?? {}) },
          user: parent?.user,
          workdir: parent?.workdir,
        });
        break;
      }
      case 'ENV':
        for (const m of value.matchAll(/(\w+)=("[^"]*"|\S+)/g)) stage.env[m[1]] = m[2].replace(/^"|"$/g, '');
        break;
      case 'CMD':
        stage.cmd = JSON.parse(value) as string[];
        break;
      case 'USER':
        stage.user = value;
        break;
      case 'WORKDIR':
        stage.workdir = value;
        break;
      default:
        break;
    }
  }
  return stages;
}

/** The keys a service reads: its .env.example (commented keys too) and its config schema. */
export function envKeys(service: string): Set<string> {
  const keys = new Set<string>();
  for (const line of readFileSync(path.join(REPO, 'services', service, '.env.example'), 'utf8').split('\n')) {
    const m = /^#?\s*([A-Z][A-Z0-9_]+)=/.exec(line);
    if (m) keys.add(m[1]);
  }
  return keys;
}
