# The Pathways image (API and worker). Migrations run from the API container at start
# via `npm run db:deploy` in the entrypoint below.
FROM node:20.18.0-bookworm-slim
WORKDIR /app
ENV PATHWAYS_SKIP_TOOLS=1 NODE_ENV=production
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/install-tools.mjs ./scripts/install-tools.mjs
# npm install, not npm ci: npm 11 leaves other platforms' optional packages out of the lockfile, which npm ci refuses.
RUN npm install --include=dev --no-audit --no-fund && npm cache clean --force
COPY . .
ENTRYPOINT ["/bin/sh", "-c", "npx prisma migrate deploy && exec \"$0\" \"$@\""]
