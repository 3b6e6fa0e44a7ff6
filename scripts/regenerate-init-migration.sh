#!/usr/bin/env bash
# Until the first release, the schema has one migration: regenerate it from schema.prisma.
# After a release, use `npx prisma migrate dev --name <change>` for additive migrations.
set -euo pipefail
cd "$(dirname "$0")/.."
out=prisma/migrations/20261122000000_init/migration.sql
npx prisma migrate diff --from-empty --to-schema-datamodel prisma/schema.prisma --script > "$out.tmp" 2>/dev/null
mv "$out.tmp" "$out"
npx prisma generate >/dev/null 2>&1
echo "regenerated $out and the client"
