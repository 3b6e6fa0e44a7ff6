#!/usr/bin/env bash
# `npm run db:migration -- NAME`: writes prisma/migrations/<timestamp>_NAME/migration.sql with
# the SQL that takes the committed migrations to prisma/schema.prisma (Prisma replays them into
# a temporary shadow database on DATABASE_URL's server), then regenerates the client.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: npm run db:migration -- <name_in_snake_case>}
sql=$(npx prisma migrate diff --from-migrations prisma/migrations --to-schema-datamodel prisma/schema.prisma --script 2>/dev/null)
if ! grep -q '^[A-Z]' <<<"$(grep -v '^--' <<<"$sql")"; then echo "schema.prisma and the migrations agree: nothing to write"; exit 0; fi
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
mkdir -p "$dir"
printf '%s\n' "$sql" > "$dir/migration.sql"
npx prisma generate >/dev/null 2>&1
echo "wrote $dir/migration.sql"
