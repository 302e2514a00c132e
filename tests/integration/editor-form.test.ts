/**
 * The provincial editor's form (issue #10), server side, through the same admin HTTP API
 * the Content Manager uses: custom fields, the Vietnamese view configuration, the
 * pickers' reference data, Before Publish and its refusals, and Preview as a portal.
 */
import axios from 'axios';
import { bootHub, waitFor, type Hub } from '../helpers/hub';
import { attachSimulator, deliveries, type Simulator } from '../helpers/portals';
import { adminSession, superAdminRoleId, type AdminSession } from '../helpers/admin';
import { DECISION_96_CATEGORIES } from '../../plugins/syndication/server/src/domain/decision-96';

const ITEM = 'plugin::syndication.item';
const CM = `/content-manager/collection-types/${ITEM}`;
const COMMUNES = ['07627', '07615'];
let hub: Hub;
let sim: Simulator;
let editor: AdminSession;
let superAdmin: AdminSession;
/** The admin JWT on the hub's root, as the Content Manager calls /content-manager/... */
const cmClient = (session: AdminSession) => axios.create({ baseURL: hub.url, headers: { Authorization: `Bearer ${session.token}` }, validateStatus: () => true });

beforeAll(async () => {
  hub = await bootHub();
  sim = await attachSimulator(hub, { codes: ['SYT', 'STC', ...COMMUNES] });
  // The role the provincial board's editors hold (seeded on first start).
  editor = await adminSession(hub, { roles: ['Biên tập viên cổng tỉnh'] });
  superAdmin = await adminSession(hub, { roles: [await superAdminRoleId(hub)] });
});

afterAll(async () => {
  await hub?.stop();
  await sim?.close();
});

const formItem = (overrides: Record<string, unknown> = {}) => ({
  title: 'Chủ tịch UBND tỉnh chỉ đạo phòng chống rét đậm',
  summary: 'Yêu cầu các xã, phường bảo vệ đàn gia súc.',
  body: '## Chỉ đạo\n\n**Khẩn**: thực hiện ngay.',
  category: '8.1.c',
  kind: 'direction',
  issuer: 'Chủ tịch UBND tỉnh',
  issuedAt: '2026-11-23T08:00:00.000Z',
  targets: { scope: 'portals', portals: ['SYT', ...COMMUNES] },
  ...overrides,
});

describe('custom fields and schema', () => {
  it('stores codes: category a string, kind an enumeration shown only for 8.1.c, targets the API object', () => {
    const attrs = hub.strapi.contentType(ITEM).attributes;
    expect(attrs.category).toMatchObject({ type: 'string', customField: 'plugin::syndication.category', default: '8.1.c' });
    expect(attrs.kind).toMatchObject({ type: 'enumeration', customField: 'plugin::syndication.kind', conditions: { visible: { '==': [{ var: 'category' }, '8.1.c'] } } });
    expect(attrs.targets).toMatchObject({ type: 'json', customField: 'plugin::syndication.targets' });
    expect(Object.keys(hub.strapi.get('custom-fields').getAll())).toEqual(
      expect.arrayContaining(['plugin::syndication.category', 'plugin::syndication.kind', 'plugin::syndication.targets'])
    );
  });
});

describe('Vietnamese view configuration', () => {
  const configuration = async () => (await cmClient(superAdmin).get(`/content-manager/content-types/${ITEM}/configuration`)).data.data.contentType;

  it('labels every field in Vietnamese with a hint; version and credit read-only; the body format hidden', async () => {
    const { metadatas, layouts } = await configuration();
    expect(metadatas.title.edit).toMatchObject({ label: 'Tiêu đề' });
    expect(metadatas.category.edit.label).toBe('Chuyên mục (Quyết định 96)');
    expect(metadatas.kind.edit.label).toBe('Loại thông tin chỉ đạo, điều hành');
    expect(metadatas.targets.edit.label).toBe('Gửi tới');
    expect(metadatas.version.edit).toMatchObject({ label: 'Phiên bản', editable: false });
    expect(metadatas.credit.edit).toMatchObject({ label: 'Dòng ghi nguồn', editable: false });
    expect(metadatas.bodyFormat.edit.visible).toBe(false);
    expect(layouts.edit.flat().map((c: any) => c.name)).not.toContain('bodyFormat');
    for (const [name, meta] of Object.entries<any>(metadatas)) {
      if (['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations'].includes(name)) continue;
      expect([name, meta.edit.label]).not.toEqual([name, name]);
      expect([name, meta.edit.description]).not.toEqual([name, '']);
    }
    const portal = (await cmClient(superAdmin).get('/content-manager/content-types/plugin::syndication.portal/configuration')).data.data.contentType;
    expect(portal.metadatas.publishMode.edit.label).toBe('Chế độ đăng');
  });

  it('keeps an administrator’s change across restarts (seeding again changes nothing)', async () => {
    const current = await configuration();
    const { uid: _uid, ...conf } = current;
    conf.metadatas.title.edit.label = 'Tít bài';
    conf.metadatas.summary.edit.description = '';
    // What "Configure the view" sends back: the answer's list metadata without the relations' main field.
    for (const m of Object.values<any>(conf.metadatas)) delete m.list?.mainField;
    const put = await cmClient(superAdmin).put(`/content-manager/content-types/${ITEM}/configuration`, { layouts: conf.layouts, metadatas: conf.metadatas, settings: conf.settings });
    expect([put.status, put.data?.error?.details ?? null]).toEqual([200, null]);
    expect(await hub.strapi.plugin('syndication').service('contentManagerLayout').seed()).toEqual({ fields: 0 });
    const after = await configuration();
    expect(after.metadatas.title.edit.label).toBe('Tít bài');
    expect(after.metadatas.summary.edit.description).toBe('');
  });
});

