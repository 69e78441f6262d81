import { ref } from './openapi-schemas';

/** /v1/members: the workspace's console users and their roles (admin role). */

type Json = Record<string, unknown>;

const err = (name: string) => ({ $ref: `#/components/responses/${name}` });
const json = (schema: string, description: string) => ({
  description,
  content: { 'application/json': { schema: ref(schema) } },
});
const std = {
  '401': err('Unauthorized'),
  '403': err('Forbidden'),
  '429': err('TooManyRequests'),
  '500': err('InternalError'),
  '503': err('ServiceUnavailable'),
};
const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'mem_...',
};
const precedence =
  "A JWT whose sub (else its email claim, unless email_verified is false) names a member acts with the member's role in the workspace its workspace claim names; the token's role claim is then ignored. A token of a user who is no member keeps its role claim; one with neither is refused (401 invalid_token).";

export const memberSchemas: Record<string, Json> = {
  Member: {
    type: 'object',
    required: ['id', 'role', 'addedBy', 'createdAt', 'updatedAt'],
    properties: {
      id: { type: 'string', example: 'mem_Qx3k9aB2mZ7w' },
      subject: { type: 'string', description: 'The JWT "sub" of the user', example: 'auth0|64f1c2' },
      email: { type: 'string', format: 'email', example: 'ada@example.com' },
      role: ref('Role'),
      addedBy: { type: 'string', description: 'api_key:<name> or user:<sub>', example: 'user:auth0|1' },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  MemberRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['role'],
    description: 'subject or email (or both) is required',
    properties: {
      subject: { type: 'string', minLength: 1, maxLength: 256, pattern: '^\\S+$' },
      email: { type: 'string', format: 'email', maxLength: 254 },
      role: ref('Role'),
    },
    example: { subject: 'auth0|64f1c2', role: 'editor' },
  },
  MemberRoleChange: {
    type: 'object',
    additionalProperties: false,
    required: ['role'],
    properties: { role: ref('Role') },
  },
  MemberList: {
    type: 'object',
    required: ['members'],
    properties: { members: { type: 'array', items: ref('Member') } },
  },
  MemberDeleted: {
    type: 'object',
    required: ['deleted'],
    properties: { deleted: { type: 'boolean', const: true } },
  },
};

export const memberPaths: Record<string, Json> = {
  '/v1/members': {
    post: {
      operationId: 'addMember',
      tags: ['workspace'],
      summary: 'Add a member: a console user (JWT subject or email) with a role in this workspace',
      description: `${precedence} Audited as member.added.`,
      requestBody: { required: true, content: { 'application/json': { schema: ref('MemberRequest') } } },
      responses: {
        '201': json('Member', 'Added'),
        '400': err('BadRequest'),
        '409': err('Conflict'),
        ...std,
      },
    },
    get: {
      operationId: 'listMembers',
      tags: ['workspace'],
      summary: "The workspace's members, oldest first",
      responses: { '200': json('MemberList', 'OK'), ...std },
    },
  },
  '/v1/members/{id}': {
    patch: {
      operationId: 'changeMemberRole',
      tags: ['workspace'],
      summary:
        "Change a member's role (seen by this gateway at once, by other replicas within API_KEY_CACHE_MS)",
      description: 'Audited as member.role_changed.',
      parameters: [idParam],
      requestBody: { required: true, content: { 'application/json': { schema: ref('MemberRoleChange') } } },
      responses: {
        '200': json('Member', 'Changed'),
        '400': err('BadRequest'),
        '404': err('NotFound'),
        ...std,
      },
    },
    delete: {
      operationId: 'removeMember',
      tags: ['workspace'],
      summary: 'Remove a member: their tokens fall back to their role claim, or are refused',
      description: 'Audited as member.removed.',
      parameters: [idParam],
      responses: {
        '200': json('MemberDeleted', 'Removed'),
        '400': err('BadRequest'),
        '404': err('NotFound'),
        ...std,
      },
    },
  },
};
