/**
 * Before Publish: the Content Manager's own Publish action, wrapped for syndicated items so
 * that pressing it first shows what will happen ("Tin sẽ được gửi tới N cổng; M cổng duyệt
 * trước khi đăng") and what stops it. Confirming runs the original publish; the server
 * refuses a broken item anyway (services/publish-plan.ts), with the same messages.
 */
import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { useFetchClient, useForm } from '@strapi/strapi/admin';
import { ITEM_UID } from './api';

interface Plan {
  total: number;
  review: number;
  summary: string;
  errors: { path: string[]; message: string }[];
}

function usePublishPlan(enabled: boolean): Plan | null {
  const { post } = useFetchClient();
  const values = useForm('SyndicationPublishPlan', (state: any) => state.values);
  const [plan, setPlan] = React.useState<Plan | null>(null);
  // The whole form: the category's rules may need any field (document number, attachments…).
  const key = enabled ? JSON.stringify(values ?? {}) : '';
  React.useEffect(() => {
    if (!enabled) return undefined;
    let live = true;
    const data = values ?? {};
    const timer = setTimeout(() => {
      post('/syndication/form/publish-plan', { data })
        .then((res: any) => live && setPlan(res.data.data))
        .catch(() => live && setPlan(null));
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, enabled]);
  return plan;
}

const PlanContent = ({ plan }: { plan: Plan | null }) => (
  <Flex direction="column" alignItems="stretch" gap={3} data-testid="syndication-publish-plan">
    <Typography variant="omega" fontWeight="bold">
      {plan ? plan.summary : 'Đang tính số cổng nhận tin…'}
    </Typography>
    {plan && plan.errors.length > 0 && (
      <Box padding={3} background="danger100" hasRadius>
        <Typography variant="omega" textColor="danger700" fontWeight="bold">
          Chưa thể xuất bản:
        </Typography>
        <ul>
          {plan.errors.map((e) => (
            <li key={`${e.path.join('.')}:${e.message}`}>
              <Typography variant="omega" textColor="danger700">
                {e.message.split(' / ')[0]}
              </Typography>
            </li>
          ))}
        </ul>
      </Box>
    )}
    {plan && plan.errors.length === 0 && <Typography variant="omega">Xuất bản tin ngay bây giờ?</Typography>}
  </Flex>
);

/** Replaces the Content Manager's publish action with one that shows the plan first, for items only. */
export function withPublishPlan(actions: any[]): any[] {
  return actions.map((Action) => {
    if (Action?.type !== 'publish') return Action;
    const SyndicationPublishAction = (props: any) => {
      const base = Action(props);
      const isItem = props.model === ITEM_UID;
      const plan = usePublishPlan(isItem && Boolean(base));
      if (!base || !isItem) return base;
      const publish = base.dialog?.onConfirm;
      return {
        ...base,
        // Always open the dialog below instead of publishing at once.
        onClick: async () => false,
        dialog: {
          type: 'dialog',
          title: 'Xuất bản tin',
          variant: plan && plan.errors.length ? 'danger-light' : 'default',
          content: <PlanContent plan={plan} />,
          confirmLabel: 'Xuất bản',
          onConfirm: async () => {
            if (publish) await publish();
          },
        },
      };
    };
    SyndicationPublishAction.type = 'publish';
    SyndicationPublishAction.position = Action.position;
    return SyndicationPublishAction;
  });
}
