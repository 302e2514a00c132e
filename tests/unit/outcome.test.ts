/** The outcome → record change (domain/outcome.ts) and the envelope (domain/envelope.ts): pure functions. */
import { decideOutcome, skipReason, type OutcomeInput } from '../../plugins/syndication/server/src/domain/outcome';
import { envelopeJson, messageId, prepareItem } from '../../plugins/syndication/server/src/domain/envelope';
import type { ItemPayload } from '../../plugins/syndication/server/src/domain/payload';
import { signingKey, signStandardWebhook } from '../../plugins/syndication/server/src/adapters/webhook';
import { Webhook } from 'standardwebhooks';

const NOW = Date.parse('2026-11-23T03:00:00Z');
const STARTED = new Date(NOW - 120);
const ok = { httpStatus: 200, retryAfterMs: null, remoteId: 'P-7', remoteUrl: 'https://p.example/tin/P-7', error: null };
const status = (httpStatus: number | null, retryAfterMs: number | null = null) => ({
  httpStatus,
  retryAfterMs,
  remoteId: null,
  remoteUrl: null,
  error: httpStatus == null ? 'ECONNREFUSED: connect refused' : `HTTP ${httpStatus}`,
});

const input = (over: Partial<OutcomeInput> = {}): OutcomeInput => ({
  event: 'item.created',
  version: 3,
  publishMode: 'live',
  record: { attempts: 0, remoteId: null, remoteUrl: null, deliveredAt: null, portalPublishedAt: null },
  result: ok,
  startedAt: STARTED,
  now: NOW,
  retrySchedule: [5, 30, 120],
  portalUnhealthy: false,
  random: () => 0.5, // no jitter
  ...over,
});

const at = new Date(NOW);

describe('decideOutcome', () => {
  it.each<[string, Partial<OutcomeInput>, Record<string, unknown>]>([
    [
      'success, live portal',
      {},
      { kind: 'delivered', attemptOutcome: 'success', retryAt: null, pauseReason: null, patch: { status: 'delivered', attempts: 1, lastHttpStatus: 200, lastAttemptAt: STARTED, lastError: null, nextAttemptAt: null, deliveredVersion: 3, remoteId: 'P-7', remoteUrl: 'https://p.example/tin/P-7', deliveredAt: at, portalPublishedAt: at } },
    ],
    [
      'success, review-mode portal: held for its editors, not published yet',
      { publishMode: 'review' },
      { kind: 'awaiting-review', patch: expect.objectContaining({ status: 'awaiting_review', deliveredVersion: 3, deliveredAt: at }) },
    ],
    [
      'success of an edit keeps the first delivery time and the remote id when the portal sends none',
      { event: 'item.updated', record: { attempts: 2, remoteId: 'OLD', remoteUrl: 'u', deliveredAt: new Date(1), portalPublishedAt: new Date(1) }, result: { ...ok, remoteId: null, remoteUrl: null } },
      { kind: 'delivered', attemptNo: 3, patch: expect.objectContaining({ status: 'delivered', attempts: 3, remoteId: 'OLD', remoteUrl: 'u' }) },
    ],
    [
      'success of "published" on a review portal: published',
      { event: 'item.published', publishMode: 'review' },
      { kind: 'delivered', patch: expect.objectContaining({ status: 'published', portalPublishedAt: at }) },
    ],
    [
      'success of a withdrawal',
      { event: 'item.withdrawn' },
      { kind: 'withdrawn', patch: { status: 'withdrawn', withdrawnAt: at, lastError: null, nextAttemptAt: null, attempts: 1, lastHttpStatus: 200, lastAttemptAt: STARTED } },
    ],
    [
      '410 Gone: failed, and the portal is paused',
      { result: status(410) },
      { kind: 'gone', attemptOutcome: 'gone', pauseReason: expect.stringContaining('410'), patch: expect.objectContaining({ status: 'failed', nextAttemptAt: null, lastError: expect.stringContaining('410') }) },
    ],
    [
      'other 4xx: failed at once',
      { result: status(422) },
      { kind: 'rejected', attemptOutcome: 'reject', retryAt: null, patch: expect.objectContaining({ status: 'failed', lastError: 'HTTP 422', lastHttpStatus: 422 }) },
    ],
    [
      'retryable 503: next step of the schedule',
      { result: status(503) },
      { kind: 'retrying', attemptOutcome: 'retry', retryAt: NOW + 5000, portalBlockedUntil: null, patch: expect.objectContaining({ status: 'retrying', nextAttemptAt: new Date(NOW + 5000), lastError: 'HTTP 503' }) },
    ],
    [
      'network error on the second attempt: second step',
      { result: status(null), record: { attempts: 1, remoteId: null, remoteUrl: null, deliveredAt: null, portalPublishedAt: null } },
      { kind: 'retrying', attemptNo: 2, retryAt: NOW + 30000, patch: expect.objectContaining({ status: 'retrying', lastHttpStatus: null }) },
    ],
    [
      '429 with Retry-After: never earlier, and the portal is blocked until then',
      { result: status(429, 60000) },
      { kind: 'retrying', retryAt: NOW + 60000, portalBlockedUntil: NOW + 60000 },
    ],
    [
      '429 without Retry-After: the schedule, no portal block',
      { result: status(429) },
      { kind: 'retrying', retryAt: NOW + 5000, portalBlockedUntil: null },
    ],
    [
      'schedule exhausted: gave up',
      { result: status(500), record: { attempts: 3, remoteId: null, remoteUrl: null, deliveredAt: null, portalPublishedAt: null } },
      { kind: 'gave-up', attemptNo: 4, retryAt: null, patch: expect.objectContaining({ status: 'failed', lastError: expect.stringMatching(/^Đã thử 4 lần \/ Gave up after 4 attempts/) }) },
    ],
    [
      'unhealthy portal: retried at the longest step only',
      { result: status(503), portalUnhealthy: true },
      { kind: 'retrying', retryAt: NOW + 120000 },
    ],
  ])('%s', (_label, over, expected) => {
    expect(decideOutcome(input(over))).toMatchObject(expected);
  });
});

