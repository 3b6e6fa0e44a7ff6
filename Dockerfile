# The Pathways image (API and worker). Each container applies the committed migrations at
# start (prisma migrate deploy takes an advisory lock, so two starting together is safe).
FROM node:20.18.0-bookworm-slim
WORKDIR /app
ENV PATHWAYS_SKIP_TOOLS=1 NODE_ENV=production
# Two malloc arenas instead of eight per core: the worker's Core threads otherwise keep ~60 MiB
# of freed native memory resident (bench/RESULTS.md); `npm run worker` sets the same.
ENV MALLOC_ARENA_MAX=2
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/install-tools.mjs ./scripts/install-tools.mjs
# npm install, not npm ci: npm 11 leaves other platforms' optional packages out of the lockfile, which npm ci refuses.
RUN npm install --include=dev --no-audit --no-fund && npm cache clean --force
COPY . .
# The worker runs compiled JavaScript (dist/): tsx's compiler and caches cost it ~45 MiB (bench/RESULTS.md).
RUN npm run build
ENTRYPOINT ["/bin/sh", "-c", "npx prisma migrate deploy && exec \"$0\" \"$@\""]
