/**
 * "Preview as a portal": the Content Manager's preview (config/admin.ts `preview`) opens
 * the item as a component portal will show it — title, summary, cover, body, the credit
 * line and the link to the original — built by the same snapshot code that builds what
 * portals receive, so the preview cannot drift from the delivery.
 *
 * The preview page is loaded by the browser in an iframe, without the admin's token, so
 * its URL carries a short-lived HMAC signature made with the admin JWT secret.
 */
import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { getService } from '../utils';
import type { ItemDocument } from './item';

const LIFETIME_MS = 60 * 60 * 1000;
type Status = 'draft' | 'published';

const escapeHtml = (s: string | null | undefined) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const preview = ({ strapi }: { strapi: Core.Strapi }) => {
  const key = () => String(strapi.config.get('admin.auth.secret') || strapi.config.get('server.app.keys', ['preview'])[0]);
  const sign = (documentId: string, status: Status, expires: number) =>
    crypto.createHmac('sha256', key()).update(`${documentId}:${status}:${expires}`).digest('base64url');

  return {
    /** The URL the Content Manager shows in its preview pane; null for other content types. */
    url(uid: string, params: { documentId?: string; status?: string }): string | null {
      if (uid !== UID.item || !params.documentId) return null;
      const status: Status = params.status === 'published' ? 'published' : 'draft';
      const expires = Date.now() + LIFETIME_MS;
      const query = new URLSearchParams({ status, expires: String(expires), signature: sign(params.documentId, status, expires) });
      const base = (strapi.config.get('server.url') as string) || '';
      return `${base}/api/syndication/preview/${encodeURIComponent(params.documentId)}?${query}`;
    },

    verify(documentId: string, status: string, expires: string, signature: string): boolean {
      if ((status !== 'draft' && status !== 'published') || !/^\d+$/.test(expires) || Number(expires) < Date.now()) return false;
      const expected = Buffer.from(sign(documentId, status, Number(expires)));
      const given = Buffer.from(String(signature ?? ''));
      return expected.length === given.length && crypto.timingSafeEqual(expected, given);
    },

    /** The item as a portal page; null when that version of the item does not exist. */
    async render(documentId: string, status: Status): Promise<string | null> {
      const doc = (await strapi.documents(UID.item).findOne({ documentId, status, populate: ['cover', 'attachments'] })) as ItemDocument | null;
      if (!doc) return null;
      const p = getService('snapshot', strapi).build(doc, Number(doc.version) || 0);
      const cover = p.cover ? `<figure class="cover"><img src="${escapeHtml(p.cover.url)}" alt="${escapeHtml(p.cover.alt ?? '')}" /></figure>` : '';
      const files = p.attachments.length
        ? `<section class="files"><h2>Tệp đính kèm</h2><ul>${p.attachments.map((a) => `<li><a href="${escapeHtml(a.url)}">${escapeHtml(a.name)}</a></li>`).join('')}</ul></section>`
        : '';
      const meta = [p.issuer, p.documentNumber].filter(Boolean).map(escapeHtml).join(' · ');
      return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
<title>${escapeHtml(p.title)}</title>
<style>
body{font-family:"Times New Roman",serif;max-width:760px;margin:0 auto;padding:24px;color:#222;line-height:1.6}
.portal{font-family:Arial,sans-serif;border-bottom:3px solid #b71c1c;color:#b71c1c;font-weight:bold;padding-bottom:8px;margin-bottom:16px}
h1{font-size:28px;line-height:1.3;margin:0 0 8px}.meta{color:#666;font-size:14px;font-family:Arial,sans-serif}
.summary{font-weight:bold;margin:16px 0}.cover img,.body img{max-width:100%;height:auto}
.body table{border-collapse:collapse}.body td,.body th{border:1px solid #ccc;padding:4px 8px}
.body blockquote{border-left:4px solid #ddd;margin:0;padding-left:12px;color:#555}
.credit{margin-top:24px;font-style:italic;text-align:right}
</style></head>
<body><div class="portal">Cổng thông tin điện tử thành phần — xem trước</div>
<article>
<h1>${escapeHtml(p.title)}</h1>
<div class="meta">${meta}</div>
${p.summary ? `<p class="summary">${escapeHtml(p.summary)}</p>` : ''}
${cover}
<div class="body">${p.body}</div>
${files}
<p class="credit"><a href="${escapeHtml(p.source.url)}">${escapeHtml(p.source.credit)}</a></p>
</article></body></html>`;
    },
  };
};

export type PreviewService = typeof preview;
export default preview;
