/**
 * One body format end to end (issue #10): Markdown written in the admin form reaches
 * portals as safe HTML with absolute media URLs; HTML sent through the API, and items
 * written before body formats existed, deliver exactly as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { bootHub, waitFor, type Hub } from '../helpers/hub';
import { attachSimulator, deliveries, sampleItem, type Simulator } from '../helpers/portals';
import { sanitiseBody } from '../../plugins/syndication/server/src/domain/body';
import { adminSession } from '../helpers/admin';
import { png } from '../helpers/files';

const CODES = ['SYT', '07627'];
const PUBLIC_URL = 'https://hub.bacninh.example.vn';
let hub: Hub;
let sim: Simulator;
/** Files this test put in the project's public/uploads, removed afterwards. */
const written: string[] = [];

beforeAll(async () => {
  hub = await bootHub({ env: { PUBLIC_URL } });
  sim = await attachSimulator(hub, { codes: CODES });
});

afterAll(async () => {
  for (const f of written) fs.rmSync(f, { force: true });
  await hub?.stop();
  await sim?.close();
});

const targets = { scope: 'portals', portals: CODES };
const copyOf = (code: string, documentId: string) => sim.portals.get(code)!.receiver.copies.get(documentId);
const deliveredTo = (documentId: string, version: number) => () =>
  CODES.every((c) => copyOf(c, documentId)?.version === version) && CODES.map((c) => copyOf(c, documentId)!);

describe('Markdown from the admin form', () => {
  it('is the default format of an item written through the Document Service (as the Content Manager does)', async () => {
    const doc = await hub.strapi.documents('plugin::syndication.item').create({ data: { title: 'Mặc định', kind: 'direction' } });
    expect(doc.bodyFormat).toBe('markdown');
  });

  it('reaches every target portal as safe HTML: paragraphs, bold, italic, list, link, image with an absolute URL and alt text', async () => {
    // An image in the media library, inserted by the editor as the Markdown editor does.
    const uploads = path.join(hub.strapi.dirs.static.public, 'uploads');
    fs.mkdirSync(uploads, { recursive: true });
    const name = `lu-${crypto.randomBytes(3).toString('hex')}.png`;
    fs.writeFileSync(path.join(uploads, name), png(2, 2));
    written.push(path.join(uploads, name));
    const body = [
      '## Khẩn trương khắc phục',
      '',
      '**Đậm** và _nghiêng_',
      'dòng mới',
      '',
      'Đoạn thứ hai.',
      '',
      '- Sở Y tế',
      '- UBND các xã',
      '',
      '[Văn bản gốc](https://bacninh.gov.vn/van-ban/123)',
      '',
      `![Mưa lũ ở Bắc Ninh](/uploads/${name})`,
      '',
      '<span class="MsoNormal" style="position:fixed">Đoạn dán từ Word</span>',
    ].join('\n');
    const doc = await hub.strapi.documents('plugin::syndication.item').create({
      data: { ...sampleItem({ body: body.normalize('NFD') }), targets } as any,
      status: 'published',
    });
    const [copy] = await waitFor('both portals have the item', deliveredTo(doc.documentId, 1));
    const html: string = copy.payload.item.body;
    expect(html).toContain('<h2>Khẩn trương khắc phục</h2>');
    expect(html).toContain('<p><strong>Đậm</strong> và <em>nghiêng</em><br />dòng mới</p>\n<p>Đoạn thứ hai.</p>');
    expect(html).toContain('<ul>\n<li>Sở Y tế</li>\n<li>UBND các xã</li>\n</ul>');
    expect(html).toContain('<a href="https://bacninh.gov.vn/van-ban/123">Văn bản gốc</a>');
    expect(html).toContain(`<img src="${PUBLIC_URL}/uploads/${name}" alt="Mưa lũ ở Bắc Ninh" />`);
    expect(html).toContain('Đoạn dán từ Word');
    expect(html).not.toMatch(/MsoNormal|position|\*\*|_nghiêng_/);
    expect(html).toBe(html.normalize('NFC'));
    expect(copyOf(CODES[1], doc.documentId)!.payload.item.body).toBe(html);
  });
});

