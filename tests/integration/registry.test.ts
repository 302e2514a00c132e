/**
 * Foundation (issue #2): the 119-portal registry, seeding, the portal API and its
 * validation, NFC and Vietnamese slugs, on a real Strapi over HTTP with a real token.
 */
import { bootHub, type Hub } from '../helpers/hub';

let hub: Hub;

beforeAll(async () => {
  hub = await bootHub();
});

afterAll(async () => {
  await hub?.stop();
});

describe('registry seeding', () => {
  it('seeds 119 portals: 1 province, 19 departments, 99 communes/wards (66 xã, 33 phường)', async () => {
    const res = await hub.api.get('/portals');
    expect(res.status).toBe(200);
    expect(res.data.meta.total).toBe(119);
    const byTier = (t: string) => res.data.data.filter((p: any) => p.tier === t);
    expect(byTier('province')).toHaveLength(1);
    expect(byTier('department')).toHaveLength(19);
    const communes = byTier('commune');
    expect(communes).toHaveLength(99);
    expect(communes.filter((p: any) => p.communeType === 'xã')).toHaveLength(66);
    expect(communes.filter((p: any) => p.communeType === 'phường')).toHaveLength(33);
  });

  it('keeps the leading zeros of official commune codes', async () => {
    const res = await hub.api.get('/portals/07627');
    expect(res.status).toBe(200);
    expect(res.data.data).toMatchObject({ code: '07627', name: 'Đại Sơn', tier: 'commune', communeType: 'xã' });
    const all = (await hub.api.get('/portals', { params: { tier: 'commune' } })).data.data;
    expect(all.every((p: any) => /^0\d{4}$/.test(p.code))).toBe(true);
  });

  it('is idempotent and never overwrites an administrator edit', async () => {
    const edit = await hub.api.put('/portals/SYT', { name: 'Sở Y tế tỉnh Bắc Ninh', contactEmail: 'bbt@syt.example.vn', publishMode: 'review' });
    expect(edit.status).toBe(200);
    const service = hub.strapi.plugin('syndication').service('portal');
    const again = await service.seed();
    expect(again).toEqual({ created: 0, existing: 119 });
    const after = (await hub.api.get('/portals/SYT')).data.data;
    expect(after).toMatchObject({ name: 'Sở Y tế tỉnh Bắc Ninh', contactEmail: 'bbt@syt.example.vn', publishMode: 'review' });
    expect((await hub.api.get('/portals')).data.meta.total).toBe(119);
  });

  it('re-creates a deleted seeded portal on the next seed, and only that one', async () => {
    await hub.strapi.db.query('plugin::syndication.portal').delete({ where: { code: '07615' } });
    expect((await hub.api.get('/portals')).data.meta.total).toBe(118);
    expect(await hub.strapi.plugin('syndication').service('portal').seed()).toEqual({ created: 1, existing: 118 });
  });

  it('seeds every Decision 96 category of Art. 8.1 and 8.2', async () => {
    const rules = await hub.strapi.plugin('syndication').service('categoryRule').all();
    expect([...rules.keys()].sort()).toEqual(
      ['8.1.a', '8.1.b', '8.1.c', '8.1.d', '8.1.đ', '8.1.e', '8.1.g', '8.1.h', '8.1.i', '8.1.k', '8.1.l', '8.1.m', '8.1.n', '8.2.a', '8.2.b', '8.2.c', '8.2.d', '8.2.đ'].sort()
    );
    expect(rules.get('8.1.c').deadlines).toEqual({ province: { unit: 'working', days: 2 }, department: { unit: 'working', days: 2 }, commune: { unit: 'working', days: 2 } });
    expect(rules.get('8.2.a').tiers).toEqual(['province']);
  });
});

