/**
 * Where the CPU goes during a benchmark phase: CPU time (user + system, from /proc) of each
 * service process and of each local server the stack talks to, so that a figure below its target
 * comes with the process that spent the time. Servers are found by the port in their command line
 * (ports from NATS_URL, MONGODB_URL, REDIS_URL and KALCIFER_PG_PORT); PostgreSQL counts its
 * postmaster and every backend under it.
 */
import { readFileSync, readdirSync } from 'node:fs';

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number;
  cmdline: string;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux.

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      out.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        comm,
        ticks: Number(fields[11]) + Number(fields[12]),
        cmdline,
      });
    } catch {
      // The process ended while being read.
    }
  }
  return out;
}

const portOf = (url: string | undefined, fallback: number) => (url ? Number(new URL(url).port) : fallback);

/** CPU milliseconds used so far by each service and server. */
export function cpuSnapshot(services: Record<string, number | undefined>): Record<string, number> {
  const procs = processes();
  const snap: Record<string, number> = {};
  for (const [name, pid] of Object.entries(services)) {
    const p = procs.find((x) => x.pid === pid);
    if (p) snap[name] = p.ticks * TICK_MS;
  }
  const servers: Record<string, (p: Proc) => boolean> = {
    'nats-server': (p) =>
      p.comm === 'nats-server' && p.cmdline.includes(`-p ${portOf(process.env.NATS_URL, 4222)} `),
    ferretdb: (p) =>
      p.comm === 'ferretdb' && p.cmdline.includes(`:${portOf(process.env.MONGODB_URL, 27017)} `),
    'redis-server': (p) =>
      p.comm.startsWith('redis-server') && p.cmdline.includes(`:${portOf(process.env.REDIS_URL, 6379)}`),
  };
  for (const [name, match] of Object.entries(servers))
    snap[name] = procs.filter(match).reduce((sum, p) => sum + p.ticks * TICK_MS, 0);
  const pgPort = process.env.KALCIFER_PG_PORT ?? '54329';
  const postmaster = procs.find((p) => p.comm === 'postgres' && p.cmdline.includes(`-p ${pgPort} `));
  snap.postgres = postmaster
    ? procs
        .filter((p) => p.pid === postmaster.pid || p.ppid === postmaster.pid)
        .reduce((sum, p) => sum + p.ticks * TICK_MS, 0)
    : 0;
  const self = process.cpuUsage();
  snap.bench = (self.user + self.system) / 1_000;
  return snap;
}

/** CPU ms per unit of work between two snapshots, largest first, as one printable line. */
export function cpuPerUnit(
  before: Record<string, number>,
  after: Record<string, number>,
  units: number,
  unitName: string,
): { line: string; perUnitMs: Record<string, number> } {
  const perUnitMs: Record<string, number> = {};
  for (const [name, ms] of Object.entries(after)) {
    perUnitMs[name] = Number(((ms - (before[name] ?? 0)) / units || 0).toFixed(3));
  }
  const total = Object.values(perUnitMs).reduce((a, b) => a + b, 0);
  const parts = Object.entries(perUnitMs)
    .sort((a, b) => b[1] - a[1])
    .map(([n, ms]) => `${n} ${ms.toFixed(2)}`);
  return {
    line: `CPU per ${unitName} (ms): ${parts.join(', ')}; total ${total.toFixed(2)} ms = at most ${Math.floor(2_000 / total)}/s on 2 cores`,
    perUnitMs,
  };
}

/** Mongo commands each service has sent so far (`<command> <collection>` => count), when MONGODB_COMMAND_COUNTS=1. */
export async function mongoCommands(healthUrls: Record<string, string>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  if (process.env.MONGODB_COMMAND_COUNTS !== '1') return out;
  for (const [service, url] of Object.entries(healthUrls)) {
    const res = await fetch(`${url}/debug/mongo-commands`).catch(() => undefined);
    if (!res?.ok) continue;
    for (const [key, n] of Object.entries((await res.json()) as Record<string, number>))
      out[`${service}: ${key}`] = n;
  }
  return out;
}

/** The commands sent between two `mongoCommands` readings, per unit of work, largest first. */
export function commandsPerUnit(
  before: Record<string, number>,
  after: Record<string, number>,
  units: number,
  unit: string,
): string {
  const rows = Object.entries(after)
    .map(([key, n]) => [key, (n - (before[key] ?? 0)) / units] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  if (rows.length === 0) return '';
  const total = rows.reduce((sum, [, n]) => sum + n, 0);
  return `Mongo commands per ${unit}: ${total.toFixed(2)} (${rows.map(([k, n]) => `${k} ${n.toFixed(2)}`).join(', ')})`;
}
