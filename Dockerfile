# syntax=docker/dockerfile:1
# NDeST: API and workers in one image. `docker compose up` runs them as separate services;
# `docker run` without a command runs both in one process (src/main/all.ts).
ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: Prisma's would download engines the service never uses (the client runs on
# the pg driver adapter and migrations on the schema engine's WebAssembly build).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
COPY src ./src
COPY web ./web
# The web app is built here (Vite is a dev dependency) and served from web/dist at `/`.
RUN node --import tsx scripts/prisma-generate.ts \
  && npx vite build --config web/vite.config.ts --logLevel warn \
  && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# Owned by root, run as `node`: the service cannot rewrite its own code.
COPY --from=build /app /app
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health/live`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--import", "tsx", "src/main/all.ts"]
