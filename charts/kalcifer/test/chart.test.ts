/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- rendered manifests are untyped YAML, read field by field */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import {
  CHART,
  KUBE_VERSION,
  PRODUCTION,
  REPO,
  find,
  helm,
  render,
  renderText,
  renderNotes,
  buildStrictDecoder,
  strictDecode,
  validateAgainstKubernetesSchemas,
  type Manifest,
} from './render';

// helm, a node process loading the Kubernetes schemas and a Go decoder per check: seconds, more on a busy machine.
jest.setTimeout(120_000);

const SERVICES = ['api-gateway', 'orchestrator', 'scheduler', 'channels', 'ai-designer', 'analytics'];
const STATEFUL = ['nats', 'mongodb', 'redis'];
const name = (component: string) => `kal-kalcifer-${component}`;

const defaults = render();
const production = render([PRODUCTION]);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const podSpec = (m: Manifest): any => m.spec.template.spec;
const workloads = (ms: Manifest[]) => ms.filter((m) => m.kind === 'Deployment' || m.kind === 'StatefulSet');

describe('helm lint and template', () => {
  beforeAll(() => buildStrictDecoder(), 300_000);

  it.each([
    ['default values', []],
    ['production values', ['-f', PRODUCTION]],
  ])('passes helm lint --strict with the %s', (_label, extra) => {
    const r = helm(['lint', '--strict', CHART, '--kube-version', KUBE_VERSION, ...extra]);
    expect(`${r.stdout}${r.stderr}`).toContain('0 chart(s) failed');
    expect(r.status).toBe(0);
  });

  it.each([
    ['default values', []],
    ['production values', [PRODUCTION]],
    [
      'bring-your-own dependencies and every option on',
      [],
      [
        'nats.enabled=false',
        'externalNats.url=nats://nats.example:4222',
        'mongodb.enabled=false',
        'externalMongodb.url=mongodb://mongo.example:27017/kalcifer?replicaSet=rs0',
        'redis.enabled=false',
        'externalRedis.url=redis://redis.example:6379',
        'ingress.enabled=true',
        'metrics.serviceMonitor.enabled=true',
      ],
    ],
  ])(
    'renders with the %s into manifests that validate against the Kubernetes schemas',
    (_l, files, set = []) => {
      const text = renderText(files, set);
      const results = validateAgainstKubernetesSchemas(text);
      expect(results.length).toBeGreaterThan(20);
      expect(results.filter((r) => r.errors.length > 0)).toEqual([]);
      // Unknown fields too: every built-in kind decodes strictly into its k8s.io/api type.
      const strict = strictDecode(text);
      expect(
        strict.filter((line) => !line.startsWith('ok ') && !line.startsWith('skip ServiceMonitor/')),
      ).toEqual([]);
      expect(strict.filter((line) => line.startsWith('ok '))).toHaveLength(
        results.filter((r) => r.kind !== 'ServiceMonitor').length,
      );
    },
  );

  it('the strict decoding rejects a field Kubernetes does not know', () => {
    const manifests = render();
    const container = podSpec(find(manifests, 'Deployment', name('orchestrator'))).containers[0];
    container.readinessProbe.httpGett = container.readinessProbe.httpGet;
    delete container.readinessProbe.httpGet;
    const errors = strictDecode(manifests.map((m) => stringify(m)).join('---\n')).filter((l) =>
      l.startsWith('error'),
    );
    expect(errors).toEqual([
      expect.stringMatching(/^error Deployment\/kal-kalcifer-orchestrator: .*unknown field "httpGett"/),
    ]);
  });

  it('the schema check rejects a manifest Kubernetes would reject', () => {
    const manifests = render();
    podSpec(find(manifests, 'Deployment', name('api-gateway'))).containers[0].ports[0].containerPort =
      'eighty';
    const broken = manifests.map((m) => stringify(m)).join('---\n');
    const failures = validateAgainstKubernetesSchemas(broken).filter((r) => r.errors.length > 0);
    expect(failures).toEqual([
      {
        kind: 'Deployment',
        name: name('api-gateway'),
        errors: [expect.stringContaining('containerPort must be integer')],
      },
    ]);
  });
});

