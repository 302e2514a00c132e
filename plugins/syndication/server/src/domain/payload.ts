/**
 * The item as portals receive it: a frozen snapshot per published version.
 * The body is rendered and sanitised once (domain/body.ts), so every portal gets the same safe markup.
 */
import crypto from 'node:crypto';
import { SOURCE_CREDIT } from '../constants';

export interface AttachmentInfo {
  name: string;
  /** Alternative text from the media library (images). */
  alt: string | null;
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

/** Hash of what portals see, without the version: an unchanged re-publish sends nothing. */
export function contentHash(payload: Omit<ItemPayload, 'version'> & { version?: number }): string {
  const { version: _v, publishedAt: _p, ...rest } = payload;
  return crypto.createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

export { SOURCE_CREDIT };
export { sanitiseBody } from './body';
