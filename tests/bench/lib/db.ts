/**
 * Reads the hub's delivery table from the benchmark process (its own connection, not
 * the hub's), to see when deliveries are final in the database ("recorded").
 */
const FINAL = ['delivered', 'awaiting_review', 'published'];

export interface DeliveryReader {
  /** Deliveries in a final delivered state, for one item or for all. */
  delivered(documentId?: string): Promise<number>;
  close(): Promise<void>;
}

export function sqliteReader(file: string): DeliveryReader {
  const Database = require('better-sqlite3');
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const marks = FINAL.map(() => '?').join(',');
  const one = db.prepare(`SELECT count(*) AS n FROM syndication_deliveries WHERE item_document_id = ? AND status IN (${marks})`);
  const all = db.prepare(`SELECT count(*) AS n FROM syndication_deliveries WHERE status IN (${marks})`);
  return {
    async delivered(documentId) {
      return documentId ? one.get(documentId, ...FINAL).n : all.get(...FINAL).n;
    },
    async close() {
      db.close();
    },
  };
}

export async function postgresReader(database: string): Promise<DeliveryReader> {
  const { Client } = require('pg');
  const client = new Client({ host: process.env.DATABASE_HOST || '127.0.0.1', port: Number(process.env.DATABASE_PORT || 5432), user: process.env.DATABASE_USERNAME || 'postgres', password: process.env.DATABASE_PASSWORD || '', database });
  await client.connect();
  return {
    async delivered(documentId) {
      const res = documentId
        ? await client.query('SELECT count(*)::int AS n FROM syndication_deliveries WHERE item_document_id = $1 AND status = ANY($2)', [documentId, FINAL])
        : await client.query('SELECT count(*)::int AS n FROM syndication_deliveries WHERE status = ANY($1)', [FINAL]);
      return res.rows[0].n;
    },
    async close() {
      await client.end();
    },
  };
}
