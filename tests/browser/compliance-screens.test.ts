/**
 * The compliance screens in real Chromium (issue 8): the Báo cáo page shows row 14 per
 * portal for a period, and the calendar editor adds a day off that moves an open
 * deadline. Logged in through the admin login form as a "Quản trị đồng bộ" user.
 */
import type { Browser, Page } from 'playwright-core';
import { bootHub, waitFor, type Hub } from '../helpers/hub';
import { PASSWORD, adminSession } from '../helpers/admin';
import { deliveries, sampleItem } from '../helpers/portals';
import { launchChromium, loopbackContext } from '../helpers/browser';

let hub: Hub;
let browser: Browser;
let page: Page;
const endOfDayVn = (date: string) => new Date(Date.parse(`${date}T23:59:59.999Z`) - 7 * 3600 * 1000).toISOString();

beforeAll(async () => {
  hub = await bootHub({ serveAdmin: true, env: { SYNDICATION_EMBEDDED_WORKER: 'false' } });
  const session = await adminSession(hub, { roles: ['Quản trị đồng bộ'] });
  browser = await launchChromium();
  // Loopback only: the admin panel links to a few outside resources, which must not be fetched.
  page = await (await loopbackContext(browser)).newPage();
  page.setDefaultTimeout(60000); // a cold admin bundle on a busy 2-core machine
  await page.goto(`${hub.url}/admin/auth/login`);
  await page.fill('input[name="email"]', session.email);
  await page.fill('input[name="password"]', PASSWORD);
  await page.click('button[type="submit"]');
  await page.waitForURL((u) => !u.pathname.includes('/auth/login'), { timeout: 60000 });
});

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

it('Báo cáo: row 14 per portal for the chosen period', async () => {
  const created = await hub.api.post('/items?publish=true', sampleItem({ issuedAt: '2026-02-13T09:00:00+07:00', targets: { scope: 'portals', portals: ['07627'] } }));
  expect(created.status).toBe(201);
  await hub.strapi.db.connection('syndication_deliveries').where({ item_document_id: created.data.data.documentId }).update({ status: 'delivered', portal_published_at: new Date('2026-02-24T10:00:00+07:00') });

  await page.goto(`${hub.url}/admin/plugins/syndication/reports`);
  // The admin panel may run in English or Vietnamese: match either wording.
  await page.getByTestId('reports-table').waitFor({ timeout: 60000 });
  await page.getByRole('combobox').first().click();
  await page.getByRole('option', { name: /^(6 tháng đầu năm|First half of) 2026$/ }).click();
  const row = page.locator('[data-testid="reports-table"] tr', { hasText: '(07627)' });
  await row.waitFor({ timeout: 30000 });
  // on time, late, not yet due, total
  await waitFor('row 14 counts', async () => (await row.locator('td').allInnerTexts()).slice(2).join('|') === '1|0|0|1', 30000);
  await page.getByTestId('reports-province').getByText(/^(Toàn tỉnh: 1 tin · 1 đúng hạn · 0 quá hạn|Province: 1 items · 1 on time · 0 late)$/).waitFor();
});

it('Lịch ngày làm việc: adding a day off moves an open deadline', async () => {
  const created = await hub.api.post('/items?publish=true', sampleItem({ title: 'Tin đang mở', issuedAt: '2026-11-20T09:00:00+07:00', targets: { scope: 'portals', portals: ['STP'] } }));
  const id = created.data.data.documentId;
  expect((await deliveries(hub, id)).deliveries[0].deadlineAt).toBe(endOfDayVn('2026-11-24'));

  await page.goto(`${hub.url}/admin/plugins/syndication/calendar`);
  await page.getByText('Tết Nguyên đán Bính Ngọ (mùng 1)').waitFor({ timeout: 60000 });
  await page.fill('input[name="date"]', '2026-11-23');
  await page.fill('input[name="name"]', 'Nghỉ đột xuất');
  await page.getByRole('button', { name: /^(Thêm|Add)$/ }).click();
  await page.getByText('Nghỉ đột xuất').waitFor({ timeout: 30000 });
  await waitFor('deadline moved', async () => (await deliveries(hub, id)).deliveries[0].deadlineAt === endOfDayVn('2026-11-25'));
});
