import { ref } from './openapi-schemas';

/** /v1/designer (AI journey design) and /v1/journeys/{id}/explain|suggestions. */

type Json = Record<string, unknown>;

const errorRef = (name: string) => ({ $ref: `#/components/responses/${name}` });
const common = {
  '401': errorRef('Unauthorized'),
  '500': errorRef('InternalError'),
  '503': errorRef('ServiceUnavailable'),
};
const errorWith = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});
const json = (schema: string) => ({ 'application/json': { schema: ref(schema) } });
const sse = {
  'text/event-stream': {
    schema: { type: 'string' },
    description:
      '`event: text` with `{"text": "..."}` for each piece of the answer as it is produced, then one `event: turn` with the DesignTurn; a failure after the stream started is an `event: error` with the error object.',
  },
};
const idParam = (description: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});
const briefBody = { required: true, content: json('DesignBrief') };
const messageBody = { required: true, content: json('DesignMessage') };
const briefErrors = {
  '400': errorWith(
    'Codes: empty_brief, brief_too_long, brief_not_understood (no step of a journey found), invalid_request. Nothing is stored.',
  ),
};
const messageErrors = {
  '400': errorWith(
    'Codes: empty_brief (empty message), instruction_not_understood (quotes the instruction and gives examples), step_not_found (lists the steps). The draft is unchanged.',
  ),
  '404': errorWith('Code: session_not_found (no such session in this workspace)'),
};

export const designerSchemas: Record<string, Json> = {
  DesignBrief: {
    type: 'object',
    required: ['brief'],
    additionalProperties: false,
    properties: { brief: { type: 'string', maxLength: 20000, description: 'The journey in plain English' } },
  },
  DesignMessage: {
    type: 'object',
    required: ['message'],
    additionalProperties: false,
    properties: {
      message: {
        type: 'string',
        maxLength: 20000,
        description:
          'A refinement, e.g. "make the wait 5 days instead of 3", "add SMS fallback for non-openers", "add an A/B test on the first email with 70/30 split", "remove the second email", \'rename the first email to "Hello"\', "change the SMS to WhatsApp"',
      },
    },
  },
  DesignTurn: {
    type: 'object',
    required: ['sessionId', 'turn', 'graph', 'summary', 'explanation', 'designer', 'notes'],
    properties: {
      sessionId: { type: 'string' },
      turn: {
        type: 'integer',
        description: '1 for the design from the brief or document, then one per message',
      },
      graph: ref('JourneyGraph'),
      diff: {
        type: 'object',
        description: 'Against the previous turn, in the shape of GET /v1/journeys/{id}/diff',
      },
      summary: { type: 'string' },
      explanation: {
        type: 'string',
        description: 'The journey in plain language, with the assumptions made',
      },
      designer: { type: 'string', enum: ['gemini', 'offline'] },
      notes: { type: 'array', items: { type: 'string' } },
    },
  },
  DocumentDesign: {
    allOf: [
      ref('DesignTurn'),
      {
        type: 'object',
        properties: {
          format: { type: 'string', enum: ['xlsx', 'csv', 'docx', 'pdf'] },
          mapping: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                location: { type: 'string', description: '"row 3" or "paragraph 2"' },
                text: { type: 'string' },
              },
            },
          },
          ignored: {
            type: 'array',
            items: { type: 'string' },
            description: 'Paragraphs not about the journey',
          },
        },
      },
    ],
  },
  Explanation: { type: 'object', required: ['explanation'], properties: { explanation: { type: 'string' } } },
  SuggestionsRequest: {
    type: 'object',
    description:
      "Absent analytics (or no body): the journey's own figures are read from the analytics service over from/to (query), by default the last 30 days.",
    additionalProperties: false,
    properties: {
      analytics: {
        type: 'array',
        maxItems: 1000,
        items: {
          type: 'object',
          required: ['nodeId', 'entered'],
          additionalProperties: false,
          properties: {
            nodeId: { type: 'string' },
            entered: { type: 'integer', minimum: 0, description: 'Customers who reached the step' },
            opened: { type: 'integer', minimum: 0, description: 'Of them, who opened the message' },
            droppedOff: { type: 'integer', minimum: 0, description: 'Of them, who left the journey there' },
          },
        },
      },
    },
  },
  Suggestions: {
    type: 'object',
    required: ['suggestions'],
    properties: {
      suggestions: {
        type: 'array',
        items: {
          type: 'object',
          required: ['kind', 'title', 'rationale', 'graph', 'diff'],
          properties: {
            kind: { type: 'string', enum: ['add_reminder', 'shorten_wait', 'add_frequency_cap'] },
            nodeId: { type: 'string' },
            title: { type: 'string' },
            rationale: { type: 'string' },
            graph: ref('JourneyGraph'),
            diff: {
              type: 'object',
              description: 'Against the current draft: apply with PUT /v1/journeys/{id}/draft',
            },
          },
        },
      },
    },
    from: {
      type: ['string', 'null'],
      format: 'date-time',
      description: 'Only when the figures were read from the analytics service: the range read',
    },
    to: { type: ['string', 'null'], format: 'date-time', description: 'End of that range (null: now)' },
    analytics: {
      type: 'array',
      description:
        'Only when read from the analytics service: the figures judged, per node summed over versions. entered: visits that entered the node in the range; droppedOff: of them, customers who left the journey at the node (exited or failed there), not those still there. No opened: analytics does not count opens per node yet.',
      items: {
        type: 'object',
        required: ['nodeId', 'entered', 'droppedOff'],
        properties: {
          nodeId: { type: 'string' },
          entered: { type: 'integer', minimum: 0 },
          droppedOff: { type: 'integer', minimum: 0 },
        },
      },
    },
  },
};

