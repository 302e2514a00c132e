import { simpleParser } from 'mailparser';
import { adminMail, formatVN, reviewMail, toEml } from '../../plugins/syndication/server/src/domain/mail';

const entry = (title: string) => ({ title, issuer: 'Chủ tịch UBND tỉnh', issuedAt: '2026-11-20T01:00:00.000Z', deadlineAt: '2026-11-24T01:00:00.000Z' });
const links = { failures: 'http://h/admin/plugins/syndication/failures', portals: 'http://h/p', overview: 'http://h/o' };

describe('mail texts', () => {
  it('formats dates as dd/MM/yyyy HH:mm in Vietnam time', () => {
    expect(formatVN('2026-11-20T17:30:00.000Z')).toBe('21/11/2026 00:30');
    expect(formatVN(null)).toBe('—');
  });

  it('names the item for one, counts them for a digest', () => {
    expect(reviewMail(['a@x.vn'], 'Xã Tam Sơn', [entry('Tin A')], 'http://h/inbox').subject).toContain('Tin chờ duyệt: Tin A — Xã Tam Sơn');
    const digest = reviewMail(['a@x.vn'], 'Xã Tam Sơn', [entry('Tin A'), entry('Tin B')], 'http://h/inbox');
    expect(digest.subject).toContain('2 tin chờ duyệt — Xã Tam Sơn');
    expect(digest.text).toContain('Tin B — Chủ tịch UBND tỉnh (ban hành 20/11/2026 08:00; hạn đăng: 24/11/2026 08:00)');
  });

  it('escapes HTML and cuts long lists', () => {
    const failures = Array.from({ length: 60 }, (_, i) => ({ portal: `P${i}`, portalName: 'Cổng <b>', title: `T${i}`, attempts: 3, lastHttpStatus: 500, lastError: null }));
    const mail = adminMail(['q@x.vn'], { failures, alerts: [], deadlines: [] }, links);
    expect(mail.subject).toContain('60 bản phân phối lỗi');
    expect(mail.html).toContain('Cổng &lt;b&gt;');
    expect(mail.text).toContain('… và 10 mục khác');
  });

  it('writes an .eml that a mail parser reads back, Vietnamese intact', async () => {
    const mail = reviewMail(['a@x.vn', 'b@x.vn'], 'Phường Đông Ngàn', [entry('Tin về phòng chống rét đậm')], 'http://h/inbox');
    const parsed = await simpleParser(toEml(mail, 'Cổng TTĐT tỉnh Bắc Ninh <no-reply@bacninh.gov.vn>'));
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.text?.trim()).toBe(mail.text.trim());
    expect(parsed.from?.text).toContain('Cổng TTĐT tỉnh Bắc Ninh');
  });
});
