-- A partner's list walks its own index (issue 12 item 6): the link carries the case's list keys
-- (due date, opening time), copied from the case row now and written with it from then on.

-- AlterTable
ALTER TABLE "CasePartner" ADD COLUMN "caseDueAt" TIMESTAMP(3),
ADD COLUMN "caseOpenedAt" TIMESTAMP(3);

-- Backfill from the case rows
UPDATE "CasePartner" cp SET "caseDueAt" = c."dueAt", "caseOpenedAt" = c."openedAt"
FROM "Case" c WHERE c."id" = cp."caseId";

ALTER TABLE "CasePartner" ALTER COLUMN "caseOpenedAt" SET NOT NULL;

-- DropIndex
DROP INDEX "CasePartner_partnerId_caseId_idx";

-- CreateIndex
CREATE INDEX "CasePartner_partnerId_caseDueAt_caseId_idx" ON "CasePartner"("partnerId", "caseDueAt", "caseId");

-- CreateIndex
CREATE INDEX "CasePartner_partnerId_caseOpenedAt_caseId_idx" ON "CasePartner"("partnerId", "caseOpenedAt", "caseId");
