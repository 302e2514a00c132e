import * as React from 'react';
import { Button, Field, Flex, Modal, Textarea, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { apiError, useT } from '../utils/hooks';

/**
 * A decision that needs a written reason (a board rejecting a delivery, an administrator
 * pausing a portal): posts `{ reason }` to `url`, confirms with a notification and calls
 * `onDone`; the server's refusal (no reason, too long…) stays in the dialog. `testId`
 * prefixes the test ids of the reason box, the confirm button and the error.
 */
export const ReasonDialog = (props: {
  title: string;
  subject?: React.ReactNode;
  label: string;
  hint?: string;
  confirmLabel: string;
  confirmIcon?: React.ReactElement;
  url: string;
  successMessage: string;
  testId?: string;
  onDone(): void;
  onClose(): void;
}) => {
  const t = useT();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [reason, setReason] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const id = (part: string) => (props.testId ? `${props.testId}-${part}` : undefined);
  const submit = async () => {
    try {
      await post(props.url, { reason });
      toggleNotification({ type: 'success', message: props.successMessage });
      props.onDone();
    } catch (e) {
      setError(apiError(e));
    }
  };
  return (
    <Modal.Root open onOpenChange={(o: boolean) => !o && props.onClose()}>
      <Modal.Content>
        <Modal.Header closeLabel={t('common.close')}>
          <Modal.Title>{props.title}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={3}>
            {props.subject ? <Typography fontWeight="bold">{props.subject}</Typography> : null}
            <Field.Root name="reason" hint={props.hint} required>
              <Field.Label>{props.label}</Field.Label>
              <Textarea value={reason} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)} data-testid={id('reason')} />
              <Field.Hint />
            </Field.Root>
            {error ? <Typography textColor="danger600" data-testid={id('error')}>{error}</Typography> : null}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Button variant="tertiary" onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button variant="danger" startIcon={props.confirmIcon} onClick={submit} data-testid={id('confirm')}>{props.confirmLabel}</Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
