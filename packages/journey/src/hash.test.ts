import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { deriveId, sendKey, sha256Hex, timerEffectId, timerId, tokenId, waitId } from './hash';

const nodeSha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Hex', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
  ])('matches the FIPS 180-4 test vector for %j', (input, digest) => {
    expect(sha256Hex(input)).toBe(digest);
  });

  it('agrees with node:crypto around the 55/56/64-byte padding boundaries', () => {
    for (let length = 0; length <= 130; length++) {
      const text = 'x'.repeat(length);
      expect(sha256Hex(text)).toBe(nodeSha256(text));
    }
  });

  it('agrees with node:crypto on multi-byte UTF-8 (accents, CJK, emoji)', () => {
    for (const text of ['é', 'naïve café', '日本語のテキスト', '🎉 party', 'mixed ü 😀 漢 a'.repeat(20)]) {
      expect(sha256Hex(text)).toBe(nodeSha256(text));
    }
  });

  it('encodes lone surrogates as U+FFFD, as Buffer and TextEncoder do', () => {
    for (const text of ['\ud800', 'a\udc00b', '\ud83d']) expect(sha256Hex(text)).toBe(nodeSha256(text));
  });

  it('agrees with node:crypto on arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        (text) => sha256Hex(text) === nodeSha256(text),
      ),
      { numRuns: 300 },
    );
  });
});

describe('sendKey', () => {
  it('is the first 32 hex chars of sha256("instance|node|visit")', () => {
    expect(sendKey('inst-1', 'welcome', 1)).toBe(nodeSha256('inst-1|welcome|1').slice(0, 32));
    expect(sendKey('inst-1', 'welcome', 1)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('differs for another instance, node or visit', () => {
    const keys = new Set([
      sendKey('inst-1', 'welcome', 1),
      sendKey('inst-2', 'welcome', 1),
      sendKey('inst-1', 'upsell', 1),
      sendKey('inst-1', 'welcome', 2),
    ]);
    expect(keys.size).toBe(4);
  });
});

describe('derived ids', () => {
  it('are prefixed by kind and deterministic', () => {
    expect(tokenId('inst-1', 1)).toMatch(/^tok_[0-9a-f]{32}$/);
    expect(waitId('inst-1', 1)).toMatch(/^wait_[0-9a-f]{32}$/);
    expect(timerId('inst-1', 1)).toMatch(/^tmr_[0-9a-f]{32}$/);
    expect(timerId('inst-1', 7)).toBe(timerId('inst-1', 7));
    expect(deriveId('x', 'a', 1)).toBe(`x_${nodeSha256('a|1').slice(0, 32)}`);
  });

  it('never collide between kinds, instances or sequence numbers', () => {
    const ids = new Set<string>();
    for (const instance of ['inst-1', 'inst-2']) {
      for (let seq = 1; seq <= 50; seq++) {
        ids.add(tokenId(instance, seq)).add(waitId(instance, seq)).add(timerId(instance, seq));
      }
    }
    expect(ids.size).toBe(2 * 50 * 3);
  });

  it('gives a re-schedule a different effect id than the first schedule of the same timer', () => {
    const timer = timerId('inst-1', 1);
    const first = timerEffectId('inst-1', 'schedule', timer);
    expect(timerEffectId('inst-1', 'schedule', timer, 'sig-9')).not.toBe(first);
    expect(timerEffectId('inst-1', 'cancel', timer)).not.toBe(first);
  });
});
