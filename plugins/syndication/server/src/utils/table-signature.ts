import type { Core, UID } from '@strapi/strapi';

/**
 * A fingerprint of a small settings table (ids and last updates of its rows). Caches
 * keyed on it see an edit made by any process — the hub, a separate worker, or the
 * Content Manager — on their next read, with no message bus to lose or restart.
 * Read through Strapi's query engine so it joins the caller's transaction, if any.
 */
export async function tableSignature(strapi: Core.Strapi, uid: string): Promise<string> {
  const rows: Array<{ id: number; updatedAt: unknown }> = await strapi.db.query(uid as UID.Schema).findMany({ select: ['id', 'updatedAt'], orderBy: { id: 'asc' } });
  return rows.map((r) => `${r.id}@${r.updatedAt instanceof Date ? r.updatedAt.getTime() : String(r.updatedAt)}`).join(',');
}
