/**
 * The delivery store: the ONLY module that reads or writes the delivery records
 * (`syndication_deliveries`) and the attempt log (`syndication_delivery_attempts`).
 * Everything else — fan-out, dispatcher, record writer, manual retry, queue reconciler,
 * screens, reports, review — goes through these methods, so the snake_case ↔ camelCase
 * mapping, the "expected version/event" guards and the batching live in one place.
 *
 * Direct knex, not the Document Service: this is the hot path (one update per attempt),
 * and these two tables are internal (hidden from the Content Manager).
 *
 * Records (camelCase, dates as Date) — see `DeliveryRecord`; rows (snake_case) never
 * leave this file. `deliveryToApi` / `attemptToApi` give the API's JSON shape.
 *
 * Reads
 *   get(id, trx?)                              one record or null
 *   forItem(itemDocumentId, { trx, forUpdate }) every record of an item, by portal code;
 *                                              forUpdate locks them (PostgreSQL) for a fan-out
 *   find(filter, { orderBy, limit, offset })   records matching a DeliveryFilter
 *   count(filter)                              how many match
 *   countByStatus(filter, groupBy?)            [{ key, status, n }] grouped by item or portal (or all)
 *   openDue({ afterId, horizon, untouchedSince?, limit })
 *                                              open records due before `horizon` (the reconciler), by id;
 *                                              with untouchedSince, only those not written since then
 *   attempts(deliveryId)                       the attempt log of one record, oldest first
 * Writes (every update of an existing record names the version/event it expects)
 *   insertMany(trx, records)                   multi-row inserts, chunked; returns portalCode → id
 *   updateMany(trx, updates)                   guarded updates; identical patches share one statement
 *   writeOutcomes(updates, attempts)           one transaction: attempt rows + guarded record updates
 *                                              (the record writer's batch; below knex, see infra/sqlite-session.ts)
 *   forDispatch(ids)                           the records of the jobs a worker starts together, one statement
 *   resetForRetry(filter)                      set-based: retryable records matching → pending, attempts 0;
 *                                              returns the records reset (to enqueue)
 *   decide(trx, id, { status, version }, patch) a review decision: applies only while the record is still
 *                                              in that status and version; false otherwise
 *   openForDeadlines(filter, trx?)             records still owed (not live, not withdrawn/rejected), with
 *                                              their published item's category/issue date (deadline recompute)
 *   setDeadlines(trx, [{ id, deadlineAt }])    new deadlines; records sharing one share a statement
 *   recentItems(limit, filter)                 item documentIds most recently fanned out, newest first
 *   withItemFacts({ categories, liveOnly, owedOnly }) records joined with their item's category and
 *                                              issue date (coverage, Art. 15 report, scoring)
 *   ensureIndexes()                            indexes the schema format cannot express (bootstrap)
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { DELIVERY_EVENT, DELIVERY_STATUS, OPEN_STATUSES, TABLE, type DeliveryEvent, type DeliveryStatus } from '../constants';
import { onSqlite } from '../infra/sqlite-session';
import { newDocumentId } from '../utils';
import { isOverdue, onTime } from './deadline';

/** What a datetime column comes back as: Date (PostgreSQL), epoch ms or ISO text (SQLite). */
type DbDate = Date | string | number | null;

/** A row of `syndication_deliveries` as the database returns it. */
export interface DeliveryRow {
  id: number;
  document_id: string;
  item_document_id: string;
  portal_code: string;
  status: DeliveryStatus;
  event: DeliveryEvent;
  version: number | string;
  delivered_version: number | string | null;
  attempts: number | string | null;
  last_error: string | null;
  last_http_status: number | string | null;
  last_attempt_at: DbDate;
  next_attempt_at: DbDate;
  remote_id: string | null;
  remote_url: string | null;
  delivered_at: DbDate;
  portal_published_at: DbDate;
  withdrawn_at: DbDate;
  deadline_at: DbDate;
  reviewer: string | null;
  reviewed_at: DbDate;
  review_note: string | null;
  created_at: DbDate;
  updated_at: DbDate;
  published_at: DbDate;
}

