/**
 * The e-mails the hub sends, in Vietnamese (their readers are Vietnamese civil servants),
 * as pure functions of what happened: easy to test, nothing here sends anything.
 */
import crypto from 'node:crypto';

export interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface ReviewEntry {
  title: string;
  issuer: string | null;
  issuedAt: string | null;
  deadlineAt: string | null;
}

export interface FailureEntry {
  portal: string;
  portalName: string;
  title: string;
  attempts: number;
  lastHttpStatus: number | null;
  lastError: string | null;
}

export interface DeadlineEntry {
  portal: string;
  portalName: string;
  title: string;
  status: string;
  deadlineAt: string;
}

export interface PortalAlertEntry {
  kind: 'portal-gone' | 'portal-unhealthy';
  portal: string;
  portalName: string;
  message: string;
  at: string;
}

const TZ = 'Asia/Ho_Chi_Minh';
const PREFIX = '[Đồng bộ tin chỉ đạo, điều hành]';

/** dd/MM/yyyy HH:mm in Vietnam time. */
export function formatVN(value: string | Date | null | undefined): string {
  if (value == null) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '—';
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((p) => [p.type, p.value])
  );
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A list longer than this is cut, with "and N more": a digest must stay readable. */
const MAX_LINES = 50;

function render(intro: string, sections: { heading: string; lines: string[] }[], link: { label: string; url: string }) {
  const text = [
    intro,
    '',
    ...sections.flatMap((s) => [s.heading, ...cut(s.lines).map((l) => `  - ${l}`), '']),
    `${link.label}: ${link.url}`,
    '',
    'Thư gửi tự động từ hệ thống đồng bộ tin của Cổng TTĐT tỉnh Bắc Ninh; vui lòng không trả lời thư này.',
  ].join('\n');
  const html = [
    `<p>${escapeHtml(intro)}</p>`,
    ...sections.map((s) => `<p><strong>${escapeHtml(s.heading)}</strong></p><ul>${cut(s.lines).map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`),
    `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>`,
    '<p style="color:#666">Thư gửi tự động từ hệ thống đồng bộ tin của Cổng TTĐT tỉnh Bắc Ninh; vui lòng không trả lời thư này.</p>',
  ].join('\n');
  return { text, html };
}

function cut(lines: string[]): string[] {
  if (lines.length <= MAX_LINES) return lines;
  return [...lines.slice(0, MAX_LINES), `… và ${lines.length - MAX_LINES} mục khác`];
}

/** To a portal's editors: one item awaits their review, or (digest) several do. */
export function reviewMail(to: string[], portalName: string, entries: ReviewEntry[], inboxUrl: string): Mail {
  const single = entries.length === 1;
  const subject = single ? `${PREFIX} Tin chờ duyệt: ${entries[0].title} — ${portalName}` : `${PREFIX} ${entries.length} tin chờ duyệt — ${portalName}`;
  const intro = single
    ? `Cổng ${portalName} vừa nhận một tin chỉ đạo, điều hành từ Cổng TTĐT tỉnh, đang chờ Ban biên tập duyệt.`
    : `Cổng ${portalName} vừa nhận ${entries.length} tin chỉ đạo, điều hành từ Cổng TTĐT tỉnh, đang chờ Ban biên tập duyệt.`;
  const lines = entries.map((e) => `${e.title}${e.issuer ? ` — ${e.issuer}` : ''} (ban hành ${formatVN(e.issuedAt)}; hạn đăng: ${formatVN(e.deadlineAt)})`);
  return { to, subject, ...render(intro, [{ heading: 'Tin chờ duyệt:', lines }], { label: 'Mở Hộp duyệt', url: inboxUrl }) };
}

/** To syndication administrators: failures for good, paused or unhealthy portals, deadlines at risk. */
export function adminMail(
  to: string[],
  what: { failures: FailureEntry[]; alerts: PortalAlertEntry[]; deadlines: DeadlineEntry[] },
  links: { failures: string; portals: string; overview: string }
): Mail {
  const { failures, alerts, deadlines } = what;
  const gone = alerts.filter((a) => a.kind === 'portal-gone');
  const unhealthy = alerts.filter((a) => a.kind === 'portal-unhealthy');
  const parts: string[] = [];
  if (failures.length) parts.push(`${failures.length} bản phân phối lỗi`);
  if (gone.length) parts.push(`${gone.length} cổng tạm dừng`);
  if (unhealthy.length) parts.push(`${unhealthy.length} cổng không ổn định`);
  if (deadlines.length) parts.push(`${deadlines.length} bản phân phối sắp quá hạn`);
  const subject = `${PREFIX} Cần xử lý: ${parts.join(', ')}`;
  const sections: { heading: string; lines: string[] }[] = [];
  if (failures.length) {
    sections.push({
      heading: 'Gửi thất bại, không tự thử lại nữa (cần kiểm tra và gửi lại):',
      lines: failures.map((f) => `${f.portalName} (${f.portal}): "${f.title}" — ${f.attempts} lần thử${f.lastHttpStatus ? `, HTTP ${f.lastHttpStatus}` : ''}${f.lastError ? `: ${f.lastError}` : ''}`),
    });
  }
  if (gone.length) {
    sections.push({ heading: 'Cổng tạm dừng nhận tin (trả lời 410 Gone):', lines: gone.map((a) => `${a.portalName} (${a.portal}) lúc ${formatVN(a.at)}: ${a.message}`) });
  }
  if (unhealthy.length) {
    sections.push({ heading: 'Cổng không nhận được tin trong thời gian dài:', lines: unhealthy.map((a) => `${a.portalName} (${a.portal}): ${a.message}`) });
  }
  if (deadlines.length) {
    sections.push({
      heading: 'Sắp quá hạn đăng tải (trong vòng một ngày làm việc):',
      lines: deadlines.map((d) => `${d.portalName} (${d.portal}): "${d.title}" — hạn ${formatVN(d.deadlineAt)}, hiện: ${d.status}`),
    });
  }
  const link = failures.length ? { label: 'Mở màn hình Lỗi gửi', url: links.failures } : alerts.length ? { label: 'Mở danh sách Cổng thành phần', url: links.portals } : { label: 'Mở Tổng quan', url: links.overview };
  return { to, subject, ...render('Hệ thống đồng bộ tin ghi nhận các việc cần quản trị viên xử lý:', sections, link) };
}

/** RFC 2047 for a UTF-8 header value. */
const encodeHeader = (v: string) => (/^[\x20-\x7e]*$/.test(v) ? v : `=?UTF-8?B?${Buffer.from(v, 'utf8').toString('base64')}?=`);
const base64Lines = (s: string) => Buffer.from(s, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');

/** The mail as an .eml file (RFC 5322, multipart/alternative), for the outbox folder used without SMTP. */
export function toEml(mail: Mail, from: string, date = new Date()): string {
  const boundary = `=_syn_${crypto.randomBytes(8).toString('hex')}`;
  return [
    `From: ${encodeHeader(from)}`,
    `To: ${mail.to.join(', ')}`,
    `Subject: ${encodeHeader(mail.subject)}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: <${crypto.randomUUID()}@syndication.bacninh.local>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(mail.text),
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(mail.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