describe('the services', () => {
  it.each(SERVICES)(
    '%s probes /healthz (liveness) and /readyz (readiness) on the port its config serves them',
    (svc) => {
      const spec = podSpec(find(defaults, 'Deployment', name(svc)));
      const [container] = spec.containers;
      expect(container.livenessProbe.httpGet.path).toBe('/healthz');
      expect(container.readinessProbe.httpGet.path).toBe('/readyz');
      const portName = container.readinessProbe.httpGet.port as string;
      const port = container.ports.find((p: { name: string }) => p.name === portName).containerPort as number;
      const config = find(defaults, 'ConfigMap', name(svc)).data!;
      // The gateway serves its probes on HTTP_PORT; the others on HEALTH_PORT, bound to every interface.
      if (svc === 'api-gateway') {
        expect(config.HTTP_PORT).toBe(String(port));
        expect(config.HTTP_HOST).toBe('0.0.0.0');
      } else {
        expect(config.HEALTH_PORT).toBe(String(port));
        expect(config.HEALTH_HOST).toBe('0.0.0.0');
      }
      expect(container.resources.requests).toEqual(
        expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }),
      );
      expect(container.resources.limits.memory).toEqual(expect.any(String));
    },
  );

  it('every pod runs as non-root, without privilege escalation, on a read-only root filesystem', () => {
    for (const values of [defaults, production]) {
      for (const w of workloads(values)) {
        const spec = podSpec(w);
        expect({ name: w.metadata.name, runAsNonRoot: spec.securityContext.runAsNonRoot }).toEqual({
          name: w.metadata.name,
          runAsNonRoot: true,
        });
        expect(spec.securityContext.runAsUser).toBeGreaterThan(0);
        for (const c of spec.containers) {
          expect(c.securityContext).toEqual(
            expect.objectContaining({
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
            }),
          );
        }
      }
    }
  });

  it('wires each gRPC client of the gateway to the Service of its server', () => {
    const gateway = find(defaults, 'ConfigMap', name('api-gateway')).data!;
    const wiring = [
      ['ORCHESTRATOR_GRPC_URL', 'orchestrator', 'GRPC_ADDRESS'],
      ['CHANNELS_GRPC_URL', 'channels', 'CHANNELS_GRPC_ADDRESS'],
      ['AI_DESIGNER_GRPC_URL', 'ai-designer', 'AI_DESIGNER_GRPC_ADDRESS'],
      ['ANALYTICS_GRPC_URL', 'analytics', 'ANALYTICS_GRPC_ADDRESS'],
    ];
    for (const [urlKey, svc, bindKey] of wiring) {
      const service = find(defaults, 'Service', name(svc));
      const grpcPort = service.spec.ports.find((p: { name: string }) => p.name === 'grpc').port as number;
      expect(gateway[urlKey]).toBe(`${name(svc)}:${grpcPort}`);
      expect(find(defaults, 'ConfigMap', name(svc)).data![bindKey]).toBe(`0.0.0.0:${grpcPort}`);
    }
  });

  it.each(SERVICES)(
    '%s can be given every key of its .env.example and config.ts, under the same names',
    (svc) => {
      const documented = new Set<string>();
      for (const line of readFileSync(path.join(REPO, 'services', svc, '.env.example'), 'utf8').split('\n')) {
        const m = /^#?\s*([A-Z][A-Z0-9_]+)=/.exec(line);
        if (m) documented.add(m[1]);
      }
      for (const file of ['services/' + svc + '/src/config.ts', 'packages/platform/src/config.ts']) {
        for (const m of readFileSync(path.join(REPO, file), 'utf8').matchAll(/^\s+([A-Z][A-Z0-9_]+): z/gm))
          documented.add(m[1]);
      }
      documented.delete('KALCIFER_API_KEY'); // read by the gateway's create-workspace CLI only, given on its command line
      const schema = JSON.parse(readFileSync(path.join(CHART, 'values.schema.json'), 'utf8'));
      const configurable: string[] =
        schema.properties.services.properties[svc].properties.env.propertyNames.enum;
      const deployment = find(defaults, 'Deployment', name(svc));
      const fromSecret = podSpec(deployment).containers[0].env.map(
        (e: { name: string }) => e.name,
      ) as string[];
      const wired = Object.keys(find(defaults, 'ConfigMap', name(svc)).data!);
      const chartKeys = new Set([...configurable, ...fromSecret, ...wired]);
      // A new key of a service: add it to values.yaml (services.<svc>.env, with its default), to
      // values.schema.json (that env's propertyNames enum) and to the README's env table; a secret
      // one to secretEnv and the Deployment's secret keys instead.
      const addToChartEnvSchemaAndReadme = [...documented].filter((k) => !chartKeys.has(k));
      const notReadByTheService = [...chartKeys].filter((k) => !documented.has(k));
      expect({ addToChartEnvSchemaAndReadme, notReadByTheService }).toEqual({
        addToChartEnvSchemaAndReadme: [],
        notReadByTheService: [],
      });
    },
  );

  it("serves the gateway's public gRPC port over TLS from a kubernetes.io/tls Secret when one is named", () => {
    const gateway = (ms: Manifest[]) => podSpec(find(ms, 'Deployment', name('api-gateway')));
    const tlsEnv = (spec: { containers: { env: { name: string; value?: string }[] }[] }) =>
      spec.containers[0].env.filter((e) => e.name.startsWith('PUBLIC_GRPC_TLS_'));
    expect(tlsEnv(gateway(defaults))).toEqual([]);

    const withTls = render([], ['publicGrpcTls.secretName=kal-grpc-tls']);
    const spec = gateway(withTls);
    expect(tlsEnv(spec)).toEqual([
      { name: 'PUBLIC_GRPC_TLS_CERT_FILE', value: '/etc/kalcifer/public-grpc-tls/tls.crt' },
      { name: 'PUBLIC_GRPC_TLS_KEY_FILE', value: '/etc/kalcifer/public-grpc-tls/tls.key' },
    ]);
    expect(spec.containers[0].volumeMounts).toContainEqual({
      name: 'public-grpc-tls',
      mountPath: '/etc/kalcifer/public-grpc-tls',
      readOnly: true,
    });
    expect(spec.volumes).toContainEqual({ name: 'public-grpc-tls', secret: { secretName: 'kal-grpc-tls' } });
    // Only the gateway serves the public gRPC API.
    expect(podSpec(find(withTls, 'Deployment', name('orchestrator'))).volumes).toEqual([
      { name: 'tmp', emptyDir: {} },
    ]);
  });
});

