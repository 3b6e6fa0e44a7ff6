-- The unfiltered case list sorts by due date (or opening time) then id: index both orders.
CREATE INDEX "Case_dueAt_id_idx" ON "Case"("dueAt", "id");
CREATE INDEX "Case_openedAt_id_idx" ON "Case"("openedAt", "id");
