/**
 * The provincial editor's form in the Content Manager (issue #10): the category, kind and
 * target pickers as custom fields, and Before Publish on the publish action.
 */
import { PLUGIN_ID } from '../../../server/src/constants';
import { withPublishPlan } from './PublishWithPlan';

/** One custom field of this plugin: its name, Strapi type, label and description (Vietnamese), and its input. */
const field = (name: string, type: string, label: string, description: string, Input: () => Promise<unknown>) => ({
  name,
  pluginId: PLUGIN_ID,
  type,
  intlLabel: { id: `${PLUGIN_ID}.customField.${name}`, defaultMessage: label },
  intlDescription: { id: `${PLUGIN_ID}.customField.${name}.description`, defaultMessage: description },
  components: { Input },
});

export function registerEditorForm(app: any) {
  app.customFields.register([
    field('category', 'string', 'Chuyên mục Quyết định 96', 'Chọn mã chuyên mục theo Điều 8 Quyết định 96', async () => import('./CategoryInput')),
    field('kind', 'enumeration', 'Loại thông tin chỉ đạo, điều hành', 'Bốn loại của Điều 8.1.c', async () => import('./KindInput')),
    field('targets', 'json', 'Cổng nhận tin', 'Tất cả, theo cấp hoặc từng cổng', async () => import('./TargetsInput')),
  ]);
}

export function bootstrapEditorForm(app: any) {
  app.getPlugin('content-manager').apis.addDocumentAction((actions: any[]) => withPublishPlan(actions));
}
