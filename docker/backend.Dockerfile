# syntax=docker/dockerfile:1.7
# The backend image: `tet-backend serve` (ENTRYPOINT) and `tet`. Build from the repository root:
#   docker build -f docker/backend.Dockerfile -t tet-avatars/backend:0.1.0 .
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# 1. Build: every workspace's dependencies (native ones compiled or fetched as prebuilt), then tsc.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
RUN npm install --global npm@11.19.1
COPY package.json package-lock.json tsconfig.base.json tsconfig.build.json ./
COPY schemas/package.json schemas/
COPY firmware-bridge/package.json firmware-bridge/
COPY agent/package.json agent/
COPY contracts/package.json contracts/
COPY backend/package.json backend/
COPY test/package.json test/
RUN npm ci --ignore-scripts
COPY schemas/ schemas/
COPY firmware-bridge/ firmware-bridge/
COPY agent/ agent/
COPY contracts/ contracts/
COPY backend/ backend/
# Install scripts run now that sources are present: better-sqlite3 and sodium-native prebuilds,
# the Anvil binary's platform package, esbuild for the web script.
RUN npm rebuild && npm run build

# 2. Production dependencies only (npm ci --omit=dev), with the same native builds.
FROM build AS prod
RUN npm prune --omit=dev && rm -rf test agent/src backend/src contracts/src schemas/src firmware-bridge/src

# 3. Runtime: Node, the compiled workspaces and their production dependencies; no compilers, no npm cache.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production TET_DATA=/data TET_HTTP_PORT=8080
WORKDIR /app
COPY --from=prod /src/package.json ./
COPY --from=prod /src/node_modules/ node_modules/
COPY --from=prod /src/schemas/ schemas/
COPY --from=prod /src/firmware-bridge/ firmware-bridge/
COPY --from=prod /src/agent/ agent/
COPY --from=prod /src/contracts/ contracts/
COPY --from=prod /src/backend/ backend/
# Named volumes mounted here start with this ownership: data, deployment (compose), Anvil state,
# the broker's TLS files and CRL.
RUN mkdir -p /data /deploy /chain /certs && chown node:node /data /deploy /chain /certs
# The image's unprivileged user (uid 1000); the data directory is its only writable place.
USER node
VOLUME ["/data"]
EXPOSE 8080 1883 8083
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.TET_HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "backend/bin/tet-backend.js"]
CMD ["serve"]
