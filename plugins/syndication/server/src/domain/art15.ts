/**
 * The report template of Decision 96, Art. 15 and its appendix ("Mẫu báo cáo kết quả
 * cung cấp thông tin trên Cổng TTĐT"): the rows of table 1 exactly as the appendix
 * numbers and words them. Bullet lines (no number in the template) have row "".
 *
 * The hub can count only row 14 — the provincial leaders' direction and administration
 * items and provincial policies re-posted on a component portal — from its delivery
 * records. Every other row stays present and empty for the portal to fill.
 */
export interface TemplateRow {
  row: string;
  label: string;
  /** Filled from the hub's records. */
  computed?: boolean;
}

export const ART15_TITLE = 'Báo cáo kết quả cung cấp thông tin trên Cổng TTĐT';
export const ART15_TABLE_1 = '1. Kết quả cung cấp thông tin';
export const ART15_TABLE_2 = '2. Công tác tiếp nhận, trả lời trên chuyên mục Hỏi – Đáp';
export const ART15_SECTION_3 = '3. Kiến nghị, đề xuất';
export const ART15_HEADINGS = { row: 'STT', label: 'Nội dung thông tin', updated: 'Thời gian cập nhật', onTime: 'Đúng hạn', late: 'Quá hạn', total: 'Số lượng', note: 'Ghi chú' };
export const ART15_TABLE_2_HEADINGS = ['STT', 'Tên cơ quan, đơn vị tiếp nhận PAKN', 'Tổng số PAKN đã tiếp nhận', 'Số PAKN đã trả lời: Đúng hạn', 'Số PAKN đã trả lời: Quá hạn', 'Số PAKN chưa trả lời: Chưa đến hạn', 'Số PAKN chưa trả lời: Đã quá hạn'];

/** Categories whose deliveries to a component portal make up row 14: direction and administration (8.1.c) and provincial policies (8.1.d). */
export const ROW_14_CATEGORIES = ['8.1.c', '8.1.d'];

