import type { JourneyGraph, JourneyNode } from '@kalcifer/journey';
import { AppError } from '@kalcifer/platform';
import type { JourneyRecord, JourneyStore, VersionRecord } from '../ports/journey-store';
import { DiffVersions } from './diff-versions';

const entry: JourneyNode = { id: 'entry', type: 'manual_entry', config: {} };
const mail = (subject: string): JourneyNode => ({ id: 'mail', type: 'send_email', config: { subject } });
const V1: JourneyGraph = {
  nodes: [entry, mail('Hi')],
  edges: [{ from: 'entry', to: 'mail', output: 'next' }],
};
const DRAFT: JourneyGraph = {
  nodes: [entry, mail('Hello'), { id: 'pause', type: 'wait', config: { duration: 'P1D' } }],
  edges: [
    { from: 'entry', to: 'mail', output: 'next' },
    { from: 'mail', to: 'pause', output: 'next' },
  ],
};

const journey = (latestVersion: number): JourneyRecord => ({
  id: 'j1',
  workspaceId: 'ws1',
  name: 'j',
  description: '',
  status: 'active',
  draft: DRAFT,
  latestVersion,
  activeVersion: latestVersion,
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

/** The two reads a diff needs, over one journey with version 1 published. */
function store(latestVersion = 1): Pick<JourneyStore, 'get' | 'getVersion'> {
  const version: VersionRecord = {
    workspaceId: 'ws1',
    journeyId: 'j1',
    version: 1,
    graph: V1,
    strategy: 'new_entries_only',
    note: '',
    author: 't',
    createdAt: new Date(0),
  };
  return {
    get: async (ws, id) => (ws === 'ws1' && id === 'j1' ? journey(latestVersion) : null),
    getVersion: async (ws, id, n) =>
      ws === 'ws1' && id === 'j1' && n === 1 && latestVersion >= 1 ? version : null,
  };
}

describe('diffing against the draft', () => {
  it('shows what publishing the draft would change compared with version 1', async () => {
    const diff = await new DiffVersions(store()).execute('ws1', 'j1', 1, 'draft');
    expect(diff).toMatchObject({
      addedNodes: ['pause'],
      removedNodes: [],
      changedNodes: [{ id: 'mail', changedFields: ['subject'] }],
      addedEdges: [{ from: 'mail', to: 'pause', output: 'next' }],
      removedEdges: [],
    });
  });

  it('diffs the other way round too: from the draft back to version 1', async () => {
    const diff = await new DiffVersions(store()).execute('ws1', 'j1', 'draft', 1);
    expect(diff).toMatchObject({ addedNodes: [], removedNodes: ['pause'] });
  });

  it('answers not found for a journey that does not exist', async () => {
    await expect(new DiffVersions(store()).execute('ws1', 'nope', 1, 'draft')).rejects.toMatchObject({
      code: 'version_not_found',
    });
    await expect(new DiffVersions(store()).execute('ws1', 'nope', 'draft', 'draft')).rejects.toMatchObject({
      code: 'journey_not_found',
    });
  });

  it('refuses a side that is neither a version number nor the draft', async () => {
    await expect(new DiffVersions(store()).execute('ws1', 'j1', 0, 'draft')).rejects.toBeInstanceOf(AppError);
  });

  it('previews a publish against the latest version, or against nothing on a first publish', async () => {
    expect(await new DiffVersions(store()).ofPublish(journey(1), DRAFT, 'draft')).toMatchObject({
      from: 1,
      to: 'draft',
      addedNodes: ['pause'],
    });
    expect(await new DiffVersions(store(0)).ofPublish(journey(0), DRAFT, 'draft')).toMatchObject({
      from: null,
      to: 'draft',
      addedNodes: ['entry', 'mail', 'pause'],
    });
  });
});
