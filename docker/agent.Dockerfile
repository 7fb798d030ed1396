# syntax=docker/dockerfile:1.7
# The agent image: `tet-agent` with only its own dependencies (no backend, chain or database code).
# Build from the repository root:
#   docker build -f docker/agent.Dockerfile -t tet-avatars/agent:0.1.0 .
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# 1. Build the agent and the packages it imports (schemas, firmware bridge).
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
RUN npx tsc -b agent

# 2. Only the agent workspace's production dependencies (serialport's prebuilt binding included).
FROM ${NODE_IMAGE} AS prod
WORKDIR /src
RUN npm install --global npm@11.19.1
COPY package.json package-lock.json ./
COPY schemas/package.json schemas/
COPY firmware-bridge/package.json firmware-bridge/
COPY agent/package.json agent/
COPY contracts/package.json contracts/
COPY backend/package.json backend/
COPY test/package.json test/
RUN npm ci --omit=dev --workspace agent --include-workspace-root=false

# 3. Runtime.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production TET_AGENT_CONFIG=/etc/tet-agent/tet-agent.toml
WORKDIR /app
COPY --from=prod /src/package.json ./
COPY --from=prod /src/node_modules/ node_modules/
COPY --from=build /src/schemas/package.json schemas/
COPY --from=build /src/schemas/dist/ schemas/dist/
COPY --from=build /src/firmware-bridge/package.json firmware-bridge/
COPY --from=build /src/firmware-bridge/dist/ firmware-bridge/dist/
COPY --from=build /src/agent/package.json agent/
COPY --from=build /src/agent/bin/ agent/bin/
COPY --from=build /src/agent/dist/ agent/dist/
RUN mkdir -p /var/lib/tet-agent /etc/tet-agent && chown node:node /var/lib/tet-agent
# Unprivileged (uid 1000); the key, config and genesis are mounted read-only in /etc/tet-agent,
# the outbox and status live in the /var/lib/tet-agent volume (set `data` there in the config).
USER node
VOLUME ["/var/lib/tet-agent"]
# The flags of bin/tet-agent.js's shebang: a small young generation, interpreter only.
ENTRYPOINT ["node", "--max-semi-space-size=1", "--lite-mode", "--no-expose-wasm", "--no-node-snapshot", "agent/bin/tet-agent.js"]
CMD ["run"]