/** One delivery record: what portal `portalCode` should have of item `itemDocumentId`, and what it has. */
export interface DeliveryRecord {
  id: number;
  itemDocumentId: string;
  portalCode: string;
  status: DeliveryStatus;
  event: DeliveryEvent;
  version: number;
  deliveredVersion: number | null;
  attempts: number;
  lastError: string | null;
  lastHttpStatus: number | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  remoteId: string | null;
  remoteUrl: string | null;
  deliveredAt: Date | null;
  portalPublishedAt: Date | null;
  withdrawnAt: Date | null;
  deadlineAt: Date | null;
  reviewer: string | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

/** The fields an update may change. */
export type DeliveryPatch = Partial<Omit<DeliveryRecord, 'id' | 'itemDocumentId' | 'portalCode' | 'createdAt' | 'updatedAt'>>;

/** A new record (fan-out). */
export type NewDelivery = Pick<DeliveryRecord, 'itemDocumentId' | 'portalCode' | 'status' | 'event' | 'version'> & DeliveryPatch;

/** The update applies only while the record still targets this version and event: a newer one supersedes it. */
export interface Expect {
  version: number;
  event: string;
}

export interface GuardedUpdate {
  id: number;
  expect: Expect;
  patch: DeliveryPatch;
}

/** One request made to a portal. */
export interface AttemptRecord {
  deliveryId: number;
  portalCode: string;
  event: string;
  version: number;
  attemptNo: number;
  startedAt: Date;
  durationMs: number;
  httpStatus: number | null;
  outcome: string;
  excerpt: string;
  trigger: string;
}

interface AttemptRow {
  id: number;
  delivery_id: number | string;
  portal_code: string;
  event: string;
  version: number | string;
  attempt_no: number | string;
  started_at: DbDate;
  duration_ms: number | string;
  http_status: number | string | null;
  outcome: string;
  excerpt: string | null;
  trigger: string;
}

export interface DeliveryFilter {
  ids?: number[];
  itemDocumentIds?: string[];
  portalCodes?: string[];
  statuses?: readonly string[];
  excludeStatuses?: readonly string[];
  /** Records whose deadline is at or before this moment. */
  deadlineBefore?: Date;
  /** Records whose deadline is after this moment (not passed yet). */
  deadlineAfter?: Date;
  /** Records attempted at or after this moment (the notifier's failure scan). */
  lastAttemptFrom?: Date;
}

export type DeliveryOrder = 'id' | 'portal' | 'deadline' | 'updated' | 'lastAttemptDesc';

/** An open record with what its Decision 96 deadline depends on (services/deadline.ts). */
export interface DeadlineSubject {
  id: number;
  portalCode: string;
  deadlineAt: Date | null;
  createdAt: Date | null;
  category: string;
  issuedAt: Date | null;
  issuerPortal: string | null;
}

/** Records an administrator may send again. */
export const RETRYABLE_STATUSES: readonly DeliveryStatus[] = [DELIVERY_STATUS.failed, DELIVERY_STATUS.skipped, DELIVERY_STATUS.retrying];

/** Rows per multi-row statement: under SQLite's bound-variable limit whatever the column count. */
const CHUNK = 500;
/** Ids per `IN (...)` list. */
const IN_CHUNK = 900;

// ---------------------------------------------------------------------------------------------
// The one mapping between columns and fields.

const COLUMN: Record<keyof DeliveryPatch | 'itemDocumentId' | 'portalCode', keyof DeliveryRow> = {
  itemDocumentId: 'item_document_id',
  portalCode: 'portal_code',
  status: 'status',
  event: 'event',
  version: 'version',
  deliveredVersion: 'delivered_version',
  attempts: 'attempts',
  lastError: 'last_error',
  lastHttpStatus: 'last_http_status',
  lastAttemptAt: 'last_attempt_at',
  nextAttemptAt: 'next_attempt_at',
  remoteId: 'remote_id',
  remoteUrl: 'remote_url',
  deliveredAt: 'delivered_at',
  portalPublishedAt: 'portal_published_at',
  withdrawnAt: 'withdrawn_at',
  deadlineAt: 'deadline_at',
  reviewer: 'reviewer',
  reviewedAt: 'reviewed_at',
  reviewNote: 'review_note',
};

const toDate = (v: DbDate | undefined): Date | null => (v == null || v === '' ? null : v instanceof Date ? v : new Date(typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v));
const toInt = (v: number | string | null | undefined): number | null => (v == null ? null : Number(v));
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function fromRow(r: DeliveryRow): DeliveryRecord {
  return {
    id: Number(r.id),
    itemDocumentId: r.item_document_id,
    portalCode: r.portal_code,
    status: r.status,
    event: r.event,
    version: Number(r.version),
    deliveredVersion: toInt(r.delivered_version),
    attempts: Number(r.attempts ?? 0),
    lastError: r.last_error ?? null,
    lastHttpStatus: toInt(r.last_http_status),
    lastAttemptAt: toDate(r.last_attempt_at),
    nextAttemptAt: toDate(r.next_attempt_at),
    remoteId: r.remote_id ?? null,
    remoteUrl: r.remote_url ?? null,
    deliveredAt: toDate(r.delivered_at),
    portalPublishedAt: toDate(r.portal_published_at),
    withdrawnAt: toDate(r.withdrawn_at),
    deadlineAt: toDate(r.deadline_at),
    reviewer: r.reviewer ?? null,
    reviewedAt: toDate(r.reviewed_at),
    reviewNote: r.review_note ?? null,
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
  };
}

/** Field patch → column values. Unknown keys are a programming error and fail loudly. */
export function toColumns(patch: DeliveryPatch | NewDelivery): Partial<Record<keyof DeliveryRow, unknown>> {
  const out: Partial<Record<keyof DeliveryRow, unknown>> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const column = COLUMN[key as keyof typeof COLUMN];
    if (!column) throw new Error(`delivery-store: unknown field "${key}"`);
    out[column] = value;
  }
  return out;
}

