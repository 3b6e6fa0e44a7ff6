-- The messages a case owes (emails, partner updates), written with the transition that owes them
-- and delivered by the worker's relay: no activity, no workflow task per message.

-- CreateTable
CREATE TABLE "OwedMessage" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "owedAt" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) DEFAULT CURRENT_TIMESTAMP,
    "leasedUntil" TIMESTAMPTZ(3),
    "doneAt" TIMESTAMPTZ(3),
    "outcome" TEXT,
    "lastError" TEXT,

    CONSTRAINT "OwedMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OwedMessage_key_key" ON "OwedMessage"("key");

-- CreateIndex
CREATE INDEX "OwedMessage_nextAttemptAt_idx" ON "OwedMessage"("nextAttemptAt");

-- CreateIndex
CREATE INDEX "OwedMessage_caseId_id_idx" ON "OwedMessage"("caseId", "id");

-- AddForeignKey
ALTER TABLE "OwedMessage" ADD CONSTRAINT "OwedMessage_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
