-- AlterTable
ALTER TABLE "CandidateSnapshot" ADD COLUMN     "confirmedAt" TIMESTAMP(3),
ADD COLUMN     "holdReason" TEXT;

-- CreateIndex
CREATE INDEX "UsedNonce_createdAt_idx" ON "UsedNonce"("createdAt");
