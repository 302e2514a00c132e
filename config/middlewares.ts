import { bodyParseError, JSON_LIMIT } from '../src/config-helpers/body';

export default [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  {
    name: 'strapi::body',
    config: {
      // includeUnparsed: portal callbacks are verified against the exact bytes that were signed,
      // and the syndication routes re-read them for duplicate and __proto__ keys (policies/).
      includeUnparsed: true,
      // Request-size limits (BODY_JSON_LIMIT): an item with its body is far below 2 MB;
      // media go through the upload plugin's own limit.
      jsonLimit: JSON_LIMIT,
      formLimit: JSON_LIMIT,
      textLimit: JSON_LIMIT,
      onError: bodyParseError,
    },
  },
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
