/**
 * Before Publish: what publishing an item will do (how many portals receive it, how many
 * of them review it first) and what stops it. The admin form asks for the plan while the
 * editor types; the document guard refuses a publish that breaks a rule, whichever way it
 * comes (Content Manager, content API, this plugin's API), so the Content Manager shows
 * the same Vietnamese message the API gives.
 */
import type { Core } from '@strapi/strapi';
import { DEFAULT_CATEGORY, ERRORS, UID } from '../constants';
import { normaliseTargets, selectTargets } from '../domain/targets';
import type { ItemInput } from '../controllers/validation/item';
import type { DocumentCall } from '../middlewares/document-pipeline';
import { getService } from '../utils';
import { throwFieldErrors, type FieldError } from '../utils/errors';

export interface PublishPlan {
  /** Portals the item will be sent to. */
  total: number;
  /** Of those, portals whose board reviews before it goes live. */
  review: number;
  /** "Tin sẽ được gửi tới N cổng; M cổng duyệt trước khi đăng". */
  summary: string;
  errors: FieldError[];
}

const DATE_FIELDS = ['issuedAt', 'effectiveAt', 'commentDeadline'];

const publishPlan = ({ strapi }: { strapi: Core.Strapi }) => {
  async function plan(values: Record<string, unknown>): Promise<PublishPlan> {
    const data: Record<string, unknown> = { ...values };
    // A half-typed date in the form is the date picker's business, not the plan's.
    for (const f of DATE_FIELDS) if (data[f] && Number.isNaN(Date.parse(String(data[f])))) delete data[f];
    // The form hides `kind` outside 8.1.c (attribute condition): a value left behind does not count.
    if ((data.category ?? DEFAULT_CATEGORY) !== DEFAULT_CATEGORY) data.kind = null;
    // The form's values, unvalidated: the item rules read them as the API's input.
    const { errors: ruleErrors } = await getService('item', strapi).ruleErrors(data as ItemInput, null);
    const categoryRules = getService('categoryRule', strapi);
    const categoryErrors = await categoryRules.publishErrors(data);
    const portals = await getService('portal', strapi).list();
    const chosen = selectTargets(portals, normaliseTargets(data.targets));
    // Who actually receives it (some categories add the issuing agency to the chosen portals).
    const targets = categoryRules.recipients(data, portals, (await categoryRules.all()).get(String(data.category ?? DEFAULT_CATEGORY)));
    // One message per field: the item rules' wording wins where both speak (e.g. the kind of 8.1.c).
    const said = new Set(ruleErrors.map((e) => e.path.join('.')));
    const errs = [...ruleErrors, ...categoryErrors.filter((e) => !said.has(e.path.join('.')))];
    if (chosen.length === 0 && !errs.some((e) => e.path[0] === 'targets')) errs.push({ path: ['targets'], message: ERRORS.noTargets });
    const review = targets.filter((p) => p.publishMode === 'review').length;
    return {
      total: targets.length,
      review,
      summary: `Tin sẽ được gửi tới ${targets.length} cổng; ${review} cổng duyệt trước khi đăng`,
      errors: errs,
    };
  }

  /** The values a publish would make live: the stored draft with the call's changes on top. */
  async function valuesToPublish(ctx: DocumentCall): Promise<Record<string, unknown>> {
    const documentId = ctx.params?.documentId;
    const draft = documentId ? await strapi.documents(UID.item).findOne({ documentId, status: 'draft', populate: ['attachments'] }) : null;
    return {
      ...(draft ?? {}),
      ...(ctx.action === 'publish' ? {} : (ctx.params?.data ?? {})),
    };
  }

  return {
    plan,

    /**
     * Document-service middleware, registered before the syndication pipeline: refuses a
     * publish that breaks a rule (nothing is written: the error aborts the transaction), and
     * clears a kind the form hid because the category is not 8.1.c.
     */
    async guard(ctx: DocumentCall, next: () => Promise<unknown>): Promise<unknown> {
      if (ctx.uid !== UID.item) return next();
      const data = ctx.params?.data;
      if ((ctx.action === 'create' || ctx.action === 'update') && data?.category && data.category !== DEFAULT_CATEGORY && data.kind) data.kind = null;
      const publishing = ctx.action === 'publish' || ((ctx.action === 'create' || ctx.action === 'update') && ctx.params?.status === 'published');
      if (publishing) {
        // Same shape as every refusal of the API: one entry per field, Vietnamese first.
        throwFieldErrors((await plan(await valuesToPublish(ctx))).errors);
      }
      return next();
    },
  };
};

export type PublishPlanService = typeof publishPlan;
export default publishPlan;
