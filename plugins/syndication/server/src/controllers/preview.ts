import type { RequestContext } from '../utils/context';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ERRORS } from '../constants';
import { getService } from '../utils';

/** The portal-style preview page the Content Manager's preview pane loads (signed URL, no token). */
const preview = ({ strapi }: { strapi: Core.Strapi }) => ({
  async show(ctx: RequestContext) {
    const { documentId } = ctx.params;
    const { status, expires, signature } = ctx.query as Record<string, string>;
    const service = getService('preview', strapi);
    if (!service.verify(documentId, status, expires, signature)) throw new errors.ForbiddenError(ERRORS.previewForbidden);
    const html = await service.render(documentId, status as 'draft' | 'published');
    if (html == null) throw new errors.NotFoundError(ERRORS.itemNotFound(documentId));
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = html;
  },
});

export default preview;
