-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('open', 'on_hold', 'closed');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('pending', 'sent', 'failed', 'dead');

-- CreateEnum
CREATE TYPE "PartnerKind" AS ENUM ('ngo', 'unhcr', 'iom', 'state', 'legal_aid');

-- CreateTable
CREATE TABLE "DefinitionVersion" (
    "id" UUID NOT NULL,
    "definitionId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "program" TEXT NOT NULL,
    "country" TEXT,
    "contentHash" TEXT NOT NULL,
    "source" JSONB NOT NULL,
    "resolved" JSONB NOT NULL,
    "publishedBy" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DefinitionVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Case" (
    "id" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "program" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "definitionId" TEXT NOT NULL,
    "definitionVersion" INTEGER NOT NULL,
    "priority" TEXT NOT NULL,
    "status" "CaseStatus" NOT NULL DEFAULT 'open',
    "currentStep" TEXT,
    "currentVisit" INTEGER NOT NULL DEFAULT 0,
    "assignee" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3),
    "holdReason" TEXT,
    "closureReason" TEXT,
    "personalData" TEXT,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" UUID NOT NULL,
    "eventKey" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "step" TEXT,
    "visit" INTEGER,
    "outcome" TEXT,
    "actor" TEXT,
    "detail" JSONB,
    "occurredAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CaseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StepVisit" (
    "caseId" TEXT NOT NULL,
    "visit" INTEGER NOT NULL,
    "step" TEXT NOT NULL,
    "enteredAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3),
    "leftAt" TIMESTAMP(3),
    "outcome" TEXT,
    "actor" TEXT,

    CONSTRAINT "StepVisit_pkey" PRIMARY KEY ("caseId","visit")
);

-- CreateTable
CREATE TABLE "Staff" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "roles" TEXT[],
    "countries" TEXT[],
    "language" TEXT,
    "timeZone" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Staff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" UUID NOT NULL,
    "businessKey" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "caseId" TEXT,
    "kind" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Partner" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "PartnerKind" NOT NULL,
    "contactEmail" TEXT NOT NULL,
    "language" TEXT NOT NULL DEFAULT 'en',
    "webhookUrl" TEXT,
    "webhookSecrets" JSONB NOT NULL DEFAULT '[]',
    "sharingProfile" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Partner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CasePartner" (
    "caseId" TEXT NOT NULL,
    "partnerId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "consent" TEXT[],

    CONSTRAINT "CasePartner_pkey" PRIMARY KEY ("caseId","partnerId")
);

-- CreateTable
CREATE TABLE "PartnerEvent" (
    "id" UUID NOT NULL,
    "eventKey" TEXT NOT NULL,
    "partnerId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "body" JSONB NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "PartnerEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "principal" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "countries" TEXT[],
    "partnerId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "principal" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "caseId" TEXT,
    "detail" JSONB,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DefinitionVersion_definitionId_version_key" ON "DefinitionVersion"("definitionId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "DefinitionVersion_definitionId_contentHash_key" ON "DefinitionVersion"("definitionId", "contentHash");

-- CreateIndex
CREATE UNIQUE INDEX "Case_reference_key" ON "Case"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "Case_workflowId_key" ON "Case"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "Case_idempotencyKey_key" ON "Case"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Case_status_dueAt_idx" ON "Case"("status", "dueAt");

-- CreateIndex
CREATE INDEX "Case_program_country_status_dueAt_idx" ON "Case"("program", "country", "status", "dueAt");

-- CreateIndex
CREATE INDEX "Case_assignee_status_dueAt_idx" ON "Case"("assignee", "status", "dueAt");

-- CreateIndex
CREATE INDEX "Case_currentStep_status_idx" ON "Case"("currentStep", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CaseEvent_eventKey_key" ON "CaseEvent"("eventKey");

-- CreateIndex
CREATE INDEX "CaseEvent_caseId_occurredAt_idx" ON "CaseEvent"("caseId", "occurredAt");

-- CreateIndex
CREATE INDEX "CaseEvent_kind_occurredAt_idx" ON "CaseEvent"("kind", "occurredAt");

-- CreateIndex
CREATE INDEX "StepVisit_step_leftAt_idx" ON "StepVisit"("step", "leftAt");

-- CreateIndex
CREATE UNIQUE INDEX "Staff_email_key" ON "Staff"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Message_businessKey_key" ON "Message"("businessKey");

-- CreateIndex
CREATE UNIQUE INDEX "Message_messageId_key" ON "Message"("messageId");

-- CreateIndex
CREATE INDEX "Message_caseId_createdAt_idx" ON "Message"("caseId", "createdAt");

-- CreateIndex
CREATE INDEX "CasePartner_partnerId_idx" ON "CasePartner"("partnerId");

-- CreateIndex
CREATE UNIQUE INDEX "PartnerEvent_eventKey_key" ON "PartnerEvent"("eventKey");

-- CreateIndex
CREATE INDEX "PartnerEvent_status_idx" ON "PartnerEvent"("status");

-- CreateIndex
CREATE UNIQUE INDEX "PartnerEvent_partnerId_caseId_seq_key" ON "PartnerEvent"("partnerId", "caseId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE INDEX "AuditEntry_caseId_at_idx" ON "AuditEntry"("caseId", "at");

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StepVisit" ADD CONSTRAINT "StepVisit_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CasePartner" ADD CONSTRAINT "CasePartner_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CasePartner" ADD CONSTRAINT "CasePartner_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnerEvent" ADD CONSTRAINT "PartnerEvent_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