describe('skipReason', () => {
  it.each([
    ['a removed portal', null, /Portal removed/],
    ['a paused portal, with why', { active: false, endpoint: 'http://x', pausedReason: 'HTTP 410' }, /Portal is paused: HTTP 410/],
    ['a portal without endpoint', { active: true, endpoint: null, pausedReason: null }, /no delivery endpoint/],
  ])('%s', (_l, portal, reason) => expect(skipReason(portal)).toMatch(reason));
  it('nothing for an active portal with an endpoint', () => expect(skipReason({ active: true, endpoint: 'http://x', pausedReason: null })).toBeNull());
});

describe('envelope', () => {
  const payload = {
    documentId: 'doc1', version: 2, title: 'Tiêu đề', slug: 'tieu-de', summary: null, body: '<p>x</p>', category: '8.1.c', kind: 'direction',
    issuer: null, documentNumber: null, issuedAt: null, effectiveAt: null, publishedAt: null, cover: null, attachments: [],
    source: { name: 'Cổng', credit: 'Theo Cổng TTĐT tỉnh Bắc Ninh', url: 'https://x/tieu-de' },
  } as ItemPayload;
  const portal = { code: 'SXD', sectionMap: { '8.1.c': 'chi-dao' }, publishMode: 'live' as const };
  const ts = new Date('2026-11-23T03:00:00Z');

  it('is exactly JSON.stringify of the whole envelope, with the portal section', () => {
    const body = envelopeJson(prepareItem('doc1', 2, payload), 'item.updated', portal, 41, ts);
    const expected = { type: 'item.updated', timestamp: ts.toISOString(), data: { item: payload, delivery: { id: 41, portal: 'SXD', section: 'chi-dao', publishMode: 'live', version: 2 }, source: payload.source } };
    expect(body).toBe(JSON.stringify(expected));
  });

  it('a withdrawal carries only what finds the copy', () => {
    const body = JSON.parse(envelopeJson(prepareItem('doc1', 2, payload), 'item.withdrawn', { ...portal, sectionMap: null }, 41, ts));
    expect(body.data.item).toEqual({ documentId: 'doc1', version: 2, slug: 'tieu-de', title: 'Tiêu đề' });
    expect(body.data.delivery.section).toBeNull();
  });

  it('a missing snapshot still yields a valid stub', () => {
    const body = JSON.parse(envelopeJson(prepareItem('doc1', 5, null), 'item.updated', portal, 41, ts));
    expect(body.data).toEqual({ item: { documentId: 'doc1', version: 5, slug: null, title: null }, delivery: { id: 41, portal: 'SXD', section: null, publishMode: 'live', version: 5 }, source: null });
  });

  it('message ids are stable per (item, portal, version, event)', () => {
    expect(messageId('doc1', 'SXD', 2, 'item.updated')).toBe('doc1.SXD.v2.item.updated');
  });
});

describe('webhook signature', () => {
  it.each([
    ['ascii', 'msg_1', '{"a":1}'],
    ['Vietnamese text', 'doc.SXD.v2.item.updated', JSON.stringify({ title: 'Chủ tịch UBND tỉnh chỉ đạo khẩn' })],
    ['empty body', 'm', ''],
  ])('is byte for byte the standardwebhooks signature (%s)', (_l, id, body) => {
    const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
    const at = new Date('2026-11-23T03:00:00.900Z');
    const ours = signStandardWebhook(signingKey(secret), id, at, body);
    expect(ours).toBe(new Webhook(secret).sign(id, at, body));
    // The adapter signs the encoded bytes it sends: the same signature.
    expect(signStandardWebhook(signingKey(secret), id, at, Buffer.from(body, 'utf8'))).toBe(ours);
    const now = new Date();
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signStandardWebhook(signingKey(secret), id, now, body || '""') };
    expect(() => new Webhook(secret).verify(body || '""', headers)).not.toThrow();
  });
});
