/**
 * Items: what the provincial board publishes. Every write goes through Strapi's
 * Document Service, so the admin panel and the API trigger the same fan-out
 * (see register.ts, the document middleware).
 */
import type { Core, Modules } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { DEFAULT_CATEGORY, DIRECTION_KIND_LABELS, DIRECTION_KINDS, ERRORS, UID } from '../constants';
import { getService } from '../utils';
import { throwFieldErrors, type FieldError } from '../utils/errors';
import { activeContent, API_BODY_FORMAT, type BodyFormat } from '../domain/body';
import type { ItemInput } from '../controllers/validation/item';

/** A media file as Strapi's upload plugin stores it (`size` in KB). */
export interface MediaFile {
  name: string;
  url: string;
  alternativeText?: string | null;
  mime?: string | null;
  size?: number | string | null;
}

/** A stored item, as the Document Service or the query engine reads it (dates may come back as Date on PostgreSQL). */
export interface ItemDocument extends Omit<ItemInput, 'title' | 'category' | 'issuedAt' | 'commentDeadline'> {
  documentId: string;
  title: string;
  category: string;
  slug?: string | null;
  issuedAt?: string | Date | null;
  commentDeadline?: string | Date | null;
  version?: number | null;
  credit?: string | null;
  cover?: MediaFile | null;
  attachments?: MediaFile[] | null;
  publishedAt?: string | Date | null;
  updatedAt?: string | Date;
}

export function itemToApi(doc: ItemDocument, status?: 'draft' | 'published') {
  return {
    documentId: doc.documentId,
    version: doc.version ?? 0,
    status: status ?? (doc.publishedAt ? 'published' : 'draft'),
    title: doc.title,
    slug: doc.slug,
    summary: doc.summary ?? null,
    body: doc.body ?? null,
    bodyFormat: doc.bodyFormat ?? API_BODY_FORMAT,
    category: doc.category,
    kind: doc.kind ?? null,
    issuer: doc.issuer ?? null,
    documentNumber: doc.documentNumber ?? null,
    issuedAt: doc.issuedAt ?? null,
    effectiveAt: doc.effectiveAt ?? null,
    issuerPortal: doc.issuerPortal ?? null,
    documentForm: doc.documentForm ?? null,
    documentUrl: doc.documentUrl ?? null,
    commentDeadline: doc.commentDeadline ?? null,
    contact: doc.contact ?? null,
    project: doc.project ?? null,
    targets: doc.targets ?? { scope: 'all' },
    credit: doc.credit,
    sourceUrl: doc.sourceUrl ?? null,
    publishedAt: doc.publishedAt ?? null,
    updatedAt: doc.updatedAt,
  };
}

/** What the Document Service's update takes for an item (@strapi/types, without generated schema types). */
type ItemUpdateData = Modules.Documents.ServiceParams<typeof UID.item>['update']['data'];

