-- Partner events keep the order in which the case moved, and their personal fields are sealed.
ALTER TABLE "PartnerEvent" ADD COLUMN "caseSequence" INTEGER,
ADD COLUMN "sealedPersonal" TEXT;

-- The Case row records the workflow revision it projects so that a case action can wait for its own write.
ALTER TABLE "Case" ADD COLUMN "revision" INTEGER NOT NULL DEFAULT 0;

-- Times in partner emails are shown in the time zone of the partner.
ALTER TABLE "Partner" ADD COLUMN "timeZone" TEXT;

-- No personal data in plaintext at rest, SQL cannot seal (the keys live in the application), so
-- plaintext written before this migration is removed. Events pending at upgrade go without their
-- personal fields, a case on hold gets its (sealed) hold reason back at its next transition, and
-- the API reads the live reason from the workflow meanwhile.
UPDATE "PartnerEvent" SET "body" = "body" - 'personal' WHERE ("body" -> 'personal') IS NOT NULL;
UPDATE "Case" SET "holdReason" = NULL WHERE "holdReason" IS NOT NULL;