export const ART15_ROWS: TemplateRow[] = [
  { row: '1', label: 'Thông tin giới thiệu về cơ quan, đơn vị' },
  { row: '1.1', label: 'Thông tin giới thiệu chung' },
  { row: '', label: '- Sơ đồ, cơ cấu tổ chức, chức năng nhiệm vụ, quyền hạn (áp dụng với Cổng TTĐT các Sở, ngành)' },
  { row: '', label: '- Tóm lược quá trình hình thành và phát triển (áp dụng với Cổng TTĐT các Sở, ngành)' },
  { row: '', label: '- Bản đồ địa giới hành chính đến cấp phường, xã (áp dụng với Cổng TTĐT tỉnh, Cổng TTĐT cấp huyện, xã)' },
  { row: '', label: '- Điều kiện tự nhiên, lịch sử, truyền thống văn hóa, di tích, danh thắng (áp dụng với Cổng TTĐT tỉnh, Cổng TTĐT cấp huyện, xã)' },
  { row: '1.2', label: 'Thông tin về tiểu sử tóm tắt và nhiệm vụ đảm nhiệm của lãnh đạo cơ quan' },
  { row: '1.3', label: 'Thông tin liên hệ của cán bộ, công chức có thẩm quyền: họ tên, chức vụ, đơn vị công tác, số điện thoại/fax, địa chỉ thư điện tử' },
  { row: '1.4', label: 'Thông tin giao dịch của Cổng TTĐT: Địa chỉ, điện thoại, số fax, địa chỉ hòm thư điện tử để giao dịch với tổ chức, cá nhân' },
  { row: '2', label: 'Tin tức, sự kiện: các tin, bài về hoạt động, các vấn đề liên quan thuộc phạm vi quản lý nhà nước của cơ quan, đơn vị' },
  { row: '3', label: 'Thông tin chỉ đạo, điều hành' },
  { row: '3.1', label: 'Ý kiến chỉ đạo, điều hành của thủ trưởng cơ quan đã được thống nhất và chính thức ban hành bằng Văn bản' },
  { row: '3.2', label: 'Ý kiến xử lý, phản hồi đối với các kiến nghị, yêu cầu của tổ chức, cá nhân' },
  { row: '3.3', label: 'Thông tin khen thưởng, xử phạt đối với cá nhân, tổ chức, doanh nghiệp trong lĩnh vực quản lý' },
  { row: '3.4', label: 'Lịch làm việc của lãnh đạo cơ quan' },
  { row: '4', label: 'Thông tin tuyên truyền, phổ biến, hướng dẫn thực hiện pháp luật, chế độ, chính sách' },
  { row: '5', label: 'Thông tin chiến lược, định hướng, quy hoạch, kế hoạch phát triển' },
  { row: '5.1', label: 'Thông tin về chiến lược quy hoạch, kế hoạch phát triển ngành, lĩnh vực (áp dụng với Cổng TTĐT các Sở, ngành)' },
  { row: '5.2', label: 'Thông tin quy hoạch, kế hoạch phát triển kinh tế - xã hội (áp dụng với Cổng TTĐT tỉnh, Cổng TTĐT cấp huyện, xã)' },
  { row: '', label: '- Chính sách ưu đãi, cơ hội đầu tư, các dự án mời gọi vốn đầu tư' },
  { row: '', label: '- Quy hoạch xây dựng, quy hoạch đô thị; quy hoạch, kế hoạch sử dụng đất;' },
  { row: '', label: '- Quy hoạch, kế hoạch và hoạt động khai thác tài nguyên thiên nhiên;' },
  {
    row: '',
    label:
      '- Quy hoạch thu gom, tái chế, xử lý chất thải; danh sách, thông tin về các nguồn thải, các loại chất thải có nguy cơ gây hại tới sức khỏe con người và môi trường; khu vực môi trường bị ô nhiễm, suy thoái ở mức nghiêm trọng và đặc biệt nghiêm trọng, khu vực có nguy cơ xảy ra sự cố môi trường.',
  },
  { row: '6', label: 'Hệ thống văn bản quy phạm pháp luật chuyên ngành và văn bản quản lý hành chính có liên quan' },
  { row: '7', label: 'Thông tin về dự án, hạng mục đầu tư, đấu thầu, mua sắm công' },
  { row: '8', label: 'Đăng tải danh sách văn bản quy phạm pháp luật, chủ trương chính sách cần xin ý kiến' },
  { row: '9', label: 'Công báo điện tử (áp dụng với Cổng TTĐT tỉnh)' },
  { row: '10', label: 'Thông tin về chương trình, đề tài khoa học (áp dụng với Cổng TTĐT tỉnh)' },
  { row: '11', label: 'Thông tin, báo cáo thống kê (áp dụng với Cổng TTĐT tỉnh)' },
  { row: '12', label: 'Thông tin tiếng nước ngoài (áp dụng với Cổng TTĐT tỉnh)' },
  { row: '13', label: 'Tích hợp Cổng thông tin dịch vụ công của tỉnh' },
  {
    row: '14',
    label: 'Tin, bài về hoạt động chỉ đạo điều hành của lãnh đạo tỉnh, chế độ, chính sách của tỉnh trên Cổng TTĐT tỉnh được đăng tải lại trên Cổng TTĐT thành phần (áp dụng với Cổng TTĐT thành phần)',
    computed: true,
  },
];

export interface Counts {
  total: number;
  onTime: number;
  late: number;
  /** Not live yet and not yet due: neither on time nor late so far. */
  open: number;
}

export interface ReportRow {
  row: string;
  label: string;
  total: number | null;
  onTime: number | null;
  late: number | null;
  open?: number;
  note: string | null;
}

export const ROW_14_NOTE = 'Hệ thống đồng bộ tính từ hồ sơ phân phối / Computed by the syndication hub from its delivery records';

/** The template filled with row 14's counts (null for a portal the row does not apply to). */
export function fillTemplate(row14: Counts | null): ReportRow[] {
  return ART15_ROWS.map((t) => {
    if (t.computed && row14) {
      const note = row14.open ? `${ROW_14_NOTE}; ${row14.open} tin chưa đến hạn / not yet due` : ROW_14_NOTE;
      return { row: t.row, label: t.label, total: row14.total, onTime: row14.onTime, late: row14.late, open: row14.open, note };
    }
    return { row: t.row, label: t.label, total: null, onTime: null, late: null, note: null };
  });
}

export const emptyCounts = (): Counts => ({ total: 0, onTime: 0, late: 0, open: 0 });
export const addCounts = (a: Counts, b: Counts): Counts => ({ total: a.total + b.total, onTime: a.onTime + b.onTime, late: a.late + b.late, open: a.open + b.open });

/** dd/mm/yyyy, as Vietnamese reports write dates. */
export const vnDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
