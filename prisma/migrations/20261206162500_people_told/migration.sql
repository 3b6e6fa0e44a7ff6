-- The people of a case as told to its workflow: a revision per change, and since when a change
-- has not been told (Temporal was unreachable), for the next action or the API's sweep to tell.

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "peopleRevision" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "peopleUntoldSince" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Case_peopleUntoldSince_idx" ON "Case"("peopleUntoldSince");