describe('scaling', () => {
  it('the default values run one replica of each service and no HorizontalPodAutoscaler', () => {
    for (const svc of SERVICES) expect(find(defaults, 'Deployment', name(svc)).spec.replicas).toBe(1);
    expect(defaults.filter((m) => m.kind === 'HorizontalPodAutoscaler')).toEqual([]);
  });

  it('the production values run 2+ replicas of every stateless service, scaled by an HPA from 2', () => {
    const hpas = production.filter((m) => m.kind === 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => h.spec.scaleTargetRef.name).sort()).toEqual(SERVICES.map(name).sort());
    for (const h of hpas) {
      expect(h.spec.scaleTargetRef.kind).toBe('Deployment');
      expect(h.spec.minReplicas).toBeGreaterThanOrEqual(2);
      // The HPA owns the replica count: the Deployment leaves it unset.
      expect(find(production, 'Deployment', h.spec.scaleTargetRef.name).spec.replicas).toBeUndefined();
    }
    expect(find(production, 'Deployment', name('console')).spec.replicas).toBeGreaterThanOrEqual(2);
  });

  it('never autoscales the stateful dependencies, and covers every workload with a PodDisruptionBudget', () => {
    const targets = production
      .filter((m) => m.kind === 'HorizontalPodAutoscaler')
      .map((h) => h.spec.scaleTargetRef.name);
    for (const dep of STATEFUL) expect(targets).not.toContain(name(dep));
    const pdbs = production.filter((m) => m.kind === 'PodDisruptionBudget').map((p) => p.metadata.name);
    expect(pdbs.sort()).toEqual([...SERVICES, 'console', 'nats', 'mongodb'].map(name).sort());
  });
});

