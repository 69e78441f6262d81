import { X509Certificate } from 'node:crypto';
import { selfSignedCertificate } from '../../test/fakes/fake-sns';
import {
  isSnsUrlAllowed,
  parseSnsEnvelope,
  snsStringToSign,
  verifySnsSignature,
  type SnsEnvelope,
} from './sns-envelope';
import { createSign } from 'node:crypto';

const { pem, privateKey } = selfSignedCertificate('sns.eu-west-1.amazonaws.com');
const publicKey = new X509Certificate(pem).publicKey;

function signed(m: Omit<SnsEnvelope, 'Signature'>, digest = 'sha1'): SnsEnvelope {
  const s = createSign(digest)
    .update(snsStringToSign(m as SnsEnvelope))
    .sign(privateKey)
    .toString('base64');
  return { ...m, Signature: s };
}

const notification = {
  Type: 'Notification' as const,
  MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
  TopicArn: 'arn:aws:sns:eu-west-1:123456789012:ses-events',
  Subject: 'Amazon SES Email Event Notification',
  Message: '{"eventType":"Delivery"}',
  Timestamp: '2026-12-03T12:00:00.000Z',
  SignatureVersion: '1',
  SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem',
};

describe('SNS message signatures', () => {
  it('builds the string to sign of a Notification in AWS order, Subject only when present', () => {
    expect(snsStringToSign({ ...notification, Signature: '' })).toBe(
      'Message\n{"eventType":"Delivery"}\nMessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\n' +
        'Subject\nAmazon SES Email Event Notification\nTimestamp\n2026-12-03T12:00:00.000Z\n' +
        'TopicArn\narn:aws:sns:eu-west-1:123456789012:ses-events\nType\nNotification\n',
    );
    const { Subject, ...noSubject } = notification;
    void Subject;
    expect(snsStringToSign({ ...noSubject, Signature: '' })).not.toContain('Subject');
  });

  it('builds the string to sign of a SubscriptionConfirmation with SubscribeURL and Token', () => {
    const text = snsStringToSign({
      ...notification,
      Type: 'SubscriptionConfirmation',
      SubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=t',
      Token: 't',
      Signature: '',
    });
    expect(text.split('\n').filter((_, i) => i % 2 === 0)).toEqual([
      'Message',
      'MessageId',
      'SubscribeURL',
      'Timestamp',
      'Token',
      'TopicArn',
      'Type',
      '',
    ]);
    expect(text).not.toContain('Subject');
  });

  it('verifies SignatureVersion 1 (SHA1withRSA) and 2 (SHA256withRSA) with the certificate key', () => {
    expect(verifySnsSignature(signed(notification), publicKey)).toBe(true);
    expect(verifySnsSignature(signed({ ...notification, SignatureVersion: '2' }, 'sha256'), publicKey)).toBe(
      true,
    );
  });

  it('refuses a changed message, a signature of another version and an unknown version', () => {
    const good = signed(notification);
    expect(verifySnsSignature({ ...good, Message: '{"eventType":"Bounce"}' }, publicKey)).toBe(false);
    expect(verifySnsSignature({ ...good, SignatureVersion: '2' }, publicKey)).toBe(false);
    expect(verifySnsSignature({ ...good, SignatureVersion: '3' }, publicKey)).toBe(false);
    const other = selfSignedCertificate('sns.eu-west-1.amazonaws.com');
    expect(verifySnsSignature(good, new X509Certificate(other.pem).publicKey)).toBe(false);
  });

  it('takes certificates only from https on an amazonaws.com host, unless a test prefix admits it', () => {
    expect(isSnsUrlAllowed('https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-1.pem')).toBe(true);
    expect(isSnsUrlAllowed('https://sns.cn-north-1.amazonaws.com.cn/x.pem')).toBe(true);
    expect(isSnsUrlAllowed('http://sns.eu-west-1.amazonaws.com/x.pem')).toBe(false);
    expect(isSnsUrlAllowed('https://sns.eu-west-1.amazonaws.com.evil.example/x.pem')).toBe(false);
    expect(isSnsUrlAllowed('https://amazonaws.com@evil.example/x.pem')).toBe(false);
    expect(isSnsUrlAllowed('https://evil.example/amazonaws.com/x.pem')).toBe(false);
    expect(isSnsUrlAllowed('https://sns.eu-west-1.amazonaws.com:8443/x.pem')).toBe(false);
    expect(isSnsUrlAllowed('http://127.0.0.1:4000/cert.pem')).toBe(false);
    expect(isSnsUrlAllowed('http://127.0.0.1:4000/cert.pem', ['http://127.0.0.1:4000/'])).toBe(true);
  });

  it('says what an SNS body lacks', () => {
    expect(parseSnsEnvelope('nope')).toMatch(/JSON object/);
    expect(parseSnsEnvelope('{"Type":"Other"}')).toMatch(/Type must be/);
    expect(
      parseSnsEnvelope(JSON.stringify({ ...notification, Type: 'SubscriptionConfirmation', Signature: 'x' })),
    ).toBe('SNS message lacks SubscribeURL, Token');
    expect(parseSnsEnvelope(JSON.stringify({ ...notification, Signature: 'x' }))).toMatchObject({
      Type: 'Notification',
    });
  });
});
