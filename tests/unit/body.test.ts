/** The body format: Markdown from the admin form and HTML from the API, to the safe HTML portals get. */
import { absoluteUrl, activeContent, markdownToHtml, renderBody, sanitiseBody } from '../../plugins/syndication/server/src/domain/body';

const opts = { publicBase: 'https://hub.bacninh.gov.vn', localOrigins: ['http://localhost:1337'] };
const md = (text: string) => markdownToHtml(text, opts).trim();

describe('Markdown body → safe HTML', () => {
  it.each([
    ['heading', '## Chỉ đạo', '<h2>Chỉ đạo</h2>'],
    ['bold', '**Đậm**', '<p><strong>Đậm</strong></p>'],
    ['italic', '_nghiêng_ và *nghiêng*', '<p><em>nghiêng</em> và <em>nghiêng</em></p>'],
    ['bullet list', '- một\n- hai', '<ul>\n<li>một</li>\n<li>hai</li>\n</ul>'],
    ['numbered list', '1. một\n2. hai', '<ol>\n<li>một</li>\n<li>hai</li>\n</ol>'],
    ['link', '[Cổng tỉnh](https://bacninh.gov.vn)', '<p><a href="https://bacninh.gov.vn">Cổng tỉnh</a></p>'],
    ['link on the hub', '[Tệp](/uploads/qd.pdf)', '<p><a href="https://hub.bacninh.gov.vn/uploads/qd.pdf">Tệp</a></p>'],
    [
      'table',
      '| Đơn vị | Hạn |\n|---|---|\n| Sở Y tế | 2 ngày |',
      '<table>\n<thead>\n<tr>\n<th>Đơn vị</th>\n<th>Hạn</th>\n</tr>\n</thead>\n<tbody><tr>\n<td>Sở Y tế</td>\n<td>2 ngày</td>\n</tr>\n</tbody></table>',
    ],
    ['quote', '> Trích dẫn', '<blockquote>\n<p>Trích dẫn</p>\n</blockquote>'],
    ['image from the media library (relative)', '![Lũ ở Bắc Ninh](/uploads/lu.jpg)', '<p><img src="https://hub.bacninh.gov.vn/uploads/lu.jpg" alt="Lũ ở Bắc Ninh" /></p>'],
    ['image from the admin address', '![Ảnh](http://localhost:1337/uploads/a.png)', '<p><img src="https://hub.bacninh.gov.vn/uploads/a.png" alt="Ảnh" /></p>'],
    ['image elsewhere', '![x](https://cdn.example.vn/a.png)', '<p><img src="https://cdn.example.vn/a.png" alt="x" /></p>'],
    ['line break inside a paragraph', 'Dòng một\nDòng hai', '<p>Dòng một<br />Dòng hai</p>'],
    ['two paragraphs', '**Đậm** và _nghiêng_\n\nĐoạn thứ hai.', '<p><strong>Đậm</strong> và <em>nghiêng</em></p>\n<p>Đoạn thứ hai.</p>'],
    ['escaped newlines from the editor', 'Một\\n\\nHai', '<p>Một</p>\n<p>Hai</p>'],
    ['Vietnamese text in NFD', 'Tiếng Việt'.normalize('NFD'), '<p>Tiếng Việt</p>'],
    ['script removed', 'Chữ <script>alert(1)</script>', '<p>Chữ </p>'],
    ['event handler removed', '<img src="/uploads/a.png" onerror="alert(1)">', '<img src="https://hub.bacninh.gov.vn/uploads/a.png" alt="" />'],
    ['javascript: link neutralised', '[bấm](javascript:alert(1))', '<p><a>bấm</a></p>'],
  ])('%s', (_name, input, expected) => {
    const out = md(input);
    expect(out).toBe(expected);
    expect(out).toBe(out.normalize('NFC'));
  });
});

