# Bắc Ninh syndication hub: one image for the hub (`strapi start`) and the workers
# (`node scripts/worker.js`). Multi-stage: the build stage has the dev dependencies and
# compiles everything; the runtime stage has only production dependencies and runs as
# the unprivileged `node` user. No secret is needed or present at build time: every
# secret is read from the environment when a container starts (README, "Production").
# CI runs this file's build-stage commands outside Docker: scripts/check-docker-build.js.

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NODE_ENV=production STRAPI_TELEMETRY_DISABLED=true
COPY package.json package-lock.json ./
RUN npm ci --include=dev --no-audit --no-fund
COPY . .
RUN npm run build
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=1337 STRAPI_TELEMETRY_DISABLED=true
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/plugins/syndication/package.json ./plugins/syndication/package.json
COPY --from=build --chown=node:node /app/plugins/syndication/admin ./plugins/syndication/admin
COPY --from=build --chown=node:node /app/plugins/syndication/dist ./plugins/syndication/dist
COPY --from=build --chown=node:node /app/database ./database
COPY --from=build --chown=node:node /app/public ./public
COPY --from=build --chown=node:node /app/scripts ./scripts
RUN mkdir -p /app/.tmp /app/public/uploads && chown -R node:node /app/.tmp /app/public/uploads
USER node
EXPOSE 1337
# Ready = database, Redis and the queue answer (GET /_ready); /_health is liveness only.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||1337)+'/_ready').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# Strapi handles SIGTERM itself (graceful shutdown); run with `init: true` / `--init` for zombie reaping.
CMD ["node", "node_modules/@strapi/strapi/bin/strapi.js", "start"]
