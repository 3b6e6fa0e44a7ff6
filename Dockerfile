# The Pathways image (API and worker). Migrations run from the API container at start
# via `npm run db:deploy` in the entrypoint below.
FROM node:20.18.0-bookworm-slim
WORKDIR /app
ENV PATHWAYS_SKIP_TOOLS=1 NODE_ENV=production
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/install-tools.mjs ./scripts/install-tools.mjs
RUN npm ci --include=dev && npm cache clean --force
COPY . .
ENTRYPOINT ["/bin/sh", "-c", "npx prisma migrate deploy && exec \"$0\" \"$@\""]
