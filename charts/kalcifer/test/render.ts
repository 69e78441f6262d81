import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The chart, its production values, and the helm that scripts/infra.sh builds into .kalcifer/bin. */
export const REPO = path.resolve(__dirname, '../../..');
export const CHART = path.join(REPO, 'charts/kalcifer');
export const PRODUCTION = path.join(CHART, 'values-production.yaml');
export const HELM = process.env.HELM ?? path.join(REPO, '.kalcifer/bin/helm');
/** The Kubernetes version the chart is rendered and linted for (kubernetes-models 5.1 carries its schemas). */
export const KUBE_VERSION = '1.34.0';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  // Each test reads the part it checks.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

export function requireHelm(): void {
  if (!existsSync(HELM)) {
    throw new Error(
      `no helm at ${HELM}: run "bash scripts/infra.sh install" (it builds helm from the Go module proxy)`,
    );
  }
}

export interface HelmResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function helm(args: string[]): HelmResult {
  requireHelm();
  const r = spawnSync(HELM, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `helm template` with value files and --set flags; throws with helm's message when it fails. */
export function renderText(valueFiles: string[] = [], set: string[] = []): string {
  const args = ['template', 'kal', CHART, '--namespace', 'kalcifer', '--kube-version', KUBE_VERSION];
  for (const f of valueFiles) args.push('-f', f);
  for (const s of set) args.push('--set', s);
  const r = helm(args);
  if (r.status !== 0) throw new Error(r.stderr.trim());
  return r.stdout;
}

export function render(valueFiles: string[] = [], set: string[] = []): Manifest[] {
  return parseAllDocuments(renderText(valueFiles, set))
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

export function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const m = manifests.find((x) => x.kind === kind && x.metadata.name === name);
  if (!m)
    throw new Error(
      `no ${kind} ${name} among ${manifests.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`,
    );
  return m;
}

export interface Validation {
  kind: string;
  name: string;
  errors: string[];
}

/** Validates manifests (YAML text) against the Kubernetes JSON schemas, in a child process (ESM-only packages). */
export function validateAgainstKubernetesSchemas(yamlText: string): Validation[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'kalcifer-chart-'));
  const file = path.join(dir, 'manifests.yaml');
  writeFileSync(file, yamlText);
  const out = execFileSync(process.execPath, [path.join(__dirname, 'validate-manifests.mjs'), file], {
    encoding: 'utf8',
    cwd: REPO,
  });
  rmSync(dir, { recursive: true, force: true });
  return JSON.parse(out) as Validation[];
}

const STRICT = path.join(REPO, '.kalcifer/bin/chart-strict');

/**
 * Builds test/strict (Go: k8s.io/api types, decoding that refuses unknown fields) into
 * .kalcifer/bin. Incremental: about a second once built; the first build fetches its modules from
 * the Go module proxy (about a minute).
 */
export function buildStrictDecoder(): void {
  const r = spawnSync('go', ['build', '-o', STRICT, '.'], {
    cwd: path.join(__dirname, 'strict'),
    encoding: 'utf8',
    env: { ...process.env, GOFLAGS: '-mod=mod -buildvcs=false' },
  });
  if (r.status !== 0)
    throw new Error(
      `go build of charts/kalcifer/test/strict failed (Go is needed, as for scripts/infra.sh):\n${r.stderr}`,
    );
}

/** Each manifest decoded into its k8s.io/api type with unknown fields refused: lines "ok|skip|error Kind/name[: why]". */
export function strictDecode(yamlText: string): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'kalcifer-strict-'));
  const file = path.join(dir, 'manifests.yaml');
  writeFileSync(file, yamlText);
  const r = spawnSync(STRICT, [file], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  return `${r.stdout}${r.stderr}`.trim().split('\n');
}

/**
 * NOTES.txt as `helm install` prints it (helm template leaves it out): rendered from a copy of the
 * chart where it is a named template, placed in a ConfigMap.
 */
export function renderNotes(valueFiles: string[] = [], set: string[] = []): string {
  const tmp = mkdtempSync(path.join(tmpdir(), 'kalcifer-notes-'));
  const copy = path.join(tmp, 'kalcifer');
  cpSync(CHART, copy, { recursive: true });
  const notes = readFileSync(path.join(copy, 'templates/NOTES.txt'), 'utf8');
  writeFileSync(
    path.join(copy, 'templates/_notes.tpl'),
    `{{- define "kalcifer.notes" -}}\n${notes}{{- end -}}\n`,
  );
  renameSync(path.join(copy, 'templates/NOTES.txt'), path.join(copy, 'NOTES.txt.orig'));
  writeFileSync(
    path.join(copy, 'templates/notes-check.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  notes: |\n{{ include "kalcifer.notes" . | indent 4 }}\n',
  );
  const args = ['template', 'kal', copy, '--namespace', 'kalcifer', '--kube-version', KUBE_VERSION];
  args.push('--show-only', 'templates/notes-check.yaml');
  for (const f of valueFiles) args.push('-f', f);
  for (const s of set) args.push('--set', s);
  const r = helm(args);
  rmSync(tmp, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(r.stderr.trim());
  const [doc] = parseAllDocuments(r.stdout).map((d) => d.toJS() as Manifest);
  return doc.data!.notes;
}