const isRow = (r: DeliveryRecord | DeliveryRow): r is DeliveryRow => 'item_document_id' in r;

/** The record in the API's fixed field names (issue #3). Accepts a record (or, for callers not yet moved, a raw row). */
export function deliveryToApi(input: DeliveryRecord | DeliveryRow) {
  const r = isRow(input) ? fromRow(input) : input;
  return {
    id: r.id,
    item: r.itemDocumentId,
    portal: r.portalCode,
    status: r.status,
    event: r.event,
    version: r.version,
    deliveredVersion: r.deliveredVersion,
    attempts: r.attempts,
    lastHttpStatus: r.lastHttpStatus,
    lastError: r.lastError,
    lastAttemptAt: iso(r.lastAttemptAt),
    nextAttemptAt: iso(r.nextAttemptAt),
    deliveredAt: iso(r.deliveredAt),
    publishedAt: iso(r.portalPublishedAt),
    withdrawnAt: iso(r.withdrawnAt),
    deadlineAt: iso(r.deadlineAt),
    onTime: onTime(deadlineView(r)),
    overdue: isOverdue(deadlineView(r)),
    remoteId: r.remoteId,
    remoteUrl: r.remoteUrl,
    // The review decision (portals in review mode): who, when, and the reason of a rejection.
    reviewer: r.reviewer,
    reviewedAt: iso(r.reviewedAt),
    reviewNote: r.reviewNote,
  };
}

/** What the Decision 96 deadline verdicts (services/deadline.ts) read of a record. */
const deadlineView = (r: DeliveryRecord) => ({ deadline_at: r.deadlineAt, portal_published_at: r.portalPublishedAt, status: r.status });
export type DeliveryApi = ReturnType<typeof deliveryToApi>;

function attemptFromRow(a: AttemptRow): AttemptRecord {
  return {
    deliveryId: Number(a.delivery_id),
    portalCode: a.portal_code,
    event: a.event,
    version: Number(a.version),
    attemptNo: Number(a.attempt_no),
    startedAt: toDate(a.started_at) ?? new Date(0),
    durationMs: Number(a.duration_ms),
    httpStatus: toInt(a.http_status),
    outcome: a.outcome,
    excerpt: a.excerpt ?? '',
    trigger: a.trigger,
  };
}

/** One entry of a record's attempt log in the API. */
export function attemptToApi(a: AttemptRecord) {
  return {
    attempt: a.attemptNo,
    event: a.event,
    version: a.version,
    startedAt: a.startedAt.toISOString(),
    durationMs: a.durationMs,
    httpStatus: a.httpStatus,
    outcome: a.outcome,
    excerpt: a.excerpt,
    trigger: a.trigger,
  };
}

