import { ref } from './openapi-schemas';

/** Live versioning (DESIGN.md §5): publish strategies, diff, rollback, migrations, held instances, audit. */

type Json = Record<string, unknown>;

const err = (name: string) => ({ $ref: `#/components/responses/${name}` });
const errs = (...codes: Array<'400' | '404' | '409'>) => {
  const names = { '400': 'BadRequest', '404': 'NotFound', '409': 'Conflict' } as const;
  return {
    ...Object.fromEntries(codes.map((c) => [c, err(names[c])])),
    '401': err('Unauthorized'),
    '503': err('ServiceUnavailable'),
    '500': err('InternalError'),
  };
};
const ok = (status: string, description: string, schema: string) => ({
  [status]: { description, content: { 'application/json': { schema: ref(schema) } } },
});
const body = (schema: string, required = true) => ({
  required,
  content: { 'application/json': { schema: ref(schema) } },
});
const path = (name: string, description: string, schema: Json = { type: 'string' }) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema,
});
const journeyId = path('id', 'Journey id');
const migrationId = path('mid', 'Migration id (mig_...)');
const percent = { type: 'integer', minimum: 1, maximum: 100 };
const policy = { type: 'string', enum: ['skip', 'exit', 'hold'] };
const count = { type: 'integer', minimum: 0 };

const publishProperties: Json = {
  strategy: {
    type: 'string',
    enum: ['new_entries_only', 'migrate_all', 'gradual'],
    default: 'new_entries_only',
    description:
      'new_entries_only: running customers stay on their version. migrate_all: every open instance moves to the new version. gradual: the instances whose stable hash falls in the first rollout.percent move; raise it later by hand or on rollout.schedule.',
  },
  note: { type: 'string', maxLength: 2000, description: 'Why (kept with the version and in the audit log)' },
  dryRun: {
    type: 'boolean',
    default: false,
    description:
      'Store nothing; answer with the diff against the latest version (what would change) and the plan: how many instances move from which node to which, exit, are held; mapping problems',
  },
  mapping: {
    type: 'object',
    description:
      'Edits to the proposed node mapping (same id, else same type with the most similar config and position): old node id -> new node id, or {"policy": "skip"|"exit"|"hold"}',
    additionalProperties: {
      oneOf: [
        { type: 'string' },
        { type: 'object', required: ['policy'], properties: { policy }, additionalProperties: false },
      ],
    },
  },
  removedNodePolicy: { ...policy, description: 'For old nodes with no counterpart and no mapping entry' },
  rollout: ref('Rollout'),
};