describe('the dependencies', () => {
  it('production: a 3-node NATS JetStream cluster on file storage, whose config nats-server accepts', () => {
    const nats = find(production, 'StatefulSet', name('nats'));
    expect(nats.spec.replicas).toBe(3);
    expect(nats.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('20Gi');
    const conf = find(production, 'ConfigMap', name('nats')).data!['nats.conf'];
    expect(conf).toMatch(/jetstream \{\s+store_dir: \/data/);
    expect(conf.match(/nats:\/\/kal-kalcifer-nats-\d\.kal-kalcifer-nats-headless:6222/g)).toHaveLength(3);
    const dir = mkdtempSync(path.join(tmpdir(), 'kalcifer-nats-'));
    writeFileSync(path.join(dir, 'nats.conf'), conf.replace('/var/run/nats/', `${dir}/`));
    const check = spawnSync(
      path.join(REPO, '.kalcifer/bin/nats-server'),
      ['-t', '-c', path.join(dir, 'nats.conf')],
      {
        encoding: 'utf8',
        env: { ...process.env, POD_NAME: 'kal-kalcifer-nats-0' },
      },
    );
    rmSync(dir, { recursive: true, force: true });
    expect(`${check.stdout}${check.stderr}`).toContain('is valid');
  });

  it('production: a 3-member MongoDB replica set that the services connect to as one', () => {
    const mongo = find(production, 'StatefulSet', name('mongodb'));
    expect(mongo.spec.replicas).toBe(3);
    expect(podSpec(mongo).containers[0].args).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    const init = podSpec(mongo).containers.find((c: { name: string }) => c.name === 'replica-set-init');
    expect(init.command.join(' ')).toContain('kal-kalcifer-mongodb-2.kal-kalcifer-mongodb-headless:27017');
    const url = find(production, 'Secret', 'kal-kalcifer-env').stringData!.MONGODB_URL;
    expect(url).toBe(
      'mongodb://kal-kalcifer-mongodb-0.kal-kalcifer-mongodb-headless:27017,kal-kalcifer-mongodb-1.kal-kalcifer-mongodb-headless:27017,' +
        'kal-kalcifer-mongodb-2.kal-kalcifer-mongodb-headless:27017/kalcifer?replicaSet=rs0',
    );
  });

  it('production: Redis with an append-only file on a volume; the default values keep it in memory', () => {
    const redis = find(production, 'StatefulSet', name('redis'));
    expect(podSpec(redis).containers[0].args).toEqual(expect.arrayContaining(['--appendonly', 'yes']));
    expect(redis.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
    const dev = find(defaults, 'StatefulSet', name('redis'));
    expect(podSpec(dev).containers[0].args).toEqual(expect.arrayContaining(['--appendonly', 'no']));
    expect(dev.spec.volumeClaimTemplates).toBeUndefined();
  });

  it('bring-your-own: disabling a dependency removes it and points the services at the given URL', () => {
    const byo = render(
      [],
      [
        'nats.enabled=false',
        'externalNats.url=nats://nats.example:4222',
        'mongodb.enabled=false',
        'externalMongodb.url=mongodb://mongo.example:27017/kalcifer?replicaSet=rs0',
        'redis.enabled=false',
        'externalRedis.url=redis://redis.example:6379',
        'mailpit.enabled=false',
        'smtp.url=smtp://relay.example:587',
      ],
    );
    for (const dep of [...STATEFUL, 'mailpit']) {
      expect(byo.filter((m) => m.metadata.name.startsWith(name(dep)))).toEqual([]);
    }
    expect(find(byo, 'Secret', 'kal-kalcifer-env').stringData).toEqual(
      expect.objectContaining({
        NATS_URL: 'nats://nats.example:4222',
        MONGODB_URL: 'mongodb://mongo.example:27017/kalcifer?replicaSet=rs0',
        REDIS_URL: 'redis://redis.example:6379',
        SMTP_URL: 'smtp://relay.example:587',
      }),
    );
    expect(find(byo, 'ConfigMap', name('channels')).data!.MAILPIT_API_URL).toBe('');
  });

  it('existingSecret: the chart creates no Secret and the pods read the given one', () => {
    const own = render([], ['existingSecret=my-kalcifer-secrets']);
    expect(own.filter((m) => m.kind === 'Secret')).toEqual([]);
    const env = podSpec(find(own, 'Deployment', name('channels'))).containers[0].env;
    expect(
      new Set(
        env.map((e: { valueFrom: { secretKeyRef: { name: string } } }) => e.valueFrom.secretKeyRef.name),
      ),
    ).toEqual(new Set(['my-kalcifer-secrets']));
  });
});

describe('exposure and monitoring', () => {
  it('routes the gateway host to the gateway and the console host to the console', () => {
    const ingress = find(production, 'Ingress', 'kal-kalcifer');
    const routes = ingress.spec.rules.map(
      (r: { host: string; http: { paths: { backend: { service: { name: string } } }[] } }) => [
        r.host,
        r.http.paths[0].backend.service.name,
      ],
    );
    expect(routes).toEqual([
      ['api.kalcifer.example.com', name('api-gateway')],
      ['console.kalcifer.example.com', name('console')],
    ]);
    // Providers post delivery statuses to the public gateway URL.
    expect(find(production, 'ConfigMap', name('channels')).data!.WEBHOOK_PUBLIC_URL).toBe(
      'https://api.kalcifer.example.com',
    );
  });

  it('a ServiceMonitor per service scrapes /metrics on a port its Service has, only when enabled', () => {
    expect(defaults.filter((m) => m.kind === 'ServiceMonitor')).toEqual([]);
    const monitors = production.filter((m) => m.kind === 'ServiceMonitor');
    expect(monitors).toHaveLength(SERVICES.length);
    for (const sm of monitors) {
      const service = find(production, 'Service', sm.metadata.name);
      const ports = service.spec.ports.map((p: { name: string }) => p.name);
      expect(ports).toContain(sm.spec.endpoints[0].port);
      expect(sm.spec.endpoints[0].path).toBe('/metrics');
    }
  });

  it('lets only the gateway reach the gRPC ports, and only the release reach the dependencies', () => {
    const orchestrator = find(defaults, 'NetworkPolicy', name('orchestrator'));
    const grpcRule = orchestrator.spec.ingress.find(
      (r: { ports: { port: string }[] }) => r.ports[0].port === 'grpc',
    );
    expect(grpcRule.from).toEqual([
      {
        podSelector: {
          matchLabels: expect.objectContaining({ 'app.kubernetes.io/component': 'api-gateway' }),
        },
      },
    ]);
    for (const dep of STATEFUL) {
      const np = find(defaults, 'NetworkPolicy', name(dep));
      expect(np.spec.ingress).toEqual([
        { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'kal' } } }] },
      ]);
    }
  });
});

