-- The people of a case (issue 13, case composition): dependants with their relationship to the
-- principal applicant, personal data sealed by the application.

-- CreateTable
CREATE TABLE "CasePerson" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "relationship" TEXT NOT NULL,
    "personalData" TEXT NOT NULL,
    "addedBy" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removedBy" TEXT,
    "removedAt" TIMESTAMP(3),

    CONSTRAINT "CasePerson_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CasePerson_caseId_idx" ON "CasePerson"("caseId");

-- AddForeignKey
ALTER TABLE "CasePerson" ADD CONSTRAINT "CasePerson_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
