/**
 * The item as portals receive it: a frozen snapshot per published version.
 * HTML is sanitised here once, so every portal gets the same safe markup.
 */
import crypto from 'node:crypto';
import sanitizeHtml from 'sanitize-html';
import { SOURCE_CREDIT } from '../constants';

export interface AttachmentInfo {
  name: string;
  url: string;
  mime: string | null;
  size: number | null;
  sha256: string | null;
}

export interface ItemPayload {
  documentId: string;
  version: number;
  title: string;
  slug: string;
  summary: string | null;
  body: string;
  category: string;
  kind: string | null;
  issuer: string | null;
  documentNumber: string | null;
  issuedAt: string | null;
  effectiveAt: string | null;
  publishedAt: string | null;
  cover: AttachmentInfo | null;
  attachments: AttachmentInfo[];
  source: { name: string; credit: string; url: string };
}

const ALLOWED = {
  allowedTags: sanitizeHtml.defaults.allowedTags.concat(['img', 'figure', 'figcaption', 'caption', 'colgroup', 'col', 'u', 's', 'sub', 'sup']),
  allowedAttributes: {
    ...sanitizeHtml.defaults.allowedAttributes,
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
    '*': ['style'],
  },
  allowedStyles: { '*': { 'text-align': [/^(left|right|center|justify)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
};

/** Removes scripts, event handlers and foreign markup; keeps what an article needs. */
export function sanitiseBody(html: string | null | undefined): string {
  return sanitizeHtml((html ?? '').normalize('NFC'), ALLOWED);
}

/** Hash of what portals see, without the version: an unchanged re-publish sends nothing. */
export function contentHash(payload: Omit<ItemPayload, 'version'> & { version?: number }): string {
  const { version: _v, publishedAt: _p, ...rest } = payload;
  return crypto.createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

export { SOURCE_CREDIT };
