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

import { blockedAddressReason, checkEndpoint, checkEndpointStatic, guardedLookup, OutboundRefusedError } from '../../plugins/syndication/server/src/infra/outbound-guard';

describe('outbound guard (SSRF)', () => {
  const strict = { strict: true, allowedHosts: [] as string[] };
  /** A resolver for made-up names: no real DNS query is made. */
  const fakeDns: Record<string, string[]> = {
    'cong.example.vn': ['203.113.1.10'],
    'rebind.example.vn': ['203.113.1.11', '10.0.0.7'],
    'internal.example.vn': ['192.168.1.20'],
    'meta.example.vn': ['169.254.169.254'],
    'v6private.example.vn': ['fd12::1'],
  };
  const resolve = async (h: string) => {
    if (!fakeDns[h]) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
    return fakeDns[h].map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

  it.each([
    ['127.0.0.1', 'loopback'], ['127.8.9.10', 'loopback'], ['10.0.0.1', 'private'], ['10.255.255.255', 'private'], ['172.16.5.4', 'private'],
    ['192.168.0.1', 'private'], ['169.254.169.254', 'cloud metadata'], ['169.254.10.1', 'link-local'], ['100.64.0.1', 'CGNAT'],
    ['100.100.100.200', 'cloud metadata'], ['0.0.0.0', 'unspecified'], ['224.0.0.1', 'multicast'], ['::1', 'loopback'], ['::', 'unspecified'],
    ['fe80::1', 'link-local'], ['fd00::1', 'private'], ['fd00:ec2::254', 'cloud metadata'], ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'], ['::ffff:a00:1', 'private'], ['::ffff:169.254.169.254', 'cloud metadata'], ['64:ff9b::a9fe:a9fe', 'cloud metadata'],
    ['2002:7f00:1::', 'loopback'],
  ])('%s is blocked as %s', (ip, reason) => expect(blockedAddressReason(ip)).toBe(reason));

  it.each([['8.8.8.8'], ['203.113.1.10'], ['2001:4860:4860::8888'], ['::ffff:8.8.8.8'], ['172.32.0.1'], ['100.128.0.1']])('%s is public', (ip) =>
    expect(blockedAddressReason(ip)).toBeNull()
  );

  it.each([
    ['http://cong.example.vn/inbox', 'https required'],
    ['https://127.0.0.1/inbox', 'loopback'],
    ['https://10.0.0.1:8443/inbox', 'private'],
    ['https://169.254.169.254/latest/meta-data/', 'cloud metadata'],
    ['https://[::1]:8443/inbox', 'loopback'],
    ['https://[::ffff:127.0.0.1]/inbox', 'loopback'],
    ['https://2130706433/inbox', 'loopback'], // decimal 127.0.0.1, normalised by the URL parser
    ['https://localhost:8443/inbox', 'loopback name'],
    ['https://user:pw@cong.example.vn/inbox', 'credentials'],
    ['ftp://cong.example.vn/', 'protocol'],
  ])('refuses %s before any DNS query', (url, why) => expect(() => checkEndpointStatic(url, strict)).toThrow(why));

  it('refuses, at save, names that resolve to an internal address — any one of their answers', async () => {
    await expect(checkEndpoint('https://cong.example.vn/inbox', strict, resolve)).resolves.toBeUndefined();
    for (const [host, why] of [['internal.example.vn', 'private'], ['meta.example.vn', 'cloud metadata'], ['rebind.example.vn', '10.0.0.7'], ['v6private.example.vn', 'fd12::1']]) {
      await expect(checkEndpoint(`https://${host}/inbox`, strict, resolve)).rejects.toThrow(why);
    }
  });

  it('lets administrators allow-list hosts, wildcards and ranges (also exempt from https)', async () => {
    const policy = { strict: true, allowedHosts: ['internal.example.vn', '*.noi-bo.vn', '10.20.0.0/16', '127.0.0.1'] };
    await expect(checkEndpoint('http://internal.example.vn/inbox', policy, resolve)).resolves.toBeUndefined();
    expect(() => checkEndpointStatic('http://cong.noi-bo.vn/inbox', policy)).not.toThrow();
    expect(() => checkEndpointStatic('http://10.20.3.4/inbox', policy)).not.toThrow();
    expect(() => checkEndpointStatic('http://127.0.0.1:8080/inbox', policy)).not.toThrow();
    expect(() => checkEndpointStatic('https://10.21.0.1/inbox', policy)).toThrow('private');
    expect(() => checkEndpointStatic('https://127.0.0.2/inbox', policy)).toThrow('loopback');
  });

  it('allows http and loopback outside strict mode (development, tests)', async () => {
    await expect(checkEndpoint('http://127.0.0.1:8080/inbox', { strict: false, allowedHosts: [] }, resolve)).resolves.toBeUndefined();
  });

  it('checks the resolved address at connection time (DNS rebinding) and hands over only checked addresses', async () => {
    const lookup = guardedLookup(() => strict, resolve);
    const call = (host: string, opts: object) =>
      new Promise<{ err: any; address: any; family?: number }>((r) => lookup(host, opts, (err, address, family) => r({ err, address, family })));
    const ok = await call('cong.example.vn', {});
    expect(ok).toMatchObject({ err: null, address: '203.113.1.10', family: 4 });
    const all = await call('cong.example.vn', { all: true });
    expect(all.address).toEqual([{ address: '203.113.1.10', family: 4 }]);
    const bad = await call('rebind.example.vn', { all: true });
    expect(bad.err).toBeInstanceOf(OutboundRefusedError);
    expect(bad.err.message).toContain('10.0.0.7');
    const allowed = guardedLookup(() => ({ strict: true, allowedHosts: ['rebind.example.vn'] }), resolve);
    const viaAllow = await new Promise<any>((r) => allowed('rebind.example.vn', {}, (err, address) => r({ err, address })));
    expect(viaAllow.err).toBeNull();
  });
});
