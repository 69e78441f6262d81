import { AppError } from '@kalcifer/platform';
import { ZodPipe } from '../zod.pipe';
import { upsertCustomerSchema } from './customers.schema';
import { enrollRequestSchema } from './enrollments.schema';
import { listInstancesQuerySchema } from './instances.schema';
import {
  createJourneySchema,
  listJourneysQuerySchema,
  updateDraftSchema,
  validateJourneySchema,
} from './journeys.schema';
import { publishVersionSchema, versionNumberSchema } from './versions.schema';

function rejection(pipe: ZodPipe<unknown>, value: unknown): AppError {
  try {
    pipe.transform(value);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('enrollment requests', () => {
  const pipe = new ZodPipe(enrollRequestSchema);

  it('reads a single enrollment as a list of one', () => {
    expect(pipe.transform({ customerId: 'c1', context: { plan: 'pro' } })).toEqual({
      enrollments: [{ customerId: 'c1', context: { plan: 'pro' } }],
    });
  });

  it('reads the bulk form', () => {
    const body = { enrollments: [{ customerId: 'a' }, { customerId: 'b', enrollmentId: 'e-b' }] };
    expect(pipe.transform(body)).toEqual(body);
  });

  it('refuses more than 1,000 enrollments as batch_too_large', () => {
    expect(
      rejection(pipe, { enrollments: Array.from({ length: 1001 }, () => ({ customerId: 'a' })) }).code,
    ).toBe('batch_too_large');
  });

  it('speaks of the bulk form when the bulk form is wrong', () => {
    const err = rejection(pipe, { enrollments: [{ customerId: 'a' }, { context: {} }] });
    expect(err.message).toContain('enrollments[1]: customerId is required');
  });

  it('speaks of the single form when the single form is wrong', () => {
    const err = rejection(pipe, { context: {} });
    expect(err.message).toContain('customerId is required');
    expect(err.message).not.toContain('enrollments');
  });

  it('refuses attributes that are not an object', () => {
    expect(rejection(pipe, { customerId: 'a', attributes: 'vip' }).message).toContain(
      'attributes must be a JSON object',
    );
  });
});

describe('journey requests', () => {
  it('requires a name to create a journey', () => {
    expect(
      rejection(new ZodPipe(createJourneySchema), { graph: { nodes: [], edges: [] } }).message,
    ).toContain('name is required');
  });

  it("requires the graph to be an object (its content is the domain validator's job)", () => {
    expect(rejection(new ZodPipe(createJourneySchema), { name: 'x', graph: [] }).message).toContain(
      'graph must be a JSON object',
    );
    expect(new ZodPipe(createJourneySchema).transform({ name: 'x', graph: { nodes: 'anything' } })).toEqual({
      name: 'x',
      graph: { nodes: 'anything' },
    });
  });

  it('requires a graph to save a draft', () => {
    expect(rejection(new ZodPipe(updateDraftSchema), { name: 'x' }).message).toContain('graph is required');
  });

  it('validates the saved draft when the validate body is empty', () => {
    expect(new ZodPipe(validateJourneySchema).transform(undefined)).toEqual({});
  });

  it('defaults the page size and bounds it', () => {
    const pipe = new ZodPipe(listJourneysQuerySchema, 'query');
    expect(pipe.transform({})).toEqual({ limit: 50 });
    expect(pipe.transform({ limit: '10', status: 'active' })).toEqual({ limit: 10, status: 'active' });
    const err = rejection(pipe, { limit: '500' });
    expect(err.message).toBe('invalid query parameters: limit must be a whole number from 1 to 200');
    expect(rejection(pipe, { status: 'running' }).message).toContain(
      'status must be one of draft, active, paused, archived',
    );
  });
});

describe('publishing requests', () => {
  it('takes an empty body (all defaults)', () => {
    expect(new ZodPipe(publishVersionSchema).transform(undefined)).toEqual({});
  });

  it('refuses a dryRun that is not a boolean', () => {
    expect(rejection(new ZodPipe(publishVersionSchema), { dryRun: 'yes' }).message).toContain(
      'dryRun must be true or false',
    );
  });

  it('reads version numbers from the path', () => {
    const pipe = new ZodPipe(versionNumberSchema, 'path');
    expect(pipe.transform('3')).toBe(3);
    expect(rejection(pipe, '0').message).toContain('positive whole number');
    expect(rejection(pipe, 'latest').message).toContain('positive whole number');
  });
});

describe('customer and instance requests', () => {
  it('requires attributes as an object', () => {
    expect(rejection(new ZodPipe(upsertCustomerSchema), { attributes: 'x' }).message).toContain(
      'attributes must be a JSON object',
    );
    expect(rejection(new ZodPipe(upsertCustomerSchema), {}).message).toContain('attributes is required');
  });

  it('filters instances by a known status only', () => {
    const pipe = new ZodPipe(listInstancesQuerySchema, 'query');
    expect(pipe.transform({ status: 'waiting', journeyId: 'j1' })).toEqual({
      status: 'waiting',
      journeyId: 'j1',
      limit: 50,
    });
    expect(rejection(pipe, { status: 'sleeping' }).message).toContain(
      'status must be one of active, waiting',
    );
    expect(rejection(pipe, { journey: 'j1' }).message).toContain('unknown field "journey"');
  });
});

describe('customer attributes', () => {
  const pipe = new ZodPipe(upsertCustomerSchema);

  it('refuses names the profile cannot hold as fields: empty, "$..." and dotted', () => {
    for (const name of ['', '$where', 'a.b']) {
      const err = rejection(pipe, { attributes: { [name]: 1 } });
      expect(err.code).toBe('invalid_request');
      expect(err.message).toContain(`attribute name ${JSON.stringify(name)} is not allowed`);
    }
    expect(
      rejection(new ZodPipe(enrollRequestSchema), { customerId: 'c', attributes: { 'a.b': 1 } }).code,
    ).toBe('invalid_request');
  });

  it('accepts any other name, Unicode included', () => {
    expect(pipe.transform({ attributes: { 'plan-😀': 'pro', a$: 1 } })).toEqual({
      attributes: { 'plan-😀': 'pro', a$: 1 },
    });
  });
});
