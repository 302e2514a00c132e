import { Box, Flex, Link, Typography } from '@strapi/design-system';
import { formatDate } from '../utils/format';
import { useT } from '../utils/hooks';

/**
 * What a portal received, laid out as a portal would show it: title, summary, body,
 * cover, attachments, then the credit line and the link to the original
 * (Decision 96, Art. 6.1 and 12.1.a). The body was sanitised once by the hub before
 * it was sent, so it is rendered as is.
 */
export const PayloadPreview = ({ payload, section }: { payload: any; section?: string | null }) => {
  const t = useT();
  if (!payload) return null;
  return (
    <Box background="neutral0" padding={5} hasRadius borderColor="neutral200" data-testid="payload-preview">
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Typography variant="beta" tag="h3">
          {payload.title}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {[payload.issuer && `${t('inbox.issuer')}: ${payload.issuer}`, payload.documentNumber, payload.issuedAt && `${t('inbox.issuedAt')}: ${formatDate(payload.issuedAt)}`, section && `${t('inbox.section')}: ${section}`]
            .filter(Boolean)
            .join(' · ')}
        </Typography>
        {payload.cover?.url ? <img src={payload.cover.url} alt={payload.cover.alternativeText ?? payload.cover.name ?? ''} style={{ maxWidth: '100%', maxHeight: 240, objectFit: 'contain' }} /> : null}
        {payload.summary ? (
          <Typography fontWeight="bold" tag="p">
            {payload.summary}
          </Typography>
        ) : null}
        <Box className="syndication-body" style={{ lineHeight: 1.6, fontSize: '1.5rem' }}>
          <div dangerouslySetInnerHTML={{ __html: payload.body ?? '' }} />
        </Box>
        {payload.attachments?.length ? (
          <Flex direction="column" alignItems="start" gap={1}>
            {payload.attachments.map((a: any) => (
              <Link key={a.url} href={a.url} isExternal>
                {a.name}
              </Link>
            ))}
          </Flex>
        ) : null}
        <Box paddingTop={2} borderColor="neutral150" style={{ borderTopWidth: 1, borderTopStyle: 'solid' }}>
          <Typography style={{ fontStyle: 'italic' }} data-testid="credit-line">
            {payload.source?.credit}
          </Typography>
          {payload.source?.url ? (
            <Typography variant="pi" tag="p">
              {t('inbox.source')}:{' '}
              <Link href={payload.source.url} isExternal data-testid="source-link">
                {payload.source.url}
              </Link>
            </Typography>
          ) : null}
        </Box>
      </Flex>
    </Box>
  );
};
