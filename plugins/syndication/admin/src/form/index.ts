/**
 * The provincial editor's form in the Content Manager (issue #10): the category, kind and
 * target pickers as custom fields, and Before Publish on the publish action.
 */
import { PLUGIN_ID } from '../../../server/src/constants';
import { withPublishPlan } from './PublishWithPlan';

export function registerEditorForm(app: any) {
  app.customFields.register([
    {
      name: 'category',
      pluginId: PLUGIN_ID,
      type: 'string',
      intlLabel: { id: `${PLUGIN_ID}.customField.category`, defaultMessage: 'Chuyên mục Quyết định 96' },
      intlDescription: { id: `${PLUGIN_ID}.customField.category.description`, defaultMessage: 'Chọn mã chuyên mục theo Điều 8 Quyết định 96' },
      components: { Input: async () => import('./CategoryInput') },
    },
    {
      name: 'kind',
      pluginId: PLUGIN_ID,
      type: 'enumeration',
      intlLabel: { id: `${PLUGIN_ID}.customField.kind`, defaultMessage: 'Loại thông tin chỉ đạo, điều hành' },
      intlDescription: { id: `${PLUGIN_ID}.customField.kind.description`, defaultMessage: 'Bốn loại của Điều 8.1.c' },
      components: { Input: async () => import('./KindInput') },
    },
    {
      name: 'targets',
      pluginId: PLUGIN_ID,
      type: 'json',
      intlLabel: { id: `${PLUGIN_ID}.customField.targets`, defaultMessage: 'Cổng nhận tin' },
      intlDescription: { id: `${PLUGIN_ID}.customField.targets.description`, defaultMessage: 'Tất cả, theo cấp hoặc từng cổng' },
      components: { Input: async () => import('./TargetsInput') },
    },
  ]);
}

export function bootstrapEditorForm(app: any) {
  app.getPlugin('content-manager').apis.addDocumentAction((actions: any[]) => withPublishPlan(actions));
}