const updateSql = new Map<string, string>();
/** `UPDATE … SET <columns>, updated_at = ? WHERE id = ? AND version = ? AND event = ?`, cached per column list. */
function guardedUpdateSql(columns: string[]): string {
  const key = columns.join(',');
  let sql = updateSql.get(key);
  if (!sql) {
    const set = [...columns, 'updated_at'].map((c) => `"${c}" = ?`).join(', ');
    sql = `UPDATE "${TABLE.delivery}" SET ${set} WHERE "id" = ? AND "version" = ? AND "event" = ?`;
    updateSql.set(key, sql);
  }
  return sql;
}

/** The attempt log's columns, in the order `attemptColumns` gives their values. */
const ATTEMPT_COLUMNS = ['delivery_id', 'portal_code', 'event', 'version', 'attempt_no', 'started_at', 'duration_ms', 'http_status', 'outcome', 'excerpt', 'trigger', 'created_at', 'updated_at', 'published_at'] as const;
const ATTEMPT_PLACEHOLDERS = `(${ATTEMPT_COLUMNS.map(() => '?').join(', ')})`;
/** `INSERT INTO attempts (…) VALUES (…), (…)` for `rows` rows. */
const attemptInsertSql = (rows: number) => `INSERT INTO "${TABLE.deliveryAttempt}" (${ATTEMPT_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${Array(rows).fill(ATTEMPT_PLACEHOLDERS).join(', ')}`;
const ATTEMPT_INSERT_SQL = attemptInsertSql(1);
const attemptColumns = (a: AttemptRecord, now: Date): unknown[] => [a.deliveryId, a.portalCode, a.event, a.version, a.attemptNo, a.startedAt, a.durationMs, a.httpStatus, a.outcome, a.excerpt, a.trigger, now, now, now];

/** SQLite: every record of a batch of ids in one prepared statement, whatever the batch size. */
const RECORDS_BY_IDS_SQL = `SELECT * FROM "${TABLE.delivery}" WHERE "id" IN (SELECT value FROM json_each(?))`;

/**
 * PostgreSQL casts for `UPDATE … FROM (VALUES …)`: parameters in a VALUES list arrive as
 * text, so integer and timestamp columns are cast to the column's own type (the same
 * conversion a directly bound value gets); text goes into varchar/text columns as it is.
 */
const PG_CAST: Partial<Record<keyof DeliveryRow, string>> = {
  version: 'integer',
  delivered_version: 'integer',
  attempts: 'integer',
  last_http_status: 'integer',
  last_attempt_at: 'timestamp',
  next_attempt_at: 'timestamp',
  delivered_at: 'timestamp',
  portal_published_at: 'timestamp',
  withdrawn_at: 'timestamp',
  deadline_at: 'timestamp',
  reviewed_at: 'timestamp',
};
const pgCast = (column: string, expr: string) => (PG_CAST[column as keyof DeliveryRow] ? `${expr}::${PG_CAST[column as keyof DeliveryRow]}` : expr);

