/**
 * Admin panel customisation: the panel offers Vietnamese and starts in it. Strapi 5.54 picks
 * the language from localStorage (`strapi-admin-language`, else English) and then from the
 * user's own preferred language after login, so a first visit is set to Vietnamese here and
 * a user who chose English in their profile keeps it.
 */
const LANGUAGE_KEY = 'strapi-admin-language';

export default {
  config: {
    locales: ['vi'],
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
