/**
 * Issue #10, done-when: the provincial editor, logged in to the admin panel in headless
 * Chromium, creates an item entirely through the form — category and kind from lists,
 * targets "19 sở ngành" plus two chosen communes, a body with a heading, bold text, a list,
 * a link and an image uploaded to the media library — and publishes it. The receivers of
 * exactly those 21 portals get safe HTML with that formatting and an image URL they fetch.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import axios from 'axios';
import { bootHub, waitFor, type Hub } from '../helpers/hub';
import { attachSimulator, type Simulator } from '../helpers/portals';
import { adminSession, PASSWORD, type AdminSession } from '../helpers/admin';
import { png } from '../helpers/files';
import { freePort, launchChromium, loopbackContext, SCREENSHOTS } from '../helpers/browser';

const ITEM = 'plugin::syndication.item';
const COMMUNES = [
  { code: '07627', name: 'Đại Sơn' },
  { code: '07615', name: '' },
];
let hub: Hub;
let sim: Simulator;
let editor: AdminSession;
let browser: any;
let imageFile: string;

beforeAll(async () => {
  const port = await freePort();
  hub = await bootHub({ serveAdmin: true, env: { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` } });
  const departments = (await hub.strapi.db.connection('syndication_portals').where({ tier: 'department' }).select('code')).map((r: any) => r.code);
  const communes = await hub.strapi.db.connection('syndication_portals').where({ tier: 'commune' }).orderBy('code').select('code', 'name');
  COMMUNES[1] = communes.find((c: any) => c.code !== COMMUNES[0].code && c.name !== COMMUNES[0].name);
  // Receivers for every department, the two chosen communes and two that must receive nothing.
  const others = communes.filter((c: any) => !COMMUNES.some((x) => x.code === c.code)).slice(0, 2).map((c: any) => c.code);
  sim = await attachSimulator(hub, { codes: [...departments, ...COMMUNES.map((c) => c.code), ...others, 'UBND'] });
  // The provincial editor role seeded on first start (RBAC, issue 7).
  editor = await adminSession(hub, { roles: ['Biên tập viên cổng tỉnh'] });
  imageFile = path.join(path.dirname(hub.dbFile ?? '/tmp'), 'mua-lu-bac-ninh.png');
  fs.writeFileSync(imageFile, png(64, 40));
  browser = await launchChromium();
});

afterAll(async () => {
  // The image the editor uploaded went to the project's public/uploads: remove it and its formats.
  const files = hub ? await hub.strapi.db.query('plugin::upload.file').findMany({ where: { name: { $contains: 'mua-lu-bac-ninh' } } }) : [];
  for (const f of files) for (const x of [f, ...Object.values<any>(f.formats ?? {})]) fs.rmSync(path.join(hub.strapi.dirs.static.public, x.url), { force: true });
  await browser?.close();
  await hub?.stop();
  await sim?.close();
});

it('the provincial editor publishes a formatted item through the form; exactly the 21 chosen portals get it', async () => {
  const context = await loopbackContext(browser);
  const page = await context.newPage();
  page.setDefaultTimeout(30000);
  try {
    await publishThroughTheForm(page);
  } catch (e) {
    // What the page showed when it failed, for whoever reads the CI log.
    const shot = path.join(os.tmpdir(), 'syndication-editor-form-failure.png');
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
    console.error(`editor form failed; page at ${page.url()}, screenshot ${shot}`);
    throw e;
  } finally {
    await context.close();
  }
});

async function publishThroughTheForm(page: any) {
  // The panel starts in Vietnamese.
  await page.goto(`${hub.url}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(editor.email);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/admin(\/)?$/);

  await page.goto(`${hub.url}/admin/content-manager/collection-types/${ITEM}/create`);
  await page.getByRole('textbox', { name: 'Tiêu đề' }).fill('Chủ tịch UBND tỉnh chỉ đạo ứng phó mưa lũ');
  await page.getByLabel('Tóm tắt').fill('Các sở, ngành và xã, phường triển khai ngay các biện pháp ứng phó.');

  // Category and kind from lists (Vietnamese titles), no code typed.
  await page.getByRole('combobox', { name: 'Chuyên mục (Quyết định 96)' }).click();
  await page.getByRole('option', { name: /^8\.1\.c — / }).click();
  await page.getByRole('combobox', { name: 'Loại thông tin chỉ đạo, điều hành' }).click();
  await page.getByRole('option', { name: 'Ý kiến chỉ đạo, điều hành' }).click();
  // The kind belongs to 8.1.c only: another category hides it.
  await page.getByRole('combobox', { name: 'Chuyên mục (Quyết định 96)' }).click();
  await page.getByRole('option', { name: /^8\.1\.b — / }).click();
  await waitFor('the kind hidden outside 8.1.c', async () => (await page.getByRole('combobox', { name: 'Loại thông tin chỉ đạo, điều hành' }).count()) === 0, 10000);
  await page.getByRole('combobox', { name: 'Chuyên mục (Quyết định 96)' }).click();
  await page.getByRole('option', { name: /^8\.1\.c — / }).click();
  await page.getByRole('combobox', { name: 'Loại thông tin chỉ đạo, điều hành' }).waitFor();
  await page.getByLabel('Người/cơ quan ban hành').fill('Chủ tịch UBND tỉnh');
  // Issue date from the date picker (dd/MM/yyyy in Vietnamese), required for 8.1.c.
  const day = page.getByRole('combobox', { name: 'Choose date' }).first();
  await day.click();
  await day.pressSequentially('23/11/2026');
  await day.press('Tab');
  await waitFor('the issue date shown as dd/MM/yyyy', async () => (await day.inputValue()) === '23/11/2026', 10000);
  const time = page.getByRole('combobox', { name: 'Choose time' }).first();
  await time.click();
  await page.getByRole('option', { name: '08:00' }).click();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.getByRole('combobox', { name: 'Chuyên mục (Quyết định 96)' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'form-category-kind.png') });

  // Body, written with the Markdown editor's toolbar (text goes in as typed input, accents included).
  // Each step waits until the editor shows its effect: the editor is re-rendered from the form's state.
  const cm = page.locator('.CodeMirror').first();
  const editorValue = () => cm.evaluate((el: any) => el.CodeMirror.getValue() as string);
  const selection = () => cm.evaluate((el: any) => el.CodeMirror.getSelection() as string);
  const settled = async (what: string, test: (v: string) => boolean) => {
    await waitFor(what, async () => test(await editorValue()), 10000);
  };
  const type = async (text: string) => {
    const before = await editorValue();
    await page.keyboard.insertText(text);
    await settled(`"${text}" typed`, (v) => v.length >= before.length + text.length - 4 && v.includes(text));
  };
  const press = async (key: string) => {
    const before = await editorValue();
    await page.keyboard.press(key);
    if (key === 'Enter') await settled('a new line', (v) => v.split('\n').length > before.split('\n').length);
  };
  const toolbar = async (name: RegExp, effect: (v: string) => boolean) => {
    await page.getByRole('button', { name }).first().click();
    await settled(`the ${name} button's effect`, effect);
  };
  await cm.click();
  await type('Yêu cầu khẩn');
  await page.getByRole('combobox', { name: 'Tiêu đề' }).click();
  await page.getByRole('option', { name: /(Heading|Tiêu đề) 2$/ }).click();
  await settled('the heading', (v) => v.startsWith('## Yêu cầu khẩn'));
  await page.locator('.CodeMirror-line').first().click();
  await press('End');
  await press('Enter');
  await press('Enter');
  await type('Chủ tịch UBND tỉnh yêu cầu ');
  await toolbar(/^(Đậm|Bold)$/, (v) => v.includes('**Bold**'));
  await waitFor('the placeholder selected', async () => (await selection()) === 'Bold', 10000);
  await type('triển khai ngay');
  await press('End');
  await type(':');
  await press('Enter');
  await press('Enter');
  await toolbar(/^Danh sách gạch đầu dòng$/, (v) => v.endsWith('- '));
  await type('Sơ tán người dân vùng trũng');
  await press('Enter');
  await type('Bảo đảm an toàn hồ đập');
  await press('Enter');
  await page.keyboard.press('Enter');
  await settled('the list closed', (v) => !v.endsWith('- '));
  await press('Enter');
  await type('Xem ');
  await toolbar(/^(Liên kết|Link)$/, (v) => v.includes('[Link](link)'));
  await waitFor('the link text selected', async () => (await selection()) === 'Link', 10000);
  await type('văn bản gốc');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowRight');
  await waitFor('the link target selected', async () => (await selection()) === 'link', 10000);
  await type('https://bacninh.gov.vn/van-ban/65-kh-ubnd');
  await press('End');
  await press('Enter');
  await press('Enter');

  // An image uploaded to the media library from the editor's image button.
  await page.getByRole('button', { name: /^(Hình ảnh|Image)$/ }).first().click();
  await page.getByRole('dialog').getByRole('button', { name: /Add more assets|Thêm tệp/ }).click();
  await page.locator('input[type="file"]').first().setInputFiles(imageFile);
  await page.getByRole('button', { name: /Upload 1 asset|Tải lên/ }).click();
  // The uploaded asset appears in the library; pick it and finish.
  const asset = page.getByText(/mua-lu-bac-ninh/).first();
  await asset.locator('xpath=ancestor::*[.//*[@role="checkbox"] or .//input[@type="checkbox"]][1]').getByRole('checkbox').click();
  await page.getByRole('button', { name: 'Hoàn tất' }).click();
  await settled('the image inserted', (v) => /!\[[^\]]*\]\([^)]*\/uploads\/[^)]+\)/.test(v));

  // Targets: "19 sở ngành" plus two communes found by name.
  await page.getByRole('radio', { name: 'Chọn cổng' }).click();
  await page.getByRole('button', { name: '+ 19 sở ngành' }).click();
  for (const c of COMMUNES) {
    await page.getByLabel('Tìm cổng theo tên hoặc mã').fill(c.name);
    await page.getByRole('checkbox', { name: `${c.name} (${c.code})` }).click();
  }
  await page.getByLabel('Tìm cổng theo tên hoặc mã').fill('');
  await waitForText(page.getByTestId('syndication-target-count'), (t) => t === 'Sẽ gửi tới 21 cổng', 'the picker to count 21 portals');
  await page.getByTestId('syndication-portal-picker').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'form-target-picker.png') });

  // Before Publish shows the plan; confirming publishes.
  await page.getByRole('button', { name: 'Xuất bản' }).first().click();
  const plan = page.getByTestId('syndication-publish-plan');
  await waitForText(plan, (t) => t.includes('Tin sẽ được gửi tới 21 cổng; 0 cổng duyệt trước khi đăng'), 'the publish plan');
  // The dialog fades in: photograph it once fully shown.
  const opaque = () =>
    plan.evaluate((el: HTMLElement) => {
      for (let e: HTMLElement | null = el; e; e = e.parentElement) if (getComputedStyle(e).opacity !== '1') return false;
      return true;
    });
  await waitFor('the publish dialog fully shown', opaque, 10000);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'form-before-publish.png') });
  await page.locator('[role=alertdialog], [role=dialog]').getByRole('button', { name: 'Xuất bản' }).click();
  await page.waitForURL(/collection-types\/plugin::syndication\.item\/[a-z0-9]{20,}/);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'form-item.png'), fullPage: true });
  const documentId = page.url().match(/plugin::syndication\.item\/([a-z0-9]+)/)![1];

  // Preview as a portal: the Content Manager's preview shows the item as a portal will.
  await page.getByText('Mở xem trước').click();
  const preview = page.frameLocator('iframe').first();
  await waitForText(preview.locator('.credit'), (t) => t === 'Theo Cổng TTĐT tỉnh Bắc Ninh', 'the portal preview');
  await waitForText(preview.locator('h1'), (t) => t === 'Chủ tịch UBND tỉnh chỉ đạo ứng phó mưa lũ', 'the preview title');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'form-preview.png') });

  // Exactly the 21 chosen portals receive it.
  const expected = new Set([...(await hub.strapi.db.connection('syndication_portals').where({ tier: 'department' }).select('code')).map((r: any) => r.code), ...COMMUNES.map((c) => c.code)]);
  expect(expected.size).toBe(21);
  await waitFor('21 receivers have the item', () => [...expected].every((code) => sim.portals.get(code)?.receiver.copies.get(documentId)), 60000);
  for (const [code, p] of sim.portals) {
    expect([code, Boolean(p.receiver.copies.get(documentId))]).toEqual([code, expected.has(code)]);
  }
  const copy = sim.portals.get(COMMUNES[0].code)!.receiver.copies.get(documentId)!;
  const item = copy.payload.item;
  expect(item).toMatchObject({ category: '8.1.c', kind: 'direction', title: 'Chủ tịch UBND tỉnh chỉ đạo ứng phó mưa lũ', issuedAt: '2026-11-23T01:00:00.000Z' });
  const html: string = item.body;
  expect(html).toContain('<h2>Yêu cầu khẩn</h2>');
  expect(html).toContain('<strong>triển khai ngay</strong>');
  expect(html).toMatch(/<ul>\s*<li>Sơ tán người dân vùng trũng<\/li>\s*<li>Bảo đảm an toàn hồ đập<\/li>\s*<\/ul>/);
  expect(html).toContain('<a href="https://bacninh.gov.vn/van-ban/65-kh-ubnd">văn bản gốc</a>');
  expect(html).not.toMatch(/\*\*|<script|onerror/);
  const img = html.match(/<img src="([^"]+)" alt="([^"]*)"/);
  expect(img).not.toBeNull();
  expect(img![1].startsWith(`${hub.url}/uploads/`)).toBe(true);
  expect(img![2]).toMatch(/mua-lu-bac-ninh/);
  const fetched = await axios.get(img![1], { responseType: 'arraybuffer', validateStatus: () => true });
  expect(fetched.status).toBe(200);
  expect(fetched.headers['content-type']).toMatch(/image\/png/);
}

/** Waits until a locator's text satisfies `test` (page updates are asynchronous). */
async function waitForText(locator: any, test: (text: string) => boolean, what: string) {
  await waitFor(what, async () => test(((await locator.textContent()) ?? '').trim()), 15000);
}
