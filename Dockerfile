# Parley proxy: `docker build -t parley .` then see compose.yaml and docs/deployment.md.

# --- build: compile the widget and the proxy, then keep only what runs ---
FROM node:22-bookworm-slim AS build
# better-sqlite3 compiles its native addon when no prebuilt binary fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

# --- run: Node, the built files and production dependencies, as a non-root user ---
FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/var/lib/parley
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/index.html ./
RUN mkdir -p /var/lib/parley && chown node:node /var/lib/parley
USER node
VOLUME ["/var/lib/parley"]
EXPOSE 8080
# Liveness: the process answers. (Readiness, /readyz, is for the load balancer.)
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM drains the event streams (SHUTDOWN_DRAIN_SECONDS) before exiting.
STOPSIGNAL SIGTERM
CMD ["node", "dist/server/cli/parley.js", "start"]
