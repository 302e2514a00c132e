/**
 * Admin panel customisation: the panel offers Vietnamese and starts in it. Strapi 5.54 picks
 * the language from localStorage (`strapi-admin-language`, else English) and then from the
 * user's own preferred language after login, so a first visit is set to Vietnamese here and
 * a user who chose English in their profile keeps it.
 */
const LANGUAGE_KEY = 'strapi-admin-language';

/** Strings the editor sees while publishing that Strapi 5.54's Vietnamese translation lacks. */
const VI_MISSING = {
  'content-manager.containers.edit.title.new': 'Tạo mới',
  'content-manager.containers.edit.panels.default.title': 'Thao tác',
  'content-manager.preview.panel.button': 'Mở xem trước',
  'content-manager.success.record.publish': 'Đã xuất bản',
  'components.Blocks.blocks.bulletList': 'Danh sách gạch đầu dòng',
  'components.Blocks.blocks.numberList': 'Danh sách đánh số',
  'upload.mediaLibraryInput.placeholder': 'Bấm để chọn tệp trong thư viện hoặc kéo thả tệp vào đây',
};

export default {
  config: {
    locales: ['vi'],
    translations: { vi: VI_MISSING },
  },
  register() {
    try {
      if (!window.localStorage.getItem(LANGUAGE_KEY)) window.localStorage.setItem(LANGUAGE_KEY, 'vi');
    } catch {
      /* storage disabled: Strapi falls back to English */
    }
  },
  bootstrap() {},
};
