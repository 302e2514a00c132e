/**
 * The dispatcher's hot path on SQLite, below knex: statements prepared once per connection
 * and a synchronous better-sqlite3 transaction. knex prepares every statement again on each
 * call and builds a whole transactor object per transaction; on a 2-core machine that was a
 * fifth of the hub's CPU per delivery (docs/BENCHMARKS.md, "Where the time goes").
 *
 * The connection is taken from knex's own pool (SQLite's pool holds exactly one), so this
 * never runs inside, or beside, a knex transaction: it waits for the connection like any
 * other query. Values are bound as knex's better-sqlite3 dialect binds them (Date → epoch
 * ms, boolean → 0/1), so rows written here read back the same through knex.
 */
import type { Knex } from 'knex';

interface Statement {
  run(...params: unknown[]): { changes: number };
  all(...params: unknown[]): unknown[];
}
interface Database {
  prepare(sql: string): Statement;
  transaction<F extends () => unknown>(fn: F): F;
}
interface PoolClient {
  acquireConnection(): Promise<Database>;
  releaseConnection(db: Database): Promise<unknown>;
}

export interface SqliteSession {
  /** Runs a write; returns the number of rows changed. */
  run(sql: string, params: readonly unknown[]): number;
  all<T>(sql: string, params: readonly unknown[]): T[];
}

const prepared = new WeakMap<Database, Map<string, Statement>>();
let statements = 0;

/** Statements sent this way (the benchmark adds them to knex's own count). */
export const sqliteSessionStatements = () => statements;

export const sqliteBinding = (v: unknown): unknown => (v instanceof Date ? v.valueOf() : typeof v === 'boolean' ? Number(v) : v === undefined ? null : v);

/** Runs `work` on the pooled connection, in one transaction when `transaction` is set. */
export async function onSqlite<T>(knex: Knex, work: (session: SqliteSession) => T, opts: { transaction: boolean }): Promise<T> {
  const client = knex.client as unknown as PoolClient;
  const db = await client.acquireConnection();
  try {
    let cache = prepared.get(db);
    if (!cache) prepared.set(db, (cache = new Map()));
    const statement = (sql: string) => {
      let s = cache!.get(sql);
      if (!s) cache!.set(sql, (s = db.prepare(sql)));
      statements += 1;
      return s;
    };
    const session: SqliteSession = {
      run: (sql, params) => statement(sql).run(...params.map(sqliteBinding)).changes,
      all: <R>(sql: string, params: readonly unknown[]) => statement(sql).all(...params.map(sqliteBinding)) as R[],
    };
    return opts.transaction ? db.transaction(() => work(session))() : work(session);
  } finally {
    await client.releaseConnection(db);
  }
}
