/**
 * The admin screens in a real browser (issue #7, section 5): Debian's Chromium driven
 * by playwright-core against one real hub serving the built admin panel, with 119 real
 * HTTP receivers. One hub boot and one admin build for the whole file; the tests run
 * in order and build on each other (publish → failures → inbox → scoping → portals).
 *
 * Screenshots of each main screen are written to tests/.reports/screenshots/, or to
 * docs/screenshots/ with UPDATE_SCREENSHOTS=1 (see SCREENSHOTS in ../helpers/browser).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { adminSession, PASSWORD, type AdminSession } from '../helpers/admin';
import { bootHub, waitFor, type Hub } from '../helpers/hub';
import { attachSimulator, deliveries, sampleItem, type Simulator } from '../helpers/portals';
import { launchChromium, loopbackContext, SCREENSHOTS as SHOTS } from '../helpers/browser';

const ROLE = { provincial: 'Biên tập viên cổng tỉnh', portal: 'Biên tập viên cổng thành phần', admin: 'Quản trị đồng bộ' };
const UI_TIMEOUT = 60000;

let hub: Hub;
let sim: Simulator;
let browser: Browser;
const contexts: BrowserContext[] = [];
let A: string; // commune A (review mode)
let B: string; // commune B (review mode)
let F: string; // a department portal that refuses the first item (HTTP 400)
const users: Record<'provincial' | 'editorA' | 'editorB' | 'admin', AdminSession> = {} as any;
let firstItem: string;
let secondItem: string;

const db = () => hub.strapi.db.connection('syndication_deliveries');
const record = (item: string, portal: string) => db().where({ item_document_id: item, portal_code: portal }).first();

beforeAll(async () => {
  hub = await bootHub({ serveAdmin: true, env: { SYNDICATION_RETRY_SCHEDULE: '0.3,0.5', SYNDICATION_RECONCILE_INTERVAL_MS: '1000' } });
  sim = await attachSimulator(hub);
  const knex = hub.strapi.db.connection;
  [A, B] = await knex('syndication_portals').where({ tier: 'commune' }).orderBy('code').limit(2).pluck('code');
  F = (await knex('syndication_portals').where({ tier: 'department' }).orderBy('code').first('code')).code;

  users.provincial = await adminSession(hub, { roles: [ROLE.provincial], email: 'bientap.tinh@bacninh.gov.vn', firstname: 'Biên tập tỉnh' });
  users.editorA = await adminSession(hub, { roles: [ROLE.portal], email: 'bientap.xa-a@bacninh.gov.vn', firstname: 'Biên tập xã A' });
  users.editorB = await adminSession(hub, { roles: [ROLE.portal], email: 'bientap.xa-b@bacninh.gov.vn', firstname: 'Biên tập xã B' });
  users.admin = await adminSession(hub, { roles: [ROLE.admin], email: 'quantri.dongbo@bacninh.gov.vn', firstname: 'Quản trị' });
  for (const [code, editor] of [[A, users.editorA], [B, users.editorB]] as const) {
    const res = await hub.api.put(`/portals/${code}`, { publishMode: 'review', editors: [editor.email] });
    expect(res.status).toBe(200);
  }
  sim.setFault(F, { mode: 'error', status: 400 });

  browser = await launchChromium();
});

// Each test's sessions end with it: open pages keep polling the hub.
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await sim?.close();
});

/** A fresh browser session logged in through the real login form. */
async function loginAs(user: AdminSession): Promise<Page> {
  const context = await loopbackContext(browser); // 1440×1000, vi-VN, Asia/Ho_Chi_Minh, loopback only
  contexts.push(context);
  // The panel's language choice, as a user picking Vietnamese would leave it; Strapi's one-time
  // "new Media Library" banner already dismissed (its key is scoped by the instance's uuid).
  const uuid = String((await (await fetch(`${hub.url}/admin/init`)).json()).data?.uuid);
  await context.addInitScript((scope) => {
    window.localStorage.setItem('strapi-admin-language', 'vi');
    for (const flag of ['true', 'false']) window.localStorage.setItem(`STRAPI_MEDIA_LIBRARY_BANNER_DISMISSED_FOR_${flag}:${scope}`, 'true');
  }, uuid);
  const page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT);
  await page.goto(`${hub.url}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(user.email);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: UI_TIMEOUT });
  return page;
}

const open = async (page: Page, route: string) => {
  await page.goto(`${hub.url}/admin/plugins/syndication${route}`);
};

const shot = (page: Page, name: string) => fs.promises.mkdir(SHOTS, { recursive: true }).then(() => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false }));

describe('the three roles', () => {
  it('the provincial editor lands on the overview; the component editor on their inbox; the administrator manages portals', async () => {
    const provincial = await loginAs(users.provincial);
    await open(provincial, '');
    await provincial.waitForURL(/\/plugins\/syndication\/overview$/);
    await provincial.getByTestId('recent-items').waitFor();
    expect(await provincial.getByRole('link', { name: 'Cổng thành phần' }).count()).toBe(1); // portals.read
    expect(await provincial.getByRole('link', { name: 'Hộp duyệt' }).count()).toBe(0); // no review permission

    const editor = await loginAs(users.editorA);
    await open(editor, '');
    await editor.waitForURL(/\/plugins\/syndication\/inbox$/);
    await editor.getByText('Không có tin nào chờ duyệt.').waitFor();
    expect(await editor.getByRole('link', { name: 'Cổng thành phần' }).count()).toBe(0);

    const admin = await loginAs(users.admin);
    await open(admin, '/portals');
    await admin.getByTestId('portals-table').waitFor();
    await waitFor('119 portal rows', async () => (await admin.getByTestId('portal-row').count()) === 119, UI_TIMEOUT);
  });
});

describe('publishing in the Content Manager', () => {
  it('the side panel and the overview reach the final counts without a reload', async () => {
    const created = await hub.api.post('/items', sampleItem({ title: 'UBND tỉnh chỉ đạo triển khai Kế hoạch 65 về cổng thông tin điện tử' }));
    expect(created.status).toBe(201);
    firstItem = created.data.data.documentId;

    const page = await loginAs(users.provincial);
    await page.goto(`${hub.url}/admin/content-manager/collection-types/plugin::syndication.item/${firstItem}`);
    const panel = page.getByTestId('syndication-panel');
    await panel.getByText('Tin chưa được gửi tới cổng nào. Bấm Xuất bản để gửi.').waitFor();
    // Before Publish (the form's plan) says where it goes; confirming publishes.
    await page.getByRole('button', { name: 'Xuất bản' }).first().click();
    await page.getByTestId('syndication-publish-plan').filter({ hasText: 'Tin sẽ được gửi tới 119 cổng; 2 cổng duyệt trước khi đăng' }).waitFor();
    await page.locator('[role=alertdialog], [role=dialog]').getByRole('button', { name: 'Xuất bản' }).click();

    // 116 live, A and B awaiting their boards, F refused: the panel gets there by polling.
    await panel.getByText('116/119 cổng đã đăng').waitFor({ timeout: UI_TIMEOUT });
    await expect(panel.getByTestId('counts-line').textContent()).resolves.toBe('116 đã nhận, 2 chờ duyệt, 1 lỗi / 119');
    await shot(page, 'content-manager-panel');
    const d = await deliveries(hub, firstItem);
    expect(d.summary.byStatus).toMatchObject({ delivered: 116, awaiting_review: 2, failed: 1 });

    await panel.getByRole('link', { name: 'Xem chi tiết' }).click();
    await page.waitForURL(new RegExp(`/plugins/syndication/items/${firstItem}$`));
    await waitFor('119 rows on the item page', async () => (await page.getByTestId('item-delivery').count()) === 119, UI_TIMEOUT);

    await open(page, '/overview');
    const row = page.locator(`[data-testid="recent-item"][data-document-id="${firstItem}"]`);
    await expect(row.getByTestId('counts-line').textContent()).resolves.toBe('116 đã nhận, 2 chờ duyệt, 1 lỗi / 119');
    // Issued on Friday 20/11/2026: due by the end of Tuesday, so A, B and F are at risk.
    const atRisk = page.getByTestId('at-risk-row');
    await waitFor('3 at-risk rows', async () => (await atRisk.count()) === 3, UI_TIMEOUT);
    await page.getByTestId('matrix-table').waitFor();
    expect(await page.locator('[data-cell-status="failed"]').count()).toBe(1);
    await shot(page, 'overview');
  });
});

describe('failures', () => {
  it('the administrator sees the refused delivery, reads its history and retries it from the failures screen', async () => {
    const page = await loginAs(users.admin);
    await open(page, '/failures');
    const row = page.locator(`[data-testid="failure-row"][data-portal="${F}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('400');

    await shot(page, 'failures');

    await row.getByRole('button', { name: 'Lịch sử gửi' }).click();
    const history = page.getByTestId('delivery-history');
    await history.waitFor();
    expect(await history.getByTestId('attempt-row').count()).toBe(1);
    await history.getByTestId('credit-line').waitFor();
    await shot(page, 'failures-history');
    await page.keyboard.press('Escape');
    await history.waitFor({ state: 'detached' });

    sim.setFault(F, { mode: 'healthy' });
    await row.getByRole('button', { name: 'Gửi lại' }).click();
    await row.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await waitFor('F delivered after the manual retry', async () => (await record(firstItem, F))?.status === 'delivered');
    expect(sim.portals.get(F)!.receiver.copies.get(firstItem)?.status).toBe('live');
  });
});

