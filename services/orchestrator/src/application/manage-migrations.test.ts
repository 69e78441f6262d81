import type { Logger } from '@kalcifer/platform';
import type { AuditLog } from '../ports/audit-log';
import type { InstanceStore } from '../ports/instance-store';
import type { MigrationCounts, MigrationRecord, MigrationStore } from '../ports/migration-store';
import { ManageMigrations } from './manage-migrations';
import type { MigrationFanOut } from './migration-fan-out';

const record: MigrationRecord = {
  id: 'mig1',
  workspaceId: 'ws1',
  journeyId: 'j1',
  fromVersions: [1],
  toVersion: 2,
  strategy: 'migrate_all',
  percent: 100,
  enqueuedPercent: 100,
  schedule: [],
  mapping: {},
  edits: {},
  status: 'running',
  author: 't',
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

/** Counts that take a while and say how often they were read. */
class SlowCounts {
  reads = 0;
  migrated = 0;
  release: (() => void)[] = [];

  counts(): Promise<MigrationCounts> {
    this.reads += 1;
    const migrated = this.migrated;
    return new Promise((resolve) =>
      this.release.push(() =>
        resolve({
          total: 10,
          enqueued: 10 - migrated,
          migrated,
          held: 0,
          exited: 0,
          failed: 0,
          unchanged: 0,
        }),
      ),
    );
  }
}

function setUp() {
  const slow = new SlowCounts();
  const migrations = {
    get: () => Promise.resolve(record),
    list: () => Promise.resolve([record]),
    counts: () => slow.counts(),
  } as unknown as MigrationStore;
  const instances = {
    openPerVersion: () => Promise.resolve({ '2': slow.migrated }),
  } as unknown as InstanceStore;
  const manage = new ManageMigrations(
    migrations,
    instances,
    {} as MigrationFanOut,
    {} as AuditLog,
    {} as Logger,
  );
  const releaseAll = async () => {
    while (slow.release.length === 0) await new Promise((r) => setImmediate(r));
    for (const r of slow.release.splice(0)) r();
  };
  return { slow, manage, releaseAll };
}

it('lets progress reads that arrive while one runs share it, and says when it counted', async () => {
  const { slow, manage, releaseAll } = setUp();
  const before = Date.now();
  const reads = [
    manage.get('ws1', 'j1', 'mig1'),
    manage.get('ws1', 'j1', 'mig1'),
    manage.get('ws1', 'j1', 'mig1'),
  ];
  await releaseAll();
  const views = await Promise.all(reads);
  expect(slow.reads).toBe(1);
  expect(new Set(views.map((v) => v.countedAt.getTime())).size).toBe(1);
  expect(views[0]?.countedAt.getTime()).toBeGreaterThanOrEqual(before);
  expect(views[0]?.counts.enqueued).toBe(10);
});

it('counts anew once the shared read is over', async () => {
  const { slow, manage, releaseAll } = setUp();
  const first = manage.get('ws1', 'j1', 'mig1');
  await releaseAll();
  expect((await first).counts.migrated).toBe(0);
  slow.migrated = 4;
  const second = manage.get('ws1', 'j1', 'mig1');
  await releaseAll();
  const view = await second;
  expect(slow.reads).toBe(2);
  expect(view.counts).toMatchObject({ migrated: 4, enqueued: 6 });
  expect(view.instancesPerVersion).toEqual({ '2': 4 });
});