describe('the pickers’ reference data', () => {
  it('lists every Decision 96 category with its Vietnamese title, the four kinds, and the 119 portals by tier', async () => {
    const res = await editor.admin.get('/form/options');
    expect(res.status).toBe(200);
    const { categories, kinds, tiers, portals, defaultCategory } = res.data.data;
    expect(defaultCategory).toBe('8.1.c');
    expect(categories).toHaveLength(DECISION_96_CATEGORIES.length);
    const c = DECISION_96_CATEGORIES.find((x) => x.code === '8.1.c')!;
    expect(categories).toContainEqual({ code: '8.1.c', name: c.name, label: `8.1.c — ${c.name}` });
    expect(kinds.map((k: any) => k.label)).toEqual(['Ý kiến chỉ đạo, điều hành', 'Xử lý, phản hồi kiến nghị', 'Khen thưởng, xử phạt', 'Lịch làm việc của lãnh đạo']);
    expect(kinds.map((k: any) => k.value)).toEqual(['direction', 'petition-response', 'reward-sanction', 'schedule']);
    expect(tiers).toEqual([
      { value: 'province', label: 'UBND tỉnh', count: 1 },
      { value: 'department', label: 'Sở, ban, ngành', count: 19 },
      { value: 'commune', label: 'Xã, phường', count: 99 },
    ]);
    expect(portals).toHaveLength(119);
    expect(portals.find((p: any) => p.code === '07627')).toEqual({ code: '07627', name: 'Đại Sơn', tier: 'commune', communeType: 'xã', publishMode: 'live' });
    expect(JSON.stringify(res.data)).not.toMatch(/secret|endpoint/);
  });

  it('is for administrators who may edit items: not anonymous, not a component portal editor', async () => {
    expect((await axios.get(`${hub.url}/syndication/form/options`, { validateStatus: () => true })).status).toBe(401);
    const portalEditor = await adminSession(hub, { roles: ['Biên tập viên cổng thành phần'] });
    expect((await portalEditor.admin.get('/form/options')).status).toBe(403);
    expect((await portalEditor.admin.post('/form/publish-plan', { data: {} })).status).toBe(403);
  });
});

