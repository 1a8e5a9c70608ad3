# syntax=docker/dockerfile:1
# Build stage: npm ci (which compiles src to dist/ through the prepare script; native better-sqlite3
# is compiled here too), then drop dev dependencies (TypeScript, tsx, esbuild, vitest…).
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm ci --no-audit --no-fund && npm run build && npm prune --omit=dev

# Runtime stage: compiled JavaScript on plain node, production dependencies only, non-root.
FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 GATEWAY_STORE=sqlite:/data/gateway.db
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/dist ./dist
COPY config ./config
COPY bin ./bin
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# NODE_ENV=production and HOST=0.0.0.0: the development key and token are refused, so set
# GATEWAY_API_KEYS(_FILE) and INVOICERA_TOKENS(_FILE).
# --max-semi-space-size: as package.json's start:prod (docs/operations.md#memory); a test keeps them equal.
CMD ["node", "--max-semi-space-size=64", "dist/main.js"]
