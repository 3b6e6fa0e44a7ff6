-- List filters at 1,000,000 cases (issue 12 item 6): each equality filter walks an index in the list order (due date or opening time, then id). Plans in bench/RESULTS.md.

-- DropIndex
DROP INDEX "Case_assignee_status_dueAt_idx";

-- DropIndex
DROP INDEX "Case_currentStep_status_idx";

-- DropIndex
DROP INDEX "Case_program_country_status_dueAt_idx";

-- DropIndex
DROP INDEX "CasePartner_partnerId_idx";

-- CreateIndex
CREATE INDEX "Case_assignee_dueAt_id_idx" ON "Case"("assignee", "dueAt", "id");

-- CreateIndex
CREATE INDEX "Case_country_status_dueAt_id_idx" ON "Case"("country", "status", "dueAt", "id");

-- CreateIndex
CREATE INDEX "Case_country_dueAt_id_idx" ON "Case"("country", "dueAt", "id");

-- CreateIndex
CREATE INDEX "Case_country_openedAt_id_idx" ON "Case"("country", "openedAt", "id");

-- CreateIndex
CREATE INDEX "Case_currentStep_dueAt_id_idx" ON "Case"("currentStep", "dueAt", "id");

-- CreateIndex
CREATE INDEX "Case_status_definitionId_definitionVersion_idx" ON "Case"("status", "definitionId", "definitionVersion");

-- CreateIndex
CREATE INDEX "CasePartner_partnerId_caseId_idx" ON "CasePartner"("partnerId", "caseId");