describe('Before Publish', () => {
  const plan = (data: unknown) => editor.admin.post('/form/publish-plan', { data });

  it('says how many portals receive the item and how many review it first', async () => {
    await hub.api.put('/portals/07627', { publishMode: 'review' });
    const all = await plan(formItem({ targets: { scope: 'all' } }));
    expect(all.status).toBe(200);
    expect(all.data.data).toEqual({ total: 119, review: 1, summary: 'Tin sẽ được gửi tới 119 cổng; 1 cổng duyệt trước khi đăng', errors: [] });
    const some = await plan(formItem({ kind: 'schedule', targets: { scope: 'tiers', tiers: ['department'] } }));
    expect(some.data.data).toMatchObject({ total: 19, review: 0, errors: [] });
    await hub.api.put('/portals/07627', { publishMode: 'live' });
  });

  it.each([
    ['a direction item without a kind', { kind: null }, 'kind', /phải chọn loại/],
    ['an empty target list', { targets: { scope: 'portals', portals: [] } }, 'targets', /Chưa chọn cổng nhận tin/],
    ['no tier chosen', { targets: { scope: 'tiers', tiers: [] } }, 'targets', /Chưa chọn cổng nhận tin/],
  ])('lists what stops %s', async (_name, overrides, path, message) => {
    const res = await plan(formItem(overrides));
    expect(res.data.data.errors).toEqual([expect.objectContaining({ path: [path], message: expect.stringMatching(message) })]);
  });

  it('lists what the category rule still needs (Decision 96 required fields)', async () => {
    const res = await plan(formItem({ category: '8.1.e', kind: null }));
    const paths = res.data.data.errors.map((e: any) => e.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['documentForm', 'documentNumber', 'effectiveAt']));
    expect(res.data.data.errors.every((e: any) => /^Chuyên mục 8\.1\.e bắt buộc có /.test(e.message))).toBe(true);
  });

  it('ignores a kind left behind once the category is no longer 8.1.c', async () => {
    const res = await plan(formItem({ category: '8.1.b', kind: 'direction' }));
    expect(res.data.data.errors).toEqual([]);
  });

  it.each([
    ['no kind for 8.1.c', { kind: null }, /Tin chỉ đạo, điều hành \(8\.1\.c\) phải chọn loại/],
    ['an empty target list', { targets: { scope: 'portals', portals: [] } }, /Chưa chọn cổng nhận tin nào/],
  ])('the Content Manager’s Publish refuses %s with a Vietnamese message and writes nothing', async (_name, overrides, message) => {
    const before = await hub.strapi.db.connection('syndication_items').count({ n: '*' }).first();
    const res = await cmClient(editor).post(`${CM}/actions/publish`, formItem(overrides));
    expect(res.status).toBe(400);
    expect(res.data.error.message).toMatch(message);
    expect(res.data.error.details.errors[0].path).toEqual([Object.keys(overrides)[0]]);
    const after = await hub.strapi.db.connection('syndication_items').count({ n: '*' }).first();
    expect(after).toEqual(before);
  });

  it('refuses to publish a saved draft that breaks a rule, then publishes it once fixed', async () => {
    const draft = await cmClient(editor).post(CM, formItem({ kind: null }));
    expect(draft.status).toBe(201);
    const id = draft.data.data.documentId;
    const refused = await cmClient(editor).post(`${CM}/${id}/actions/publish`, {});
    expect(refused.status).toBe(400);
    expect(refused.data.error.message).toMatch(/phải chọn loại/);
    expect((await hub.strapi.documents(ITEM).findOne({ documentId: id, status: 'published' }))).toBeNull();
    const published = await cmClient(editor).post(`${CM}/${id}/actions/publish`, formItem({ kind: 'reward-sanction' }));
    expect(published.status).toBe(200);
    const d = await waitFor('3 delivered', async () => {
      const x = await deliveries(hub, id);
      return x.summary.byStatus.delivered === 3 ? x : false;
    });
    expect(d.deliveries.map((x: any) => x.portal ?? x.portalCode).sort()).toEqual(['07615', '07627', 'SYT']);
    const copy = sim.portals.get('07627')!.receiver.copies.get(id)!;
    expect(copy.payload.item.kind).toBe('reward-sanction');
    expect(copy.payload.item.body).toContain('<h2>Chỉ đạo</h2>');
    expect(copy.payload.item.body).toContain('<strong>Khẩn</strong>');
  });

  it('clears a hidden kind when the category is not 8.1.c', async () => {
    const res = await cmClient(editor).post(CM, formItem({ category: '8.1.b', kind: 'direction' }));
    expect(res.status).toBe(201);
    expect(res.data.data.kind).toBeNull();
  });
});

describe('Preview as a portal', () => {
  it('renders the draft with title, summary, body, credit and source link from a signed URL', async () => {
    const draft = await cmClient(editor).post(CM, formItem({ title: 'Xem trước <tin>', body: '**Đậm** và _nghiêng_\n\nĐoạn hai.' }));
    const id = draft.data.data.documentId;
    const res = await cmClient(editor).get(`/content-manager/preview/url/${ITEM}`, { params: { documentId: id, status: 'draft' } });
    expect(res.status).toBe(200);
    const url: string = res.data.data.url;
    expect(url).toContain(`/api/syndication/preview/${id}?`);
    const page = await axios.get(url.startsWith('http') ? url : `${hub.url}${url}`, { validateStatus: () => true });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.data).toContain('<h1>Xem trước &lt;tin&gt;</h1>');
    expect(page.data).toContain('Yêu cầu các xã, phường bảo vệ đàn gia súc.');
    expect(page.data).toContain('<p><strong>Đậm</strong> và <em>nghiêng</em></p>\n<p>Đoạn hai.</p>');
    expect(page.data).toMatch(/<a href="https:\/\/[^"]+\/xem-truoc-[^"]*">Theo Cổng TTĐT tỉnh Bắc Ninh<\/a>/);
  });

  it('refuses a tampered or expired link', async () => {
    const draft = await cmClient(editor).post(CM, formItem());
    const id = draft.data.data.documentId;
    const { url } = (await cmClient(editor).get(`/content-manager/preview/url/${ITEM}`, { params: { documentId: id, status: 'draft' } })).data.data;
    const u = new URL(url.startsWith('http') ? url : `${hub.url}${url}`);
    const tampered = new URL(u);
    tampered.searchParams.set('signature', 'x'.repeat(43));
    expect((await axios.get(tampered.toString(), { validateStatus: () => true })).status).toBe(403);
    const expired = new URL(u);
    expired.searchParams.set('expires', String(Date.now() - 1000));
    expect((await axios.get(expired.toString(), { validateStatus: () => true })).status).toBe(403);
    const other = new URL(u.toString().replace(id, 'abcdefghijklmnopqrstuvwx'));
    expect((await axios.get(other.toString(), { validateStatus: () => true })).status).toBe(403);
  });
});