describe('values.schema.json', () => {
  it.each([
    [
      'an env key the service does not read',
      ['services.orchestrator.env.SIGNAL_CONCURENCY=8'],
      "invalid propertyName 'SIGNAL_CONCURENCY'",
    ],
    ['a misspelt top-level key', ['mongdb.enabled=false'], "additional properties 'mongdb' not allowed"],
    ['a 2-node NATS cluster (RAFT needs an odd number)', ['nats.replicas=2'], '/nats/replicas'],
    ['NATS disabled without externalNats.url', ['nats.enabled=false'], '/externalNats/url'],
    ['MongoDB disabled without externalMongodb.url', ['mongodb.enabled=false'], '/externalMongodb/url'],
    ['Mailpit disabled without smtp.url', ['mailpit.enabled=false'], '/smtp/url'],
    [
      'an encryption key that is not 32 bytes in base64',
      ['secretEnv.KALCIFER_ENCRYPTION_KEY=short'],
      '/secretEnv/KALCIFER_ENCRYPTION_KEY',
    ],
    ['an unknown log level', ['config.LOG_LEVEL=verbose'], '/config/LOG_LEVEL'],
    ['a negative replica count', ['services.channels.replicaCount=-1'], '/services/channels/replicaCount'],
  ])('rejects %s', (_label, set, message) => {
    expect(() => render([], set)).toThrow(message);
  });
});

