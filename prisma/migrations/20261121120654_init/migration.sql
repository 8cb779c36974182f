-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "DelegationStatus" AS ENUM ('pending', 'active', 'opted_out', 'revoked', 'manual');

-- CreateEnum
CREATE TYPE "RoundStatus" AS ENUM ('planning', 'planned', 'sending', 'completed', 'skipped');

-- CreateEnum
CREATE TYPE "SelectionStatus" AS ENUM ('planned', 'sent', 'succeeded', 'failed', 'dry_run', 'cancelled');

-- CreateEnum
CREATE TYPE "BatchStatus" AS ENUM ('planned', 'signed', 'included');

-- CreateTable
CREATE TABLE "Delegation" (
    "id" UUID NOT NULL,
    "stash" TEXT NOT NULL,
    "status" "DelegationStatus" NOT NULL,
    "statusReason" TEXT NOT NULL,
    "statusSince" TIMESTAMP(3) NOT NULL,
    "targets" TEXT[],
    "drawnInEra" INTEGER,
    "nominatedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Delegation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DelegationEvent" (
    "id" BIGSERIAL NOT NULL,
    "delegationId" UUID NOT NULL,
    "fromStatus" "DelegationStatus",
    "toStatus" "DelegationStatus" NOT NULL,
    "reason" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DelegationEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsedNonce" (
    "address" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsedNonce_pkey" PRIMARY KEY ("address","nonce")
);

-- CreateTable
CREATE TABLE "CandidateSnapshot" (
    "id" BIGSERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "fetchedAt" TIMESTAMP(3) NOT NULL,
    "activeEra" INTEGER NOT NULL,
    "atBlockHash" TEXT NOT NULL,
    "atBlockNumber" INTEGER NOT NULL,
    "commissionCap" INTEGER NOT NULL,
    "evaluations" JSONB NOT NULL,
    "rejected" JSONB NOT NULL,
    "eligibleCount" INTEGER NOT NULL,

    CONSTRAINT "CandidateSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Round" (
    "id" BIGSERIAL NOT NULL,
    "trigger" TEXT NOT NULL,
    "eraKey" INTEGER,
    "dryRun" BOOLEAN NOT NULL,
    "status" "RoundStatus" NOT NULL,
    "activeEra" INTEGER,
    "seed" TEXT,
    "snapshotId" BIGINT,
    "targetsPerDelegator" INTEGER NOT NULL,
    "rotationEras" INTEGER NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "plannedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Round_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoundSelection" (
    "id" BIGSERIAL NOT NULL,
    "roundId" BIGINT NOT NULL,
    "delegationId" UUID NOT NULL,
    "stash" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT,
    "keptTargets" TEXT[],
    "drawnTargets" TEXT[],
    "targets" TEXT[],
    "batchIndex" INTEGER,
    "status" "SelectionStatus" NOT NULL,
    "error" TEXT,
    "extrinsicHash" TEXT,
    "blockHash" TEXT,
    "blockNumber" INTEGER,

    CONSTRAINT "RoundSelection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoundBatch" (
    "id" BIGSERIAL NOT NULL,
    "roundId" BIGINT NOT NULL,
    "index" INTEGER NOT NULL,
    "status" "BatchStatus" NOT NULL,
    "itemCount" INTEGER NOT NULL,
    "nonce" INTEGER,
    "extrinsicHash" TEXT,
    "signedHex" TEXT,
    "signedAtHash" TEXT,
    "signedAtNumber" INTEGER,
    "mortalPeriod" INTEGER,
    "blockHash" TEXT,
    "blockNumber" INTEGER,
    "extrinsicIndex" INTEGER,
    "fee" DECIMAL(39,0),
    "error" TEXT,

    CONSTRAINT "RoundBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceState" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServiceState_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Delegation_stash_key" ON "Delegation"("stash");

-- CreateIndex
CREATE INDEX "Delegation_status_idx" ON "Delegation"("status");

-- CreateIndex
CREATE INDEX "DelegationEvent_delegationId_id_idx" ON "DelegationEvent"("delegationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Round_eraKey_key" ON "Round"("eraKey");

-- CreateIndex
CREATE INDEX "RoundSelection_delegationId_idx" ON "RoundSelection"("delegationId");

-- CreateIndex
CREATE INDEX "RoundSelection_roundId_batchIndex_idx" ON "RoundSelection"("roundId", "batchIndex");

-- CreateIndex
CREATE UNIQUE INDEX "RoundSelection_roundId_delegationId_key" ON "RoundSelection"("roundId", "delegationId");

-- CreateIndex
CREATE UNIQUE INDEX "RoundBatch_roundId_index_key" ON "RoundBatch"("roundId", "index");

-- AddForeignKey
ALTER TABLE "DelegationEvent" ADD CONSTRAINT "DelegationEvent_delegationId_fkey" FOREIGN KEY ("delegationId") REFERENCES "Delegation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Round" ADD CONSTRAINT "Round_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "CandidateSnapshot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundSelection" ADD CONSTRAINT "RoundSelection_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundSelection" ADD CONSTRAINT "RoundSelection_delegationId_fkey" FOREIGN KEY ("delegationId") REFERENCES "Delegation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundBatch" ADD CONSTRAINT "RoundBatch_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
