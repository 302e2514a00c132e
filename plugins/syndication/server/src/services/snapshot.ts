/**
 * Item versions: the immutable snapshot of what each published version sends
 * (Decision 96, Art. 10.4: nothing delivered is overwritten without history).
 * Workers read payloads from here, never the live item, so a delivery always
 * carries exactly the version its record names.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { SOURCE_CREDIT, TABLE, UID } from '../constants';
import { contentHash, type AttachmentInfo, type ItemPayload } from '../domain/payload';
import { renderBody } from '../domain/body';
import { newDocumentId } from '../utils';
import type { ItemDocument, MediaFile } from './item';

const MAX_CACHED = 500;

const snapshot = ({ strapi }: { strapi: Core.Strapi }) => {
  const cache = new Map<string, ItemPayload>();
  const publicBase = () => (strapi.config.get('server.url') as string) || `http://localhost:${strapi.config.get('server.port')}`;
  // Addresses the admin panel may have written into a Markdown body (media inserted from the library).
  const localOrigins = () => {
    const port = strapi.config.get('server.port');
    return [`http://localhost:${port}`, `http://127.0.0.1:${port}`, (strapi.config.get('admin.url') as string) || ''].filter((o) => /^https?:\/\//.test(o));
  };
  const sourceBase = () => process.env.SYNDICATION_SOURCE_BASE_URL || 'https://bacninh.gov.vn/tin-chi-dao-dieu-hanh';

  const fileInfo = (file: MediaFile | null | undefined): AttachmentInfo | null => {
    if (!file) return null;
    let sha256: string | null = null;
    let size: number | null = file.size != null ? Math.round(Number(file.size) * 1024) : null; // Strapi keeps KB
    if (typeof file.url === 'string' && file.url.startsWith('/')) {
      const local = path.join(strapi.dirs.static.public, file.url);
      try {
        const buf = fs.readFileSync(local);
        sha256 = crypto.createHash('sha256').update(buf).digest('hex');
        size = buf.length;
      } catch {
        /* file kept by a remote provider or missing: hash unknown */
      }
    }
    const url = /^https?:\/\//.test(file.url) ? file.url : `${publicBase()}${file.url}`;
    return { name: file.name, alt: file.alternativeText || null, url, mime: file.mime ?? null, size, sha256 };
  };

  return {
    /** Builds the payload from the published row of an item (version filled by the caller). */
    build(item: ItemDocument, version: number): ItemPayload {
      const slug = item.slug as string;
      return {
        documentId: item.documentId,
        version,
        title: item.title,
        slug,
        summary: item.summary ?? null,
        body: renderBody(item.body, item.bodyFormat, { publicBase: publicBase(), localOrigins: localOrigins() }),
        category: item.category,
        kind: item.kind ?? null,
        issuer: item.issuer ?? null,
        documentNumber: item.documentNumber ?? null,
        issuedAt: item.issuedAt ? new Date(item.issuedAt).toISOString() : null,
        effectiveAt: item.effectiveAt ?? null,
        publishedAt: item.publishedAt ? new Date(item.publishedAt).toISOString() : null,
        cover: fileInfo(item.cover),
        attachments: (item.attachments ?? []).map(fileInfo).filter(Boolean) as AttachmentInfo[],
        source: {
          name: 'Cổng Thông tin điện tử tỉnh Bắc Ninh',
          credit: item.credit || SOURCE_CREDIT,
          url: item.sourceUrl || `${sourceBase()}/${slug}`,
        },
      };
    },

    hash: contentHash,

    async latest(trx: Knex, itemDocumentId: string): Promise<{ version: number; contentHash: string } | null> {
      const row = await trx(TABLE.itemVersion).where({ item_document_id: itemDocumentId }).orderBy('version', 'desc').first('version', 'content_hash');
      return row ? { version: Number(row.version), contentHash: row.content_hash } : null;
    },

    async save(trx: Knex, payload: ItemPayload, hash: string): Promise<void> {
      const now = new Date();
      await trx(TABLE.itemVersion).insert({
        document_id: newDocumentId(),
        item_document_id: payload.documentId,
        version: payload.version,
        content_hash: hash,
        payload: JSON.stringify(payload),
        created_at: now,
        updated_at: now,
        published_at: now,
      });
      cache.set(`${payload.documentId}@${payload.version}`, payload);
    },

    /** The payload of one version; cached, since 119 deliveries read the same one. */
    async get(itemDocumentId: string, version: number): Promise<ItemPayload | null> {
      const key = `${itemDocumentId}@${version}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const row = await strapi.db.connection(TABLE.itemVersion).where({ item_document_id: itemDocumentId, version }).first('payload');
      if (!row) return null;
      const payload = typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload;
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
      cache.set(key, payload);
      return payload;
    },

    /** The published row with its media, as the snapshot needs it. */
    async loadPublished(documentId: string): Promise<ItemDocument | null> {
      return strapi.db.query(UID.item).findOne({ where: { documentId, publishedAt: { $notNull: true } }, populate: ['attachments', 'cover'] });
    },
  };
};

export type SnapshotService = typeof snapshot;
export default snapshot;
