/**
 * Vietnamese labels and short hints for every field the Content Manager shows of this
 * plugin's content types. Seeded into the Content Manager's view configuration
 * (services/content-manager-layout.ts) without overwriting what an administrator changed.
 * `editable: false` makes a field read-only in the form; `visible: false` hides it.
 */
import { UID } from '../constants';

export interface FieldLabel {
  label: string;
  description?: string;
  placeholder?: string;
  editable?: boolean;
  visible?: boolean;
}

export const FIELD_LABELS: Record<string, Record<string, FieldLabel>> = {
  [UID.item]: {
    title: { label: 'Tiêu đề', description: 'Tiêu đề tin như các cổng sẽ đăng' },
    slug: { label: 'Đường dẫn (slug)', description: 'Tạo tự động từ tiêu đề nếu để trống' },
    summary: { label: 'Tóm tắt', description: 'Một, hai câu giới thiệu nội dung chính' },
    body: { label: 'Nội dung', description: 'Định dạng bằng thanh công cụ; ảnh chèn từ thư viện được gửi kèm địa chỉ đầy đủ' },
    bodyFormat: { label: 'Định dạng nội dung', description: 'markdown (soạn trong biểu mẫu) hoặc html (gửi qua API)', visible: false },
    category: { label: 'Chuyên mục (Quyết định 96)', description: 'Chuyên mục theo Điều 8 Quyết định 96/QĐ-UBND' },
    kind: { label: 'Loại thông tin chỉ đạo, điều hành', description: 'Bắt buộc với chuyên mục 8.1.c' },
    issuer: { label: 'Người/cơ quan ban hành', description: 'Ví dụ: Chủ tịch UBND tỉnh' },
    issuerPortal: { label: 'Cổng của cơ quan ban hành', description: 'Mã cổng (để trống nếu là UBND tỉnh)' },
    documentForm: { label: 'Hình thức văn bản', description: 'Ví dụ: Quyết định, Chỉ thị, Công văn' },
    documentNumber: { label: 'Số, ký hiệu văn bản', description: 'Ví dụ: 123/UBND-NN' },
    issuedAt: { label: 'Thời điểm ban hành', description: 'Giờ Việt Nam (GMT+7); hạn đăng tính từ thời điểm này' },
    effectiveAt: { label: 'Ngày hiệu lực', description: 'Ngày/tháng/năm' },
    documentUrl: { label: 'Đường dẫn tải văn bản', description: 'Nếu không đính kèm tệp văn bản' },
    commentDeadline: { label: 'Hạn góp ý', description: 'Với dự thảo lấy ý kiến (8.1.h)' },
    contact: { label: 'Thông tin liên hệ', description: 'Nơi nhận góp ý, điện thoại, email' },
    project: { label: 'Thông tin dự án', description: 'Với tin dự án, đầu tư, đấu thầu (8.1.g)' },
    attachments: { label: 'Tệp đính kèm', description: 'Gửi kèm kích thước, loại tệp và mã SHA-256' },
    cover: { label: 'Ảnh đại diện', description: 'Nhớ nhập mô tả ảnh (văn bản thay thế) trong thư viện' },
    targets: { label: 'Gửi tới', description: 'Các cổng thành phần sẽ nhận tin' },
    version: { label: 'Phiên bản', description: 'Hệ thống tự tăng mỗi lần nội dung thay đổi', editable: false },
    credit: { label: 'Dòng ghi nguồn', description: 'Bắt buộc theo Điều 6.1, 12.1.a Quyết định 96', editable: false },
    sourceUrl: { label: 'Đường dẫn tin gốc', description: 'Để trống để dùng địa chỉ tin trên Cổng tỉnh' },
  },
  [UID.portal]: {
    code: { label: 'Mã cổng', description: 'Mã đơn vị hành chính hoặc mã sở ngành', editable: false },
    name: { label: 'Tên cổng' },
    tier: { label: 'Cấp', description: 'UBND tỉnh, sở ngành hoặc xã phường' },
    communeType: { label: 'Loại đơn vị', description: 'xã hoặc phường' },
    endpoint: { label: 'Địa chỉ nhận tin', description: 'URL https của cổng nhận tin' },
    adapter: { label: 'Kiểu kết nối' },
    secret: { label: 'Khoá ký', description: 'Chỉ ghi; không hiển thị lại', visible: false },
    publishMode: { label: 'Chế độ đăng', description: 'live: đăng ngay; review: Ban Biên tập duyệt trước' },
    contactEmail: { label: 'Email liên hệ' },
    active: { label: 'Đang hoạt động' },
    sectionMap: { label: 'Chuyên mục tương ứng', description: 'Mã chuyên mục → chuyên mục trên cổng' },
    editors: { label: 'Biên tập viên duyệt tin', description: 'Email các tài khoản quản trị duyệt tin cho cổng này' },
    pausedReason: { label: 'Lý do tạm dừng', editable: false },
    pausedAt: { label: 'Tạm dừng lúc', editable: false },
    failingSince: { label: 'Lỗi từ lúc', editable: false },
    lastSuccessAt: { label: 'Gửi thành công gần nhất', editable: false },
    healthy: { label: 'Hoạt động tốt', editable: false },
    seededFrom: { label: 'Nguồn danh sách', editable: false },
  },
  [UID.categoryRule]: {
    code: { label: 'Mã chuyên mục', editable: false },
    name: { label: 'Tên chuyên mục' },
    nameEn: { label: 'Tên tiếng Anh' },
    article: { label: 'Điều khoản' },
    tiers: { label: 'Các cấp phải có', description: 'province, department, commune' },
    deadlineDays: { label: 'Hạn cập nhật (ngày làm việc)', description: 'Theo từng cấp; để trống nếu không có hạn' },
    trigger: { label: 'Tính hạn từ' },
    note: { label: 'Ghi chú' },
  },
};
