/** Pure security rules: the at-rest secret box and its master-key rotation. */
import { createSecretBox, keyIdOf } from '../../plugins/syndication/server/src/domain/secret-box';

describe('secret box (AES-256-GCM at rest)', () => {
  const K1 = 'first-master-key-0123456789abcdefghij';
  const K2 = 'second-master-key-0123456789abcdefghij';
  const secret = 'whsec_' + Buffer.from('portal-signing-secret-123456').toString('base64');

  it('seals with a fresh IV each time and opens back', () => {
    const box = createSecretBox({ current: K1 });
    const a = box.seal(secret);
    const b = box.seal(secret);
    expect(a).not.toBe(b);
    expect(a).toMatch(new RegExp(`^enc:v1:${keyIdOf(K1)}:`));
    expect(a).not.toContain(secret.slice(6, 20));
    expect(box.open(a)).toBe(secret);
    expect(box.isCurrent(a)).toBe(true);
  });

  it('returns values stored before encryption as they are (migration reads them)', () => {
    const box = createSecretBox({ current: K1 });
    expect(box.isSealed(secret)).toBe(false);
    expect(box.open(secret)).toBe(secret);
  });

  it('rotates the master key: old values open through the previous keys, and are not current', () => {
    const sealedWithK1 = createSecretBox({ current: K1 }).seal(secret);
    const rotated = createSecretBox({ current: K2, previous: [K1] });
    expect(rotated.open(sealedWithK1)).toBe(secret);
    expect(rotated.isCurrent(sealedWithK1)).toBe(false);
    expect(rotated.isCurrent(rotated.seal(secret))).toBe(true);
    // Without the previous key the value cannot be opened, and the message says which key is missing.
    expect(() => createSecretBox({ current: K2 }).open(sealedWithK1)).toThrow(keyIdOf(K1));
  });

  it('detects tampering (ciphertext, tag, or a key id swapped)', () => {
    const box = createSecretBox({ current: K1, previous: [K2] });
    const sealed = box.seal(secret);
    const parts = sealed.split(':');
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    expect(() => box.open([...parts.slice(0, 5), flip(parts[5])].join(':'))).toThrow();
    expect(() => box.open([...parts.slice(0, 4), flip(parts[4]), parts[5]].join(':'))).toThrow();
    expect(() => box.open(['enc', 'v1', keyIdOf(K2), ...parts.slice(3)].join(':'))).toThrow();
  });
});
