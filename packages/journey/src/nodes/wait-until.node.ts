import { isLocalDateTimeText } from '../datetime';
import { parseSignedDuration } from '../duration';
import { defineNode } from './node-definition';

export interface WaitUntilConfig {
  /** ISO 8601 date-time; without an offset it is read in `timezone`. */
  until?: string;
  /** A profile attribute holding the date-time (ISO string or epoch ms), e.g. `renewalDate`. */
  attribute?: string;
  /** IANA time zone for date-times without an offset. */
  timezone?: string;
  /** Signed ISO 8601 duration from the date-time: "-P2D" two days before it, "PT2H" two hours after. */
  offset?: string;
}

export const waitUntilNode = defineNode({
  type: 'wait_until',
  category: 'logic',
  description:
    'Holds the customer until a date-time (fixed, or read from a profile attribute), moved by `offset` ' +
    '(e.g. -P2D: two days before it), then continues by `next`; ' +
    'a date-time already past, or an attribute that is missing or not a date-time, continues at once.',
  outputs: ['next'],
  fields: {
    until: {
      kind: 'datetime',
      description:
        'an ISO 8601 date-time, e.g. 2025-03-01T09:00:00Z, 2025-03-01T09:00:00+02:00, or 2025-03-01T09:00 with timezone',
    },
    attribute: {
      kind: 'property',
      description: 'the profile attribute holding the date-time (ISO 8601 or epoch ms), e.g. renewalDate',
    },
    timezone: {
      kind: 'timezone',
      description: 'the IANA time zone of date-times written without an offset, e.g. Europe/Paris',
    },
    offset: {
      kind: 'text',
      description:
        'a signed ISO 8601 duration from the date-time: -P2D (2 days before), -PT30M (30 minutes before), PT2H (2 hours after)',
      check: (value) => {
        try {
          parseSignedDuration(value);
          return undefined;
        } catch (error) {
          return `"offset": ${(error as Error).message}`;
        }
      },
    },
  },
  crossCheck: (config) => {
    if ((config.until === undefined) === (config.attribute === undefined)) {
      return [
        {
          field: 'until',
          message:
            'set exactly one of "until" (a date-time) or "attribute" (a profile attribute holding one)',
        },
      ];
    }
    if (
      typeof config.until === 'string' &&
      isLocalDateTimeText(config.until) &&
      config.timezone === undefined
    ) {
      return [
        {
          field: 'until',
          message: `"until" ${JSON.stringify(config.until)}: a time zone offset is required (Z or ±HH:MM), or set "timezone"`,
        },
      ];
    }
    return [];
  },
  schemaExtra: { oneOf: [{ required: ['until'] }, { required: ['attribute'] }] },
});
