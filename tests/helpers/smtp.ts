/**
 * A real local SMTP server (smtp-server) that keeps every message it receives, parsed
 * with mailparser, so tests read back exactly what the hub sent.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  envelopeTo: string[];
  to: string[];
  subject: string;
  text: string;
  html: string;
  from: string;
}

export interface SmtpCatcher {
  port: number;
  messages: CaughtMail[];
  /** Environment for bootHub(): the hub's email plugin pointed at this server. */
  env: Record<string, string>;
  close(): Promise<void>;
}

const addresses = (field: ParsedMail['to']): string[] => {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
};

export async function startSmtp(): Promise<SmtpCatcher> {
  const messages: CaughtMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((m) => {
          messages.push({
            envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            to: addresses(m.to),
            subject: m.subject ?? '',
            text: m.text ?? '',
            html: typeof m.html === 'string' ? m.html : '',
            from: m.from?.text ?? '',
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_SECURE: 'false', EMAIL_FROM: 'Cổng TTĐT tỉnh Bắc Ninh <no-reply@bacninh.gov.vn>' },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
