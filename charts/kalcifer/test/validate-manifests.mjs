// Validates rendered Kubernetes manifests against the Kubernetes JSON schemas carried by the npm
// package kubernetes-models (and @kubernetes-models/prometheus-operator for ServiceMonitor).
// An ES module (those packages are ESM-only), run as a child process by chart.test.ts:
//   node validate-manifests.mjs <file.yaml>  -> prints [{ kind, name, errors }] as JSON
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const MODULES = {
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
};

async function modelFor(apiVersion, kind) {
  const specifier = MODULES[apiVersion] ?? `kubernetes-models/${apiVersion}`;
  let mod;
  try {
    mod = await import(specifier);
  } catch {
    return undefined;
  }
  return mod[kind];
}

const text = readFileSync(process.argv[2], 'utf8');
const results = [];
for (const doc of parseAllDocuments(text)) {
  const manifest = doc.toJS();
  if (!manifest) continue;
  const { apiVersion, kind } = manifest;
  const name = manifest.metadata?.name;
  const Model = await modelFor(apiVersion, kind);
  if (!Model) {
    results.push({ kind, name, errors: [`no schema for ${apiVersion} ${kind}`] });
    continue;
  }
  try {
    new Model(manifest).validate();
    results.push({ kind, name, errors: [] });
  } catch (err) {
    const details = err.errors?.map((e) => `${e.instancePath} ${e.message}`) ?? [String(err.message)];
    results.push({ kind, name, errors: details });
  }
}
process.stdout.write(JSON.stringify(results));
