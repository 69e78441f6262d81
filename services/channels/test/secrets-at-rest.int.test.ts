/**
 * Provider credentials at rest, in the real MongoDB-wire server: the raw document holds no
 * credential in clear; after a key rotation the old key still opens them and the re-encryption
 * seals each under the new key, after which the old key can go.
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { keyIdOf } from '@kalcifer/platform';
import { testMongoUrl } from '../../../test/support/infra';
import { associatedData, ManageProviders } from '../src/application/manage-providers';
import { ReencryptCredentials } from '../src/application/reencrypt-credentials';
import { CredentialsCipher } from '../src/infrastructure/credentials-cipher';
import { MongoProviderConfigStore } from '../src/infrastructure/mongo-provider-config-store';
import { hex } from './harness';

const DB = `kalcifer_channels_secrets_${hex(3)}`;
const KEY_1 = randomBytes(32).toString('base64');
const KEY_2 = randomBytes(32).toString('base64');
const AUTH_TOKEN = `tok_${hex(16)}`;
const SIGNING_KEY = `sig_${hex(16)}`;

let connection: mongoose.Connection;
let store: MongoProviderConfigStore;

beforeAll(async () => {
  connection = await mongoose.createConnection(testMongoUrl(DB)).asPromise();
  store = new MongoProviderConfigStore(connection);
  await store.init();
});

afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
});

const raw = () => connection.collection('provider_configs').find({}).toArray();

it('stores provider credentials sealed: no credential in the raw documents', async () => {
  const manage = new ManageProviders(store, CredentialsCipher.fromBase64(KEY_1));
  await manage.put(
    'ws_a',
    'sms',
    'twilio',
    { from: '+15005550006' },
    { accountSid: `AC${'0'.repeat(32)}`, authToken: AUTH_TOKEN },
  );
  await manage.put(
    'ws_b',
    'sms',
    'messagebird',
    { originator: 'Kalcifer' },
    { accessKey: 'live_abcdefghij', signingKey: SIGNING_KEY },
  );
  const docs = await raw();
  expect(docs).toHaveLength(2);
  const text = JSON.stringify(docs);
  for (const secret of [AUTH_TOKEN, SIGNING_KEY, 'live_abcdefghij', AUTH_TOKEN.slice(4, 20)])
    expect(text).not.toContain(secret);
  for (const doc of docs)
    expect(doc.sealedCredentials).toMatch(new RegExp(`^v1:${keyIdOf(Buffer.from(KEY_1, 'base64'))}:`));
});

it('after a key rotation: old key opens, re-encryption seals under the new key, then the old key can go', async () => {
  const rotated = CredentialsCipher.fromKeys(KEY_2, KEY_1);
  const [twilio] = await store.list('ws_a');
  expect(JSON.parse(rotated.decrypt(twilio.sealedCredentials, associatedData('ws_a', 'sms')))).toMatchObject({
    authToken: AUTH_TOKEN,
  });
  // A key that is neither current nor old: named in the report, nothing changed.
  await expect(
    new ReencryptCredentials(store, CredentialsCipher.fromBase64(KEY_2)).execute(),
  ).resolves.toMatchObject({
    found: 2,
    reencrypted: 0,
    failed: [
      { workspaceId: 'ws_a', error: expect.stringMatching(/another KALCIFER_ENCRYPTION_KEY/) as unknown },
      { workspaceId: 'ws_b' },
    ],
  });
  await expect(new ReencryptCredentials(store, rotated).execute()).resolves.toEqual({
    found: 2,
    reencrypted: 2,
    skipped: 0,
    failed: [],
  });
  await expect(new ReencryptCredentials(store, rotated).execute()).resolves.toMatchObject({ found: 0 });
  const docs = await raw();
  for (const doc of docs)
    expect(doc.sealedCredentials).toMatch(new RegExp(`^v1:${keyIdOf(Buffer.from(KEY_2, 'base64'))}:`));
  expect(JSON.stringify(docs)).not.toContain(AUTH_TOKEN);
  const newKeyOnly = CredentialsCipher.fromBase64(KEY_2);
  const [again] = await store.list('ws_b');
  expect(
    JSON.parse(newKeyOnly.decrypt(again.sealedCredentials, associatedData('ws_b', 'sms'))),
  ).toMatchObject({
    signingKey: SIGNING_KEY,
  });
});