describe('README.md', () => {
  /** The documented key paths: each table row's first cell, `a.b.c` / `d` naming a.b.c and a.b.d. */
  function documentedKeys(): Set<string> {
    const keys = new Set<string>();
    for (const line of readFileSync(path.join(CHART, 'README.md'), 'utf8').split('\n')) {
      const cell = /^\| (`[^|]+) \|/.exec(line)?.[1];
      if (!cell) continue;
      const [first, ...more] = [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      keys.add(first);
      const parent = first.split('.').slice(0, -1).join('.');
      for (const k of more) keys.add(`${parent}.${k}`);
    }
    return keys;
  }

  /** Every key path of values.yaml, services normalized to <svc>, down to the maps documented as one row. */
  function valueKeys(node: unknown, prefix = ''): string[] {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return [prefix];
    const whole = [
      'env',
      'resources',
      'podAnnotations',
      'nodeSelector',
      'affinity',
      'annotations',
      'labels',
      'podDisruptionBudget',
      'metricsNamespaceSelector',
    ];
    const last = prefix.split('.').pop()!;
    if (prefix && whole.includes(last) && !(last === 'podDisruptionBudget' && prefix.startsWith('services')))
      return [prefix];
    return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => {
      const key = prefix === 'services' ? '<svc>' : k;
      return valueKeys(v, prefix ? `${prefix}.${key}` : key);
    });
  }

  it('has a row in its values table for every value of values.yaml', () => {
    const documented = documentedKeys();
    const values = parse(readFileSync(path.join(CHART, 'values.yaml'), 'utf8')) as unknown;
    const undocumented = [...new Set(valueKeys(values))].filter((k) => !documented.has(k));
    expect(undocumented).toEqual([]);
  });
});

describe('NOTES.txt', () => {
  it('tells a default install how to reach the API and the console, create a workspace, and set the encryption key', () => {
    const notes = renderNotes();
    expect(notes).toContain('kubectl -n kalcifer port-forward svc/kal-kalcifer-api-gateway 8080:8080');
    expect(notes).toContain('kubectl -n kalcifer exec deploy/kal-kalcifer-api-gateway --');
    expect(notes).toContain('node services/api-gateway/dist/cli/create-workspace.js --name');
    expect(notes).toContain('port-forward svc/kal-kalcifer-console 4200:8080');
    expect(notes).toContain('Mailpit');
    expect(notes).toContain('No KALCIFER_ENCRYPTION_KEY is set');
  });

  it('points a production install at its Ingress hosts over https', () => {
    const notes = renderNotes([PRODUCTION], ['secretEnv.KALCIFER_ENCRYPTION_KEY=' + 'A'.repeat(43) + '=']);
    expect(notes).toContain('https://api.kalcifer.example.com/healthz');
    expect(notes).toContain('https://console.kalcifer.example.com/');
    expect(notes).not.toContain('port-forward');
    expect(notes).not.toContain('No KALCIFER_ENCRYPTION_KEY');
  });
});
