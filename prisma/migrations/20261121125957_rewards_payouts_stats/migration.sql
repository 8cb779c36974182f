-- CreateEnum
CREATE TYPE "PayoutStatus" AS ENUM ('due', 'batched', 'sent', 'paid', 'claimed_by_other', 'failed', 'expired');

-- CreateTable
CREATE TABLE "ChainEventRecord" (
    "id" BIGSERIAL NOT NULL,
    "blockNumber" INTEGER NOT NULL,
    "blockHash" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "extrinsicIndex" INTEGER,
    "extrinsicHash" TEXT,
    "signer" TEXT,
    "amount" DECIMAL(39,0),
    "era" INTEGER,
    "validator" TEXT,
    "detail" JSONB NOT NULL,
    "indexedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChainEventRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Payout" (
    "era" INTEGER NOT NULL,
    "validator" TEXT NOT NULL,
    "page" INTEGER NOT NULL,
    "status" "PayoutStatus" NOT NULL,
    "batchId" BIGINT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "stashes" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Payout_pkey" PRIMARY KEY ("era","validator","page")
);

-- CreateTable
CREATE TABLE "PayoutEraScan" (
    "era" INTEGER NOT NULL,
    "scannedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PayoutEraScan_pkey" PRIMARY KEY ("era")
);

-- CreateTable
CREATE TABLE "PayoutBatch" (
    "id" BIGSERIAL NOT NULL,
    "era" INTEGER NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PayoutBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EraStat" (
    "era" INTEGER NOT NULL,
    "delegatorsActive" INTEGER NOT NULL,
    "delegatorsPending" INTEGER NOT NULL,
    "stake" DECIMAL(39,0) NOT NULL,
    "nominated" TEXT[],
    "elected" TEXT[],
    "entered" TEXT[],
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EraStat_pkey" PRIMARY KEY ("era")
);

-- CreateIndex
CREATE INDEX "ChainEventRecord_account_kind_era_idx" ON "ChainEventRecord"("account", "kind", "era");

-- CreateIndex
CREATE UNIQUE INDEX "ChainEventRecord_blockNumber_key_key" ON "ChainEventRecord"("blockNumber", "key");

-- CreateIndex
CREATE INDEX "Payout_status_era_idx" ON "Payout"("status", "era");

-- CreateIndex
CREATE INDEX "PayoutBatch_status_idx" ON "PayoutBatch"("status");

-- CreateIndex
CREATE INDEX "PayoutBatch_era_idx" ON "PayoutBatch"("era");

-- AddForeignKey
ALTER TABLE "Payout" ADD CONSTRAINT "Payout_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "PayoutBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;