describe("a commune's inbox", () => {
  it("commune A's editor previews what arrived, approves one item and rejects another with a reason", async () => {
    const second = await hub.api.post('/items?publish=true', sampleItem({ title: 'Lịch làm việc của lãnh đạo UBND tỉnh tuần 48', kind: 'schedule' }));
    expect(second.status).toBe(201);
    secondItem = second.data.data.documentId;
    await waitFor('second item awaiting review on A and B', async () => (await record(secondItem, A))?.status === 'awaiting_review' && (await record(secondItem, B))?.status === 'awaiting_review');

    const page = await loginAs(users.editorA);
    await open(page, '/inbox');
    const rows = page.getByTestId('inbox-row');
    await waitFor('2 inbox rows', async () => (await rows.count()) === 2, UI_TIMEOUT);
    expect(await page.locator(`[data-testid="inbox-row"]:not([data-portal="${A}"])`).count()).toBe(0);
    const received = page.getByTestId('payload-preview');
    await received.waitFor();
    await expect(received.getByTestId('credit-line').textContent()).resolves.toBe('Theo Cổng TTĐT tỉnh Bắc Ninh');
    expect(await received.getByTestId('source-link').getAttribute('href')).toMatch(/^https?:\/\//);
    await shot(page, 'inbox');

    const first = await record(firstItem, A);
    const secondRecord = await record(secondItem, A);
    const preview = page.getByTestId('inbox-preview');
    await page.locator(`[data-testid="inbox-row"][data-delivery-id="${first.id}"]`).click();
    await preview.getByText('UBND tỉnh chỉ đạo triển khai Kế hoạch 65 về cổng thông tin điện tử').waitFor();
    await preview.getByTestId('approve').click();
    await waitFor('A publishes the first item', async () => (await record(firstItem, A))?.status === 'published');
    expect(sim.portals.get(A)!.receiver.copies.get(firstItem)?.status).toBe('live');

    await page.locator(`[data-testid="inbox-row"][data-delivery-id="${secondRecord.id}"]`).click();
    await preview.getByText('Lịch làm việc của lãnh đạo UBND tỉnh tuần 48').waitFor();
    await preview.getByTestId('reject').click();
    await page.getByTestId('reject-confirm').click();
    await page.getByTestId('reject-error').filter({ hasText: /lý do/ }).waitFor(); // no reason: refused, nothing changed
    expect((await record(secondItem, A)).status).toBe('awaiting_review');
    await page.getByTestId('reject-reason').fill('Không thuộc lĩnh vực của xã');
    await page.getByTestId('reject-confirm').click();
    await waitFor('A rejects the second item', async () => (await record(secondItem, A))?.status === 'rejected');
    const rejected = await record(secondItem, A);
    expect(rejected.review_note).toContain('Không thuộc lĩnh vực của xã');
    await waitFor('inbox empties', async () => (await rows.count()) === 0, UI_TIMEOUT);
  });

  it("commune B's editor sees only commune B's items, never A's", async () => {
    const page = await loginAs(users.editorB);
    await open(page, '/inbox');
    const rows = page.getByTestId('inbox-row');
    await waitFor("B's 2 inbox rows", async () => (await rows.count()) === 2, UI_TIMEOUT);
    expect(await page.locator(`[data-testid="inbox-row"][data-portal="${A}"]`).count()).toBe(0);
    expect(await page.locator(`[data-testid="inbox-row"][data-portal="${B}"]`).count()).toBe(2);

    await open(page, `/items/${firstItem}`);
    await waitFor('only B on the item page', async () => (await page.getByTestId('item-delivery').count()) === 1, UI_TIMEOUT);
    expect(await page.locator(`[data-testid="item-delivery"][data-portal="${B}"]`).count()).toBe(1);

    await open(page, '/overview');
    const counts = page.locator(`[data-testid="recent-item"][data-document-id="${firstItem}"]`).getByTestId('counts-line');
    await expect(counts.textContent()).resolves.toBe('1 chờ duyệt / 1');

    // The same refusals behind the screens, with B's own admin JWT.
    const aRecord = await record(firstItem, A);
    expect([403, 404]).toContain((await users.editorB.admin.get(`/deliveries/${aRecord.id}/details`)).status);
    expect([403, 404]).toContain((await users.editorB.admin.post(`/deliveries/${aRecord.id}/approve`)).status);
  });
});

describe('portals', () => {
  it('the administrator sends a test delivery, pauses and resumes a portal, and sees a rotated secret once', async () => {
    // The province's own portal: first row of the screen (province, departments, communes).
    const code = (await hub.strapi.db.connection('syndication_portals').where({ tier: 'province' }).first('code')).code;
    const page = await loginAs(users.admin);
    await open(page, '/portals');
    const row = page.locator(`[data-testid="portal-row"][data-portal="${code}"]`);
    await row.waitFor();

    await row.getByRole('button', { name: 'Gửi thử' }).click();
    await page.getByText(/Gửi thử tới .* thành công: HTTP 200/).waitFor();
    const before = sim.portals.get(code)!.receiver.copies.size;

    await row.getByRole('button', { name: 'Tạm dừng' }).click();
    await page.getByRole('dialog').locator('textarea').fill('Cổng đang bảo trì');
    await page.getByRole('dialog').getByRole('button', { name: 'Tạm dừng' }).click();
    await row.getByText('Tạm dừng: Cổng đang bảo trì').waitFor();
    await page.getByText(/^Đã tạm dừng/).waitFor({ state: 'detached' }); // the confirmation toast fades
    await shot(page, 'portals');
    await row.getByRole('button', { name: 'Tiếp tục' }).click();
    await row.getByText('Hoạt động tốt').waitFor();

    await row.getByRole('button', { name: 'Đổi khóa ký' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Đổi khóa ký' }).click();
    const secret = await page.getByTestId('new-secret').textContent();
    expect(secret).toMatch(/^whsec_/);
    const stored = await hub.strapi.db.connection('syndication_portals').where({ code }).first('secret');
    expect(hub.strapi.plugin('syndication').service('secrets').open(stored.secret)).toBe(secret); // sealed at rest
    expect(sim.portals.get(code)!.receiver.copies.size).toBe(before); // a test stores nothing
  });
});