describe('renderBody', () => {
  const legacy = '<p>Nội dung chỉ đạo <strong>khẩn</strong>.</p><script>alert(1)</script>\n**not markdown**';
  it('keeps HTML bodies exactly as before (only sanitised)', () => {
    expect(renderBody(legacy, 'html', opts)).toBe(sanitiseBody(legacy));
    expect(renderBody(legacy, 'html', opts)).toBe('<p>Nội dung chỉ đạo <strong>khẩn</strong>.</p>\n**not markdown**');
  });
  it('treats a body without a format (written before formats existed) as HTML', () => {
    expect(renderBody(legacy, null, opts)).toBe(sanitiseBody(legacy));
    expect(renderBody(legacy, undefined, opts)).toBe(sanitiseBody(legacy));
  });
  it('renders Markdown bodies', () => expect(renderBody('**a**', 'markdown', opts).trim()).toBe('<p><strong>a</strong></p>'));
  it('renders an empty body as empty', () => {
    expect(renderBody(null, 'markdown', opts)).toBe('');
    expect(renderBody(null, 'html', opts)).toBe('');
  });
});

describe('absoluteUrl', () => {
  it.each([
    ['/uploads/a.png', 'https://hub.bacninh.gov.vn/uploads/a.png'],
    ['http://localhost:1337/uploads/a.png', 'https://hub.bacninh.gov.vn/uploads/a.png'],
    ['http://localhost:13370/x', 'http://localhost:13370/x'],
    ['https://other.vn/a.png', 'https://other.vn/a.png'],
    ['//cdn.vn/a.png', '//cdn.vn/a.png'],
    ['#muc-1', '#muc-1'],
  ])('%s → %s', (input, expected) => expect(absoluteUrl(input, opts)).toBe(expected));
});

describe('activeContent: what is refused rather than sanitised', () => {
  it.each([
    ['a script element', '<p>a</p><script>alert(1)</script>', ['<script>']],
    ['an event handler', '<img src="x.jpg" onerror="alert(1)">', ['onerror="…"']],
    ['a javascript: link hidden by an entity', '<a href="jav&#x61;script:alert(1)">x</a>', ['javascript:']],
    ['a javascript: link split by a tab', '<a href="java\tscript:alert(1)">x</a>', ['javascript:']],
    ['a vbscript: link', '<a href="VBScript:msgbox">y</a>', ['vbscript:']],
    ['a data: document', '<a href="data:text/html,<b>x</b>">x</a>', ['data:']],
    ['a frame', '<iframe src="https://evil.example/"></iframe>', ['<iframe>']],
    ['an SVG with a script link', '<svg><a xlink:href="javascript:1"></a></svg>', ['<svg>', 'javascript:']],
    ['several at once', '<p onclick="x()">a</p><object data="x.swf"></object>', ['onclick="…"', '<object>']],
  ])('finds %s', (_label, html, expected) => {
    expect(activeContent(html)).toEqual(expected);
  });

  it.each([
    ['ordinary article HTML', '<h2>Tiêu đề</h2><p>Nội dung <a href="https://bacninh.gov.vn">liên kết</a></p><table><tr><td>1</td></tr></table>'],
    ['what Word pastes (classes, spans, o:p, hiding styles: sanitised, not refused)', '<p class="MsoNormal" style="position:fixed"><span lang="VI">Văn bản</span><o:p></o:p></p>'],
    ['an inline data: image', '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">'],
    ['a mailto: link', '<a href="mailto:vanphong@bacninh.gov.vn">Văn phòng</a>'],
  ])('accepts %s', (_label, html) => {
    expect(activeContent(html)).toEqual([]);
  });

  it('checks Markdown as the HTML it becomes', () => {
    expect(activeContent('[bấm vào đây](javascript:alert(1))', 'markdown')).toEqual(['javascript:']);
    expect(activeContent('Đoạn văn\n\n<script>alert(1)</script>', 'markdown')).toEqual(['<script>']);
    expect(activeContent('Văn bản **đậm** và [liên kết](https://bacninh.gov.vn)', 'markdown')).toEqual([]);
  });
});
