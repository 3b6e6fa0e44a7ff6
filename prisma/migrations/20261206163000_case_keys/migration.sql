-- Crypto-shredding (issue 16): a data key per case, wrapped with the keyring, erasure requests
-- waiting for a second person, the moment a case was erased, and a person's sealed data erasable.

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "erasedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "CasePerson" ALTER COLUMN "personalData" DROP NOT NULL;

-- CreateTable
CREATE TABLE "CaseKey" (
    "caseId" TEXT NOT NULL,
    "wrappedKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "shreddedAt" TIMESTAMP(3),

    CONSTRAINT "CaseKey_pkey" PRIMARY KEY ("caseId")
);

-- CreateTable
CREATE TABLE "ErasureRequest" (
    "caseId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ErasureRequest_pkey" PRIMARY KEY ("caseId")
);