export const designerPaths: Record<string, Json> = {
  '/v1/designer/sessions': {
    post: {
      tags: ['designer'],
      operationId: 'startDesignSession',
      summary: 'Design a journey from a brief (starts a conversation)',
      requestBody: briefBody,
      responses: {
        '201': { description: 'Turn 1 of a new session', content: json('DesignTurn') },
        ...briefErrors,
        ...common,
      },
    },
  },
  '/v1/designer/sessions/stream': {
    post: {
      tags: ['designer'],
      operationId: 'streamDesignSession',
      summary: 'As POST /v1/designer/sessions, streamed as server-sent events',
      requestBody: briefBody,
      responses: {
        '201': { description: 'The answer as it is produced, then the turn', content: sse },
        ...briefErrors,
        ...common,
      },
    },
  },
  '/v1/designer/sessions/{id}/messages': {
    post: {
      tags: ['designer'],
      operationId: 'sendDesignMessage',
      summary: "Refine the session's draft; returns the new graph and its diff against the previous one",
      parameters: [idParam('The session')],
      requestBody: messageBody,
      responses: {
        '200': { description: 'The new turn', content: json('DesignTurn') },
        ...messageErrors,
        ...common,
      },
    },
  },
  '/v1/designer/sessions/{id}/messages/stream': {
    post: {
      tags: ['designer'],
      operationId: 'streamDesignMessage',
      summary: 'As POST .../messages, streamed as server-sent events',
      parameters: [idParam('The session')],
      requestBody: messageBody,
      responses: {
        '200': { description: 'The summary as it is produced, then the turn', content: sse },
        ...messageErrors,
        ...common,
      },
    },
  },
  '/v1/designer/documents': {
    post: {
      tags: ['designer'],
      operationId: 'importDesignDocument',
      summary: 'Design a journey from a strategy document (starts a conversation)',
      description:
        'The body is the file itself. Spreadsheets (xlsx, csv): one step per row, columns found by header (Timing e.g. "Day 2", Channel, Message, Segment, Condition, Trigger). Documents (docx, pdf): paragraphs read as a brief; paragraphs without journey words are left out and listed.',
      parameters: [
        {
          name: 'filename',
          in: 'query',
          required: true,
          description: 'e.g. plan.xlsx; its extension tells the format',
          schema: { type: 'string', maxLength: 255 },
        },
      ],
      requestBody: {
        required: true,
        content: {
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
            schema: { type: 'string', format: 'binary' },
          },
          'text/csv': { schema: { type: 'string', format: 'binary' } },
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
            schema: { type: 'string', format: 'binary' },
          },
          'application/pdf': { schema: { type: 'string', format: 'binary' } },
        },
      },
      responses: {
        '201': {
          description: 'Turn 1 of a new session, with how the document was read',
          content: json('DocumentDesign'),
        },
        '400': errorWith(
          'Codes: corrupt_document (cannot be opened as its format), document_not_understood (names the row or paragraph), invalid_request',
        ),
        '413': errorWith('Code: document_too_large (over the size limit, 3 MB by default)'),
        '415': errorWith('Code: unsupported_document (not xlsx, csv, docx or pdf)'),
        ...common,
      },
    },
  },
  '/v1/journeys/{id}/explain': {
    post: {
      tags: ['designer'],
      operationId: 'explainJourney',
      summary: "Explain the journey's draft in plain language",
      parameters: [idParam('The journey')],
      responses: {
        '200': { description: 'The explanation', content: json('Explanation') },
        '400': errorWith('Code: invalid_graph (the draft is not journey-shaped)'),
        '404': errorRef('NotFound'),
        ...common,
      },
    },
  },
  '/v1/journeys/{id}/suggestions': {
    post: {
      tags: ['designer'],
      operationId: 'suggestJourneyOptimizations',
      summary: "Suggest optimisations of the journey's draft from per-step analytics",
      description:
        'Low open rate at a message -> a reminder for non-openers; high drop-off during a wait -> a wait half as long; several messages and no cap -> a frequency cap. Each suggestion is an applicable graph with its diff.',
      parameters: [
        idParam('The journey'),
        {
          name: 'from',
          in: 'query',
          required: false,
          description:
            'Without analytics in the body: start of the range read, inclusive (ISO 8601 date-time or date). Absent: 30 days before to.',
          schema: { type: 'string', format: 'date-time' },
        },
        {
          name: 'to',
          in: 'query',
          required: false,
          description: 'Without analytics in the body: end of the range read, exclusive. Absent: now.',
          schema: { type: 'string', format: 'date-time' },
        },
      ],
      requestBody: { required: false, content: json('SuggestionsRequest') },
      responses: {
        '200': { description: 'The suggestions (possibly none)', content: json('Suggestions') },
        '400': errorWith(
          'Codes: invalid_request (also: from/to given with analytics in the body), invalid_analytics, invalid_graph',
        ),
        '404': errorRef('NotFound'),
        ...common,
      },
    },
  },
};