/** Guarded updates of many records with their own values: `UPDATE … SET c = v.c … FROM (VALUES (id, version, event, c…), …)`. */
function pgValuesUpdateSql(columns: string[], rows: number): string {
  const set = columns.map((c) => `"${c}" = ${pgCast(c, `v."${c}"`)}`).join(', ');
  const tuple = `(${['id', 'version', 'event', ...columns].map(() => '?').join(', ')})`;
  const names = ['id', 'version', 'event', ...columns].map((c) => `"${c}"`).join(', ');
  return `UPDATE "${TABLE.delivery}" AS t SET ${set}, "updated_at" = ? FROM (VALUES ${Array(rows).fill(tuple).join(', ')}) AS v(${names}) WHERE t."id" = v."id"::integer AND t."version" = v."version"::integer AND t."event" = v."event"`;
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

const ORDER: Record<DeliveryOrder, [keyof DeliveryRow, 'asc' | 'desc'][]> = {
  id: [['id', 'asc']],
  portal: [['portal_code', 'asc'], ['id', 'asc']],
  deadline: [['deadline_at', 'asc'], ['id', 'asc']],
  updated: [['updated_at', 'desc'], ['id', 'desc']],
  lastAttemptDesc: [['last_attempt_at', 'desc'], ['id', 'desc']],
};

/** A record with the facts of its item that reports group by. */
export interface RecordWithItemFacts {
  portalCode: string;
  status: DeliveryStatus;
  deadlineAt: Date | null;
  portalPublishedAt: Date | null;
  createdAt: Date | null;
  category: string;
  issuedAt: Date | null;
}

/** Closed without ever going live: no deadline to keep. */
const NOT_OWED: DeliveryStatus[] = [DELIVERY_STATUS.withdrawn, DELIVERY_STATUS.rejected];

// ---------------------------------------------------------------------------------------------

const deliveryStore = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = (): Knex => strapi.db.connection as unknown as Knex;
  const sqlite = () => strapi.db.dialect.client === 'sqlite';
  // Untyped builder: rows are typed where they come out (DeliveryRow), patches where they go in (toColumns).
  const deliveries = (trx?: Knex | Knex.Transaction): Knex.QueryBuilder => (trx ?? knex())(TABLE.delivery);

  function applyFilter(q: Knex.QueryBuilder, f: DeliveryFilter): Knex.QueryBuilder {
    if (f.ids) q.whereIn('id', f.ids);
    if (f.itemDocumentIds) q.whereIn('item_document_id', f.itemDocumentIds);
    if (f.portalCodes) q.whereIn('portal_code', f.portalCodes);
    if (f.statuses) q.whereIn('status', [...f.statuses]);
    if (f.excludeStatuses) q.whereNotIn('status', [...f.excludeStatuses]);
    if (f.deadlineBefore) q.whereNotNull('deadline_at').andWhere('deadline_at', '<=', f.deadlineBefore);
    if (f.deadlineAfter) q.whereNotNull('deadline_at').andWhere('deadline_at', '>', f.deadlineAfter);
    if (f.lastAttemptFrom) q.andWhere('last_attempt_at', '>=', f.lastAttemptFrom);
    return q;
  }

  /** Guarded updates: rows sharing the same patch and expectation go in one statement. */
  async function update(trx: Knex | Knex.Transaction, updates: GuardedUpdate[]): Promise<number> {
    if (updates.length === 0) return 0;
    const now = new Date();
    const groups = new Map<string, { expect: Expect; columns: Record<string, unknown>; ids: number[] }>();
    for (const u of updates) {
      const columns = toColumns(u.patch) as Record<string, unknown>;
      const key = JSON.stringify([u.expect.version, u.expect.event, columns]);
      const group = groups.get(key);
      if (group) group.ids.push(u.id);
      else groups.set(key, { expect: u.expect, columns, ids: [u.id] });
    }
    let changed = 0;
    for (const g of groups.values()) {
      for (const ids of chunks(g.ids, IN_CHUNK)) {
        const q = deliveries(trx).where({ version: g.expect.version, event: g.expect.event });
        changed += await (ids.length === 1 ? q.where('id', ids[0]) : q.whereIn('id', ids)).update({ ...g.columns, updated_at: now });
      }
    }
    return changed;
  }

  return {
    async get(id: number, trx?: Knex | Knex.Transaction): Promise<DeliveryRecord | null> {
      const row = await deliveries(trx).where({ id }).first();
      return row ? fromRow(row as DeliveryRow) : null;
    },

    async forItem(itemDocumentId: string, opts: { trx?: Knex | Knex.Transaction; forUpdate?: boolean } = {}): Promise<DeliveryRecord[]> {
      const q = deliveries(opts.trx).where({ item_document_id: itemDocumentId }).orderBy('portal_code');
      // SQLite has one writer at a time already; PostgreSQL needs the rows locked against a concurrent outcome write.
      if (opts.forUpdate && strapi.db.dialect.client !== 'sqlite') q.forUpdate();
      return ((await q) as DeliveryRow[]).map(fromRow);
    },

    async find(filter: DeliveryFilter, opts: { orderBy?: DeliveryOrder; limit?: number; offset?: number; trx?: Knex | Knex.Transaction } = {}): Promise<DeliveryRecord[]> {
      const q = applyFilter(deliveries(opts.trx), filter);
      for (const [column, dir] of ORDER[opts.orderBy ?? 'id']) q.orderBy(column, dir);
      if (opts.limit != null) q.limit(opts.limit);
      if (opts.offset) q.offset(opts.offset);
      return ((await q) as DeliveryRow[]).map(fromRow);
    },

    async count(filter: DeliveryFilter): Promise<number> {
      const row = (await applyFilter(deliveries(), filter).count({ n: '*' }).first()) as { n: number | string } | undefined;
      return Number(row?.n ?? 0);
    },

    async countByStatus(filter: DeliveryFilter, groupBy?: 'item' | 'portal'): Promise<{ key: string | null; status: DeliveryStatus; n: number }[]> {
      const column = groupBy === 'item' ? 'item_document_id' : groupBy === 'portal' ? 'portal_code' : null;
      const q = applyFilter(deliveries(), filter);
      const rows = (await (column ? q.select(`${column} as key`, 'status').groupBy(column, 'status') : q.select('status').groupBy('status')).count({ n: '*' })) as unknown as {
        key?: string;
        status: DeliveryStatus;
        n: number | string;
      }[];
      return rows.map((r) => ({ key: r.key ?? null, status: r.status, n: Number(r.n) }));
    },

    async openDue(opts: { afterId: number; horizon: Date; untouchedSince?: Date; limit: number }): Promise<Pick<DeliveryRecord, 'id' | 'version' | 'event' | 'nextAttemptAt'>[]> {
      const q = deliveries();
      if (opts.untouchedSince) q.where('updated_at', '<=', opts.untouchedSince);
      const rows = (await q
        .whereIn('status', OPEN_STATUSES)
        .andWhere((w) => w.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', opts.horizon))
        .andWhere('id', '>', opts.afterId)
        .orderBy('id')
        .limit(opts.limit)
        .select('id', 'version', 'event', 'next_attempt_at')) as Pick<DeliveryRow, 'id' | 'version' | 'event' | 'next_attempt_at'>[];
      return rows.map((r) => ({ id: Number(r.id), version: Number(r.version), event: r.event, nextAttemptAt: toDate(r.next_attempt_at) }));
    },

    async attempts(deliveryId: number): Promise<AttemptRecord[]> {
      const rows = (await knex()(TABLE.deliveryAttempt).where({ delivery_id: deliveryId }).orderBy('id')) as AttemptRow[];
      return rows.map(attemptFromRow);
    },

    /** Inserts new records (one multi-row statement per chunk); returns their ids by portal code. */
    async insertMany(trx: Knex | Knex.Transaction, records: NewDelivery[]): Promise<Map<string, number>> {
      const ids = new Map<string, number>();
      const now = new Date();
      for (const part of chunks(records, CHUNK)) {
        const rows = part.map((r) => ({ attempts: 0, ...toColumns(r), document_id: newDocumentId(), created_at: now, updated_at: now, published_at: now }));
        const inserted = (await deliveries(trx).insert(rows).returning(['id', 'portal_code'])) as unknown as Pick<DeliveryRow, 'id' | 'portal_code'>[];
        for (const r of inserted) ids.set(r.portal_code, Number(r.id));
      }
      return ids;
    },

    /** Guarded updates in the caller's transaction; returns how many records changed. */
    updateMany(trx: Knex | Knex.Transaction, updates: GuardedUpdate[]): Promise<number> {
      return update(trx, updates);
    },

    /**
     * The record writer's batch: attempt rows and guarded record updates, committed together.
     * SQLite: statements prepared once, in one synchronous transaction (infra/sqlite-session.ts).
     * PostgreSQL: one multi-row INSERT and one `UPDATE … FROM (VALUES …)` per set of columns.
     */
    async writeOutcomes(updates: GuardedUpdate[], attempts: AttemptRecord[]): Promise<void> {
      if (updates.length === 0 && attempts.length === 0) return;
      const at = new Date();
      const attemptRows = attempts.map((a) => attemptColumns(a, at));
      if (sqlite()) {
        await onSqlite(
          knex(),
          (db) => {
            for (const row of attemptRows) db.run(ATTEMPT_INSERT_SQL, row);
            for (const u of updates) {
              const columns = toColumns(u.patch);
              const names = Object.keys(columns);
              db.run(guardedUpdateSql(names), [...names.map((n) => columns[n as keyof DeliveryRow]), at, u.id, u.expect.version, u.expect.event]);
            }
          },
          { transaction: true }
        );
        return;
      }
      await knex().transaction(async (trx) => {
        for (const part of chunks(attemptRows, CHUNK)) {
          await trx.raw(attemptInsertSql(part.length), part.flat() as Knex.RawBinding[]);
        }
        const groups = new Map<string, { names: string[]; rows: unknown[][] }>();
        for (const u of updates) {
          const columns = toColumns(u.patch);
          const names = Object.keys(columns);
          const key = names.join(',');
          let g = groups.get(key);
          if (!g) groups.set(key, (g = { names, rows: [] }));
          g.rows.push([u.id, u.expect.version, u.expect.event, ...names.map((n) => columns[n as keyof DeliveryRow])]);
        }
        for (const g of groups.values()) {
          for (const part of chunks(g.rows, CHUNK)) {
            await trx.raw(pgValuesUpdateSql(g.names, part.length), [at, ...part.flat()] as Knex.RawBinding[]);
          }
        }
      });
    },

    /** The records of the jobs the worker starts together: one statement for the whole batch. */
    async forDispatch(ids: number[]): Promise<DeliveryRecord[]> {
      if (ids.length === 0) return [];
      if (sqlite()) {
        return onSqlite(knex(), (db) => db.all<DeliveryRow>(RECORDS_BY_IDS_SQL, [JSON.stringify(ids)]).map(fromRow), { transaction: false });
      }
      return this.find({ ids });
    },

    /**
     * Sends again now: every retryable record matching `filter` goes back to pending with
     * a fresh retry schedule, in one set-based update. The status guard makes it safe
     * against a concurrent outcome or fan-out (those leave the retryable statuses).
     */
    async resetForRetry(filter: DeliveryFilter): Promise<DeliveryRecord[]> {
      return knex().transaction(async (trx) => {
        const q = applyFilter(deliveries(trx), { ...filter, statuses: RETRYABLE_STATUSES }).select('*');
        if (strapi.db.dialect.client !== 'sqlite') q.forUpdate();
        const rows = ((await q) as DeliveryRow[]).map(fromRow);
        if (rows.length === 0) return [];
        const now = new Date();
        for (const ids of chunks(rows.map((r) => r.id), IN_CHUNK)) {
          await deliveries(trx)
            .whereIn('id', ids)
            .whereIn('status', [...RETRYABLE_STATUSES])
            .update({ status: DELIVERY_STATUS.pending, attempts: 0, next_attempt_at: now, updated_at: now });
        }
        return rows.map((r) => ({ ...r, status: DELIVERY_STATUS.pending, attempts: 0, nextAttemptAt: now }));
      });
    },

    /** A review decision, guarded by the status and version the reviewer saw; false when the record moved on. */
    async decide(trx: Knex | Knex.Transaction | undefined, id: number, expect: { status: DeliveryStatus; version: number }, patch: DeliveryPatch): Promise<boolean> {
      const n = await deliveries(trx)
        .where({ id, status: expect.status, version: expect.version })
        .update({ ...toColumns(patch), updated_at: new Date() });
      return Number(n) === 1;
    },

    async openForDeadlines(filter: { itemDocumentId?: string; categories?: string[]; deadlineFrom?: Date }, trx?: Knex | Knex.Transaction): Promise<DeadlineSubject[]> {
      const q = (trx ?? knex())(`${TABLE.delivery} as d`)
        .join(`${TABLE.item} as i`, function joinPublished() {
          this.on('i.document_id', '=', 'd.item_document_id').andOnNotNull('i.published_at');
        })
        .whereNull('d.portal_published_at')
        .whereNotIn('d.status', NOT_OWED)
        .select('d.id', 'd.portal_code', 'd.deadline_at', 'd.created_at', 'i.category', 'i.issued_at', 'i.issuer_portal');
      if (filter.itemDocumentId) q.where('d.item_document_id', filter.itemDocumentId);
      if (filter.categories) q.whereIn('i.category', filter.categories);
      if (filter.deadlineFrom) q.where((w) => w.whereNull('d.deadline_at').orWhere('d.deadline_at', '>=', filter.deadlineFrom!));
      const rows = (await q) as (Pick<DeliveryRow, 'id' | 'portal_code' | 'deadline_at' | 'created_at'> & { category: string; issued_at: DbDate; issuer_portal: string | null })[];
      return rows.map((r) => ({
        id: Number(r.id),
        portalCode: r.portal_code,
        deadlineAt: toDate(r.deadline_at),
        createdAt: toDate(r.created_at),
        category: r.category,
        issuedAt: toDate(r.issued_at),
        issuerPortal: r.issuer_portal ?? null,
      }));
    },

    async setDeadlines(trx: Knex | Knex.Transaction | undefined, updates: { id: number; deadlineAt: Date | null }[]): Promise<void> {
      const byDeadline = new Map<number | null, number[]>();
      for (const u of updates) {
        const key = u.deadlineAt ? u.deadlineAt.getTime() : null;
        byDeadline.set(key, [...(byDeadline.get(key) ?? []), u.id]);
      }
      for (const [at, ids] of byDeadline) {
        for (const part of chunks(ids, IN_CHUNK)) await deliveries(trx).whereIn('id', part).update({ deadline_at: at == null ? null : new Date(at) });
      }
    },

    /** Item documentIds most recently fanned out (or re-sent), newest first. */
    async recentItems(limit: number, filter: DeliveryFilter = {}): Promise<string[]> {
      const rows = (await applyFilter(deliveries(), filter)
        .select('item_document_id')
        .max({ last: 'created_at' })
        .groupBy('item_document_id')
        .orderBy('last', 'desc')
        .limit(limit)) as { item_document_id: string }[];
      return rows.map((r) => r.item_document_id);
    },

    /**
     * Records joined with their item's draft row (always there under draft & publish, and
     * kept after a withdrawal): its category and issue date. `liveOnly`: records live on
     * their portal; `owedOnly`: neither withdrawn nor rejected, and not a withdrawal.
     */
    async withItemFacts(opts: { categories?: readonly string[]; liveOnly?: boolean; owedOnly?: boolean } = {}): Promise<RecordWithItemFacts[]> {
      const q = knex()(`${TABLE.delivery} as d`)
        .join(`${TABLE.item} as i`, function draftRow() {
          this.on('i.document_id', '=', 'd.item_document_id').andOnNull('i.published_at');
        })
        .select('d.portal_code', 'd.status', 'd.deadline_at', 'd.portal_published_at', 'd.created_at', 'i.category', 'i.issued_at');
      if (opts.categories) q.whereIn('i.category', [...opts.categories]);
      if (opts.liveOnly) q.whereNotNull('d.portal_published_at');
      if (opts.owedOnly) q.whereNot('d.event', DELIVERY_EVENT.withdrawn).whereNotIn('d.status', NOT_OWED);
      const rows = (await q) as (Pick<DeliveryRow, 'portal_code' | 'status' | 'deadline_at' | 'portal_published_at' | 'created_at'> & { category: string; issued_at: DbDate })[];
      return rows.map((r) => ({
        portalCode: r.portal_code,
        status: r.status,
        deadlineAt: toDate(r.deadline_at),
        portalPublishedAt: toDate(r.portal_published_at),
        createdAt: toDate(r.created_at),
        category: r.category,
        issuedAt: toDate(r.issued_at),
      }));
    },

    /** Indexes Strapi's schema format cannot express: the (item, portal) unique key and the reconciler's scan. */
    async ensureIndexes(): Promise<void> {
      const k = knex();
      await k.raw(`CREATE UNIQUE INDEX IF NOT EXISTS syndication_deliveries_item_portal_uq ON ${TABLE.delivery} (item_document_id, portal_code)`);
      await k.raw(`CREATE INDEX IF NOT EXISTS syndication_deliveries_open_idx ON ${TABLE.delivery} (status, next_attempt_at)`);
      await k.raw(`CREATE INDEX IF NOT EXISTS syndication_deliveries_portal_idx ON ${TABLE.delivery} (portal_code, status)`);
      await k.raw(`CREATE INDEX IF NOT EXISTS syndication_delivery_attempts_delivery_idx ON ${TABLE.deliveryAttempt} (delivery_id)`);
    },
  };
};

export type DeliveryStoreService = typeof deliveryStore;
export default deliveryStore;