describe('portal API', () => {
  it('filters by tier and active', async () => {
    expect((await hub.api.get('/portals', { params: { tier: 'department' } })).data.meta.total).toBe(19);
    await hub.api.put('/portals/STP', { active: false });
    const inactive = (await hub.api.get('/portals', { params: { active: 'false' } })).data;
    expect(inactive.data.map((p: any) => p.code)).toEqual(['STP']);
    // Paused by an update: no reason was given, the screens still say when and how.
    expect(inactive.data[0].health).toMatchObject({ pausedReason: expect.stringMatching(/^Tạm dừng khi sửa cổng/) });
    expect(Date.parse(inactive.data[0].health.pausedAt)).toBeGreaterThan(Date.now() - 60000);
    await hub.api.put('/portals/STP', { active: true });
    expect((await hub.api.get('/portals/STP')).data.data.health).toMatchObject({ pausedReason: null, pausedAt: null });
  });

  it('never returns a secret, in lists, single reads or writes', async () => {
    const secret = 'whsec_' + Buffer.from('a-very-secret-signing-key-123456').toString('base64');
    const put = await hub.api.put('/portals/SCT', { secret });
    const list = await hub.api.get('/portals');
    const one = await hub.api.get('/portals/SCT');
    for (const body of [put.data, list.data, one.data]) {
      expect(JSON.stringify(body)).not.toContain(secret.slice(6, 20));
      expect(JSON.stringify(body)).not.toMatch(/whsec_/);
    }
    expect(one.data.data.hasSecret).toBe(true);
    const stored = await hub.strapi.db.query('plugin::syndication.portal').findOne({ where: { code: 'SCT' } });
    expect(stored.secret).toMatch(/^enc:v1:/); // sealed at rest
    expect(hub.strapi.plugin('syndication').service('secrets').open(stored.secret)).toBe(secret);
  });

  it('creates a new portal with PUT and answers 201', async () => {
    const res = await hub.api.put('/portals/TEST-01', { name: 'Cổng thử nghiệm', tier: 'department', endpoint: 'http://127.0.0.1:9/inbox', sectionMap: { '8.1.c': 'chi-dao-dieu-hanh' } });
    expect(res.status).toBe(201);
    expect(res.data.data).toMatchObject({ code: 'TEST-01', tier: 'department', adapter: 'webhook', publishMode: 'live', active: true, sectionMap: { '8.1.c': 'chi-dao-dieu-hanh' }, hasSecret: true });
  });

  it.each([
    ['a bad URL', '/portals/SXD', { endpoint: 'ftp://example' }, 'endpoint'],
    ['an unknown tier', '/portals/NEW-1', { name: 'X', tier: 'district' }, 'tier'],
    ['a commune code that is not 5 digits', '/portals/1234', { name: 'Xã mới', tier: 'commune', communeType: 'xã' }, 'code'],
    ['a commune without xã/phường', '/portals/07999', { name: 'Xã mới', tier: 'commune' }, 'communeType'],
    ['a new portal without a name', '/portals/NEW-2', { tier: 'department' }, 'name'],
    ['a malformed secret', '/portals/SXD', { secret: 'short' }, 'secret'],
    ['an unknown field', '/portals/SXD', { colour: 'red' }, ''],
    ['a section map keyed by a non-category', '/portals/SXD', { sectionMap: { news: 'x' } }, 'sectionMap'],
    ['a bad email', '/portals/SXD', { contactEmail: 'not-an-email' }, 'contactEmail'],
  ])('rejects %s with 400 and a readable, bilingual message', async (_label, url, body, field) => {
    const res = await hub.api.put(url, body);
    expect(res.status).toBe(400);
    expect(res.data.error).toMatchObject({ status: 400, name: 'ValidationError' });
    expect(res.data.error.message).toMatch(/\//); // "Vietnamese / English"
    if (field) expect(res.data.error.details.errors.map((e: any) => e.path.join('.'))).toContain(field);
  });

  it('leaves a portal unchanged when its update is rejected', async () => {
    const before = (await hub.api.get('/portals/SXD')).data.data;
    await hub.api.put('/portals/SXD', { name: 'Tên mới', endpoint: 'not a url' });
    expect((await hub.api.get('/portals/SXD')).data.data).toEqual(before);
  });

  it('answers 404 with the code for an unknown portal', async () => {
    const res = await hub.api.get('/portals/NOPE');
    expect(res.status).toBe(404);
    expect(res.data.error.message).toContain('NOPE');
  });

  it('requires an API token', async () => {
    const res = await hub.anonymous.get('/portals');
    expect([401, 403]).toContain(res.status);
    const bad = await hub.anonymous.get('/portals', { headers: { Authorization: 'Bearer not-a-token' } });
    expect(bad.status).toBe(401);
  });
});

describe('Vietnamese text', () => {
  it('stores NFD input as NFC', async () => {
    const nfd = 'Sở Tư pháp tỉnh Bắc Ninh'.normalize('NFD');
    expect(nfd).not.toBe(nfd.normalize('NFC'));
    await hub.api.put('/portals/STP', { name: nfd });
    const stored = await hub.strapi.db.query('plugin::syndication.portal').findOne({ where: { code: 'STP' } });
    expect(stored.name).toBe('Sở Tư pháp tỉnh Bắc Ninh'.normalize('NFC'));
  });

  it('slugs items with the vi locale (Đường → duong) and NFC-normalises their text', async () => {
    const title = 'Đường giao thông nông thôn xã Đại Sơn'.normalize('NFD');
    const doc = await hub.strapi.documents('plugin::syndication.item').create({ data: { title, kind: 'direction', summary: 'Tóm tắt'.normalize('NFD') } });
    expect(doc.slug).toBe('duong-giao-thong-nong-thon-xa-dai-son');
    expect(doc.title).toBe(title.normalize('NFC'));
    expect(doc.summary).toBe('Tóm tắt'.normalize('NFC'));
    expect(doc.category).toBe('8.1.c');
    expect(doc.credit).toBe('Theo Cổng TTĐT tỉnh Bắc Ninh');
  });
});