const item = ({ strapi }: { strapi: Core.Strapi }) => {
  const docs = () => strapi.documents(UID.item);

  /**
   * Business rules that need the database: known category, kind for 8.1.c, existing portals.
   * Returns the normalised input and every broken rule; the API refuses on save, the
   * publish guard (services/publish-plan.ts) on publish.
   */
  async function ruleErrors(input: ItemInput, existing: Pick<ItemInput, 'category' | 'kind'> | null): Promise<{ data: ItemInput; errors: FieldError[] }> {
    const data: ItemInput = { ...input };
    const fieldErrors: FieldError[] = [];
    const category = (data.category ?? existing?.category ?? DEFAULT_CATEGORY).normalize('NFC');
    data.category = category;
    const rules = await getService('categoryRule', strapi).all();
    if (!rules.has(category)) {
      fieldErrors.push({ path: ['category'], message: `Mã chuyên mục không thuộc Điều 8 Quyết định 96 (vd. 8.1.c) / Not a Decision 96 category code (e.g. 8.1.c): ${category}` });
    }
    const kind = data.kind !== undefined ? data.kind : existing?.kind;
    if (category === DEFAULT_CATEGORY && !kind) {
      const names = DIRECTION_KINDS.map((k) => `${DIRECTION_KIND_LABELS[k]} (${k})`).join('; ');
      fieldErrors.push({ path: ['kind'], message: `Tin chỉ đạo, điều hành (8.1.c) phải chọn loại: ${names} / Direction items (8.1.c) need a kind` });
    }
    if (category !== DEFAULT_CATEGORY && data.kind) {
      fieldErrors.push({ path: ['kind'], message: 'Chỉ tin 8.1.c có loại / Only 8.1.c items have a kind' });
    }
    // A plan or content-API call may name the scope without its list; the validators require the list later.
    const portals = [...(data.targets?.scope === 'portals' ? ((data.targets.portals as string[] | undefined) ?? []) : []), ...(data.issuerPortal ? [data.issuerPortal] : [])];
    if (portals.length) {
      const known = new Set((await getService('portal', strapi).list()).map((p) => p.code));
      const unknown = portals.filter((c) => !known.has(c));
      if (unknown.length) fieldErrors.push({ path: unknown.includes(data.issuerPortal as string) ? ['issuerPortal'] : ['targets', 'portals'], message: `Không có cổng mã: ${unknown.join(', ')} / Unknown portal codes: ${unknown.join(', ')}` });
    }
    // The API documents HTML bodies: a body sent without a format is HTML, even on an item written in the admin form.
    if (data.body !== undefined && !data.bodyFormat) data.bodyFormat = API_BODY_FORMAT;
    if (!existing && !data.bodyFormat) data.bodyFormat = API_BODY_FORMAT;
    const active = activeContent(data.body, (data.bodyFormat as BodyFormat | undefined) ?? API_BODY_FORMAT);
    if (active.length) {
      fieldErrors.push({
        path: ['body'],
        message: `Nội dung có mã chạy được hoặc nhúng trang khác (${active.join(', ')}): hãy xóa các phần này rồi lưu lại / The body contains active content (${active.join(', ')}); remove it and save again`,
      });
    }
    if (data.effectiveAt) data.effectiveAt = new Date(data.effectiveAt).toISOString().slice(0, 10);
    if (data.issuedAt) data.issuedAt = new Date(data.issuedAt).toISOString();
    if (data.commentDeadline) data.commentDeadline = new Date(data.commentDeadline).toISOString();
    return { data, errors: fieldErrors };
  }

  async function checkRules(input: ItemInput, existing: Pick<ItemInput, 'category' | 'kind'> | null): Promise<ItemInput> {
    const { data, errors: fieldErrors } = await ruleErrors(input, existing);
    throwFieldErrors(fieldErrors);
    return data;
  }

  return {
    checkRules,
    ruleErrors,

    async create(rawInput: ItemInput, opts: { publish?: boolean } = {}) {
      const input = await checkRules(rawInput, null);
      const created = await docs().create({ data: input, ...(opts.publish ? { status: 'published' as const } : {}) });
      return this.current(created.documentId);
    },

    /** Edits an item; a published item's edit is published at once and re-syndicated. */
    async update(documentId: string, input: ItemInput) {
      // eslint-disable-next-line no-param-reassign
      const published = await this.findPublished(documentId);
      const draft = (await docs().findOne({ documentId, status: 'draft' })) as ItemDocument | null;
      if (!published && !draft) throw new errors.NotFoundError(ERRORS.itemNotFound(documentId));
      input = await checkRules(input, draft ?? published);
      await docs().update({ documentId, data: input as ItemUpdateData, ...(published ? { status: 'published' as const } : {}) });
      return this.current(documentId);
    },

    async publish(documentId: string) {
      await this.mustExist(documentId);
      await docs().publish({ documentId });
      return this.current(documentId);
    },

    /** Withdrawal: unpublish, which sends item.withdrawn to every portal that has the item. */
    async withdraw(documentId: string) {
      await this.mustExist(documentId);
      if (!(await this.findPublished(documentId))) throw new errors.ValidationError(ERRORS.notPublished);
      await docs().unpublish({ documentId });
      return this.current(documentId);
    },

    findPublished(documentId: string): Promise<ItemDocument | null> {
      return docs().findOne({ documentId, status: 'published' }) as Promise<ItemDocument | null>;
    },

    async mustExist(documentId: string): Promise<ItemDocument> {
      const found = (await docs().findOne({ documentId, status: 'draft' })) as ItemDocument | null;
      if (!found) throw new errors.NotFoundError(ERRORS.itemNotFound(documentId));
      return found;
    },

    /** Deliveries outlive a deleted item: accept any documentId that has records, too. */
    async mustExistAnyState(documentId: string) {
      const found = await docs().findOne({ documentId, status: 'draft' });
      if (found) return;
      const rows = await getService('delivery', strapi).forItem(documentId);
      if (rows.summary.total === 0) throw new errors.NotFoundError(ERRORS.itemNotFound(documentId));
    },

    /** The published version if there is one, else the draft. */
    async current(documentId: string) {
      const published = await this.findPublished(documentId);
      if (published) return itemToApi(published, 'published');
      return itemToApi(await this.mustExist(documentId), 'draft');
    },
  };
};

export type ItemService = typeof item;
export default item;