describe('cover and attachments', () => {
  it('are sent with absolute URLs on PUBLIC_URL, alt text, size, type and the SHA-256 of the stored file', async () => {
    // Uploaded through the admin panel's own upload route, as the media library does.
    const editor = await adminSession(hub, { roles: ['Biên tập viên cổng tỉnh'] });
    const upload = async (name: string, type: string, bytes: Buffer, alternativeText?: string) => {
      const form = new FormData();
      form.append('files', new Blob([bytes], { type }), name);
      form.append('fileInfo', JSON.stringify({ name, alternativeText }));
      const res = await fetch(`${hub.url}/upload`, { method: 'POST', headers: { Authorization: `Bearer ${editor.token}` }, body: form });
      expect(res.status).toBe(201);
      const [saved] = (await res.json()) as any[];
      for (const f of [saved, ...Object.values<any>(saved.formats ?? {})]) written.push(path.join(hub.strapi.dirs.static.public, f.url));
      return saved;
    };
    const cover = await upload('anh-bia.png', 'image/png', png(80, 50), 'Đê sông Cầu');
    const file = await upload('ke-hoach-65.txt', 'text/plain', Buffer.from('Kế hoạch 65/KH-UBND\n'));
    const doc = await hub.strapi.documents('plugin::syndication.item').create({
      data: { ...sampleItem({ body: 'Xem tệp đính kèm.' }), targets, cover: cover.id, attachments: [file.id] } as any,
      status: 'published',
    });
    const [copy] = await waitFor('delivered', deliveredTo(doc.documentId, 1));
    const stored = (url: string) => fs.readFileSync(path.join(hub.strapi.dirs.static.public, url));
    const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
    expect(copy.payload.item.cover).toEqual({
      name: 'anh-bia.png',
      alt: 'Đê sông Cầu',
      url: `${PUBLIC_URL}${cover.url}`,
      mime: 'image/png',
      size: stored(cover.url).length,
      sha256: sha(stored(cover.url)),
    });
    expect(copy.payload.item.attachments).toEqual([
      { name: 'ke-hoach-65.txt', alt: null, url: `${PUBLIC_URL}${file.url}`, mime: 'text/plain', size: stored(file.url).length, sha256: sha(stored(file.url)) },
    ]);
  });
});

describe('HTML from the API', () => {
  it('is stored as html and delivered only sanitised, Markdown-looking text left alone', async () => {
    const body = '<p>Nội dung chỉ đạo <strong>khẩn</strong>.</p><p class="MsoNormal"><o:p>Word</o:p></p>\n**giữ nguyên**';
    const res = await hub.api.post('/items?publish=true', sampleItem({ body, targets }));
    expect(res.status).toBe(201);
    expect(res.data.data.bodyFormat).toBe('html');
    const [copy] = await waitFor('delivered', deliveredTo(res.data.data.documentId, 1));
    expect(copy.payload.item.body).toBe(sanitiseBody(body));
    expect(copy.payload.item.body).not.toMatch(/MsoNormal|o:p/);
    expect(copy.payload.item.body).toContain('**giữ nguyên**');
  });

  it('accepts an explicit markdown format and refuses an unknown one', async () => {
    const md = await hub.api.post('/items', sampleItem({ body: '**a**', bodyFormat: 'markdown', targets }));
    expect(md.status).toBe(201);
    expect(md.data.data.bodyFormat).toBe('markdown');
    const bad = await hub.api.post('/items', sampleItem({ bodyFormat: 'docx' }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.data.error.details)).toContain('bodyFormat');
  });

  it('an item written before body formats existed (no format stored) delivers its HTML untouched, same content hash', async () => {
    const body = '<p>Tin <em>cũ</em></p>\n\n_không phải markdown_';
    const res = await hub.api.post('/items', sampleItem({ body, targets }));
    const { documentId } = res.data.data;
    // What the row of an item created before this change looks like: no body format.
    await hub.strapi.db.connection('syndication_items').where({ document_id: documentId }).update({ body_format: null });
    expect((await hub.api.get(`/items/${documentId}`)).data.data.bodyFormat).toBe('html');
    expect((await hub.api.post(`/items/${documentId}/publish`)).status).toBe(200);
    const [copy] = await waitFor('delivered', deliveredTo(documentId, 1));
    expect(copy.payload.item.body).toBe(sanitiseBody(body));
    const snapshot = hub.strapi.plugin('syndication').service('snapshot');
    const stored = await snapshot.get(documentId, 1);
    expect(stored.body).toBe(sanitiseBody(body));
    // Publishing it again without a change sends nothing new.
    await hub.api.post(`/items/${documentId}/publish`);
    const d = await deliveries(hub, documentId);
    expect(d.deliveries.every((x: any) => x.version === 1)).toBe(true);
  });
});
