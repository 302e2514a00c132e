export default ({ env }) => ({
  syndication: {
    enabled: true,
    resolve: './plugins/syndication',
    // Every option and its default: plugins/syndication/server/src/config/index.ts
    config: {},
  },
});
