-- CreateTable
CREATE TABLE "IntakeSource" (
    "id" TEXT NOT NULL,
    "mapping" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "countries" TEXT[],
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IntakeSource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IntakeSubmission" (
    "id" UUID NOT NULL,
    "sourceId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "formId" TEXT,
    "status" TEXT NOT NULL,
    "caseId" TEXT,
    "payload" TEXT,
    "stepData" TEXT,
    "problems" JSONB,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IntakeSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "IntakeSubmission_sourceId_status_receivedAt_idx" ON "IntakeSubmission"("sourceId", "status", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "IntakeSubmission_sourceId_key_key" ON "IntakeSubmission"("sourceId", "key");

-- AddForeignKey
ALTER TABLE "IntakeSubmission" ADD CONSTRAINT "IntakeSubmission_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "IntakeSource"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
