-- A visit's step kind, so that the API can list a case's full history from the projection (the
-- workflow keeps only its most recent visits). Null for visits projected before.

-- AlterTable
ALTER TABLE "StepVisit" ADD COLUMN "kind" TEXT;