export const versioningSchemas: Record<string, Json> = {
  Rollout: {
    type: 'object',
    required: ['percent'],
    additionalProperties: false,
    description: 'gradual only',
    properties: {
      percent: { ...percent, description: 'Share of instances migrated now' },
      schedule: {
        type: 'array',
        maxItems: 20,
        items: {
          type: 'object',
          required: ['percent', 'at'],
          additionalProperties: false,
          properties: { percent, at: { type: 'string', format: 'date-time' } },
        },
        description: 'Later raises, ascending percent and time, applied when due',
      },
    },
  },
  PublishVersionRequest: { type: 'object', additionalProperties: false, properties: publishProperties },
  RollbackRequest: {
    type: 'object',
    required: ['version'],
    additionalProperties: false,
    properties: {
      version: {
        type: 'integer',
        minimum: 1,
        description: 'The earlier version whose graph is published again',
      },
      ...publishProperties,
    },
  },
  MigrationPlan: {
    type: 'object',
    description:
      'fromVersions, mapping (resolved, per from version), perVersion (open instances per version), problems ({code, nodeId, message, fromVersion}); with dryRun also total, selected and moves ({from, to, outcome, count})',
    additionalProperties: true,
  },
  PublishResult: {
    type: 'object',
    required: ['version', 'dryRun', 'plan', 'migration'],
    properties: {
      version: { oneOf: [ref('JourneyVersion'), { type: 'null' }] },
      dryRun: { type: 'boolean' },
      plan: { oneOf: [ref('MigrationPlan'), { type: 'null' }] },
      migration: { oneOf: [ref('Migration'), { type: 'null' }] },
      diff: {
        description:
          'What the version changes compared with the latest published one (from: null on a first publish: every node is added). A dry run previews it: to is "draft" (a rollback: the version rolled back to); a publish names the new version.',
        oneOf: [ref('VersionDiff'), { type: 'null' }],
      },
    },
  },
  Migration: {
    type: 'object',
    required: ['id', 'journeyId', 'fromVersions', 'toVersion', 'strategy', 'percent', 'status', 'counts'],
    properties: {
      id: { type: 'string' },
      journeyId: { type: 'string' },
      fromVersions: { type: 'array', items: { type: 'integer' } },
      toVersion: { type: 'integer' },
      strategy: { type: 'string', enum: ['migrate_all', 'gradual'] },
      percent,
      status: { type: 'string', enum: ['running', 'completed', 'halted', 'superseded'] },
      counts: {
        type: 'object',
        properties: {
          total: count,
          enqueued: count,
          migrated: count,
          held: count,
          exited: count,
          failed: count,
          unchanged: count,
        },
        description: 'Instances taken up by the migration and what became of them (enqueued: not yet done)',
      },
      instancesPerVersion: {
        type: 'object',
        additionalProperties: count,
        description: 'Open instances per version at countedAt',
      },
      mapping: {
        type: 'object',
        additionalProperties: true,
        description: 'Resolved mapping per from version',
      },
      schedule: {
        type: 'array',
        items: { type: 'object', properties: { percent, at: { type: 'string' }, done: { type: 'boolean' } } },
      },
      author: { type: 'string' },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
      countedAt: {
        type: 'string',
        format: 'date-time',
        description:
          'When counts and instancesPerVersion were read. Counting takes seconds at tens of thousands of instances; requests arriving while a count runs share it, so it can be older than the answer',
      },
    },
  },
  MigrationProgress: {
    type: 'object',
    required: ['migrationId', 'intervalMs', 'final', 'samples'],
    description:
      "A migration's counts over time, oldest first: sampled every intervalMs while they change (MIGRATION_PROGRESS_SAMPLE_MS, 5 s by default); past 240 samples every other one is dropped (the first and last kept) and the interval doubles",
    properties: {
      migrationId: { type: 'string' },
      intervalMs: { type: 'integer', minimum: 1, description: 'The spacing of the samples now' },
      final: {
        type: 'boolean',
        description:
          'The migration is over (nothing running nor enqueued): the last sample holds its final counts',
      },
      samples: {
        type: 'array',
        items: {
          type: 'object',
          required: ['at', 'total', 'enqueued', 'migrated', 'held', 'exited', 'failed', 'unchanged'],
          properties: {
            at: { type: 'string', format: 'date-time' },
            total: count,
            enqueued: count,
            migrated: count,
            held: count,
            exited: count,
            failed: count,
            unchanged: count,
          },
        },
      },
    },
  },
  MigrationList: {
    type: 'object',
    required: ['migrations'],
    properties: { migrations: { type: 'array', items: ref('Migration') } },
  },
  VersionDiff: {
    type: 'object',
    required: ['from', 'to', 'addedNodes', 'removedNodes', 'changedNodes', 'addedEdges', 'removedEdges'],
    properties: {
      from: {
        description: 'A version number, "draft", or (a publish\'s diff only) null: nothing published before',
        oneOf: [{ type: 'integer', minimum: 1 }, { const: 'draft' }, { type: 'null' }],
      },
      to: { oneOf: [{ type: 'integer', minimum: 1 }, { const: 'draft' }] },
      addedNodes: { type: 'array', items: { type: 'string' } },
      removedNodes: { type: 'array', items: { type: 'string' } },
      changedNodes: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            type: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } },
            changedFields: { type: 'array', items: { type: 'string' } },
          },
        },
      },
      addedEdges: { type: 'array', items: { type: 'object' } },
      removedEdges: { type: 'array', items: { type: 'object' } },
      exitCriteria: { type: 'object' },
      goal: { type: 'object' },
    },
  },
  SetRolloutRequest: {
    type: 'object',
    required: ['percent'],
    additionalProperties: false,
    properties: {
      percent: { ...percent, description: 'Above the current percent' },
      note: { type: 'string' },
    },
  },
  HaltRequest: { type: 'object', additionalProperties: false, properties: { note: { type: 'string' } } },
  ReleaseRequest: {
    oneOf: [
      {
        type: 'object',
        required: ['nodeId'],
        additionalProperties: false,
        properties: { nodeId: { type: 'string' } },
      },
      {
        type: 'object',
        required: ['exit'],
        additionalProperties: false,
        properties: { exit: { const: true }, reason: { type: 'string', maxLength: 500 } },
      },
    ],
  },
  AuditEntry: {
    type: 'object',
    properties: {
      at: { type: 'string', format: 'date-time' },
      actor: { type: 'string' },
      action: {
        type: 'string',
        enum: ['publish', 'rollback', 'rollout_raised', 'migration_halted', 'instance_released'],
      },
      journeyId: { type: 'string' },
      note: { type: 'string' },
      details: { type: 'object', additionalProperties: true },
    },
  },
  AuditLog: {
    type: 'object',
    required: ['entries'],
    properties: { entries: { type: 'array', items: ref('AuditEntry') } },
  },
};

const diffSide = {
  oneOf: [
    { type: 'integer', minimum: 1 },
    { type: 'string', const: 'draft' },
  ],
};

export const versioningPaths: Record<string, Json> = {
  '/v1/journeys/{id}/diff': {
    get: {
      operationId: 'diffVersions',
      tags: ['versions'],
      summary:
        'What changed between two versions, or between a version and the draft (nodes, changed config fields, edges, exit criteria, goal)',
      description:
        'from and to are version numbers or "draft" (the current draft), in either order: ?from=1&to=draft previews what publishing the draft would change.',
      parameters: [
        { name: 'from', in: 'query', required: true, schema: diffSide },
        { name: 'to', in: 'query', required: true, schema: diffSide },
        journeyId,
      ],
      responses: { ...ok('200', 'The diff', 'VersionDiff'), ...errs('400', '404') },
    },
  },
  '/v1/journeys/{id}/rollback': {
    post: {
      operationId: 'rollback',
      tags: ['versions'],
      summary: "Publish an earlier version's graph as a new version, with the same strategies as a publish",
      parameters: [journeyId],
      requestBody: body('RollbackRequest'),
      responses: {
        ...ok('201', 'Published (or, with dryRun, the plan)', 'PublishResult'),
        ...errs('400', '404', '409'),
      },
    },
  },
  '/v1/journeys/{id}/migrations': {
    get: {
      operationId: 'listMigrations',
      tags: ['versions'],
      summary: "The journey's live migrations, newest first, with progress",
      parameters: [journeyId],
      responses: { ...ok('200', 'Migrations', 'MigrationList'), ...errs('404') },
    },
  },
  '/v1/journeys/{id}/migrations/{mid}': {
    get: {
      operationId: 'getMigration',
      tags: ['versions'],
      summary: 'One migration: instances per version, migrated, held, exited, failed',
      parameters: [journeyId, migrationId],
      responses: { ...ok('200', 'The migration', 'Migration'), ...errs('404') },
    },
  },
  '/v1/journeys/{id}/migrations/{mid}/progress': {
    get: {
      operationId: 'getMigrationProgress',
      tags: ['versions'],
      summary: "A migration's progress over time: its counts sampled while it runs, the last when done",
      parameters: [journeyId, migrationId],
      responses: { ...ok('200', 'The series of counts', 'MigrationProgress'), ...errs('404') },
    },
  },
  '/v1/journeys/{id}/migrations/{mid}/rollout': {
    post: {
      operationId: 'raiseRollout',
      tags: ['versions'],
      summary: 'Raise a gradual migration to a higher percent (only the newly included instances move)',
      parameters: [journeyId, migrationId],
      requestBody: body('SetRolloutRequest'),
      responses: { ...ok('200', 'The migration', 'Migration'), ...errs('400', '404', '409') },
    },
  },
  '/v1/journeys/{id}/migrations/{mid}/halt': {
    post: {
      operationId: 'haltMigration',
      tags: ['versions'],
      summary: 'Stop further raises of a migration (instances already enqueued still move)',
      parameters: [journeyId, migrationId],
      requestBody: body('HaltRequest', false),
      responses: { ...ok('200', 'The migration', 'Migration'), ...errs('404', '409') },
    },
  },
  '/v1/journeys/{id}/audit': {
    get: {
      operationId: 'journeyAudit',
      tags: ['versions'],
      summary: 'Who published, rolled back, raised, halted or released what, when and why (newest first)',
      parameters: [journeyId],
      responses: { ...ok('200', 'The audit log', 'AuditLog'), ...errs('404') },
    },
  },
  '/v1/instances/{id}/release': {
    post: {
      operationId: 'releaseInstance',
      tags: ['instances'],
      summary: 'Release an instance a migration held: to a node of its version, or exit it',
      parameters: [path('id', 'Instance id')],
      requestBody: body('ReleaseRequest'),
      responses: { ...ok('200', 'The instance after the release', 'Instance'), ...errs('400', '404', '409') },
    },
  },
};
