-- CreateTable
CREATE TABLE "StakingCollective" (
    "id" BIGSERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "creator" TEXT NOT NULL,
    "depositAny" BOOLEAN NOT NULL,
    "depositAccounts" TEXT[],
    "depositRoles" TEXT[],
    "ownerAccounts" TEXT[],
    "ownerRoles" TEXT[],
    "claimStart" BIGINT NOT NULL,
    "claimPeriod" INTEGER NOT NULL,
    "claimEnd" BIGINT NOT NULL,
    "voteQuorum" TEXT NOT NULL,
    "votePeriod" INTEGER NOT NULL,
    "voteEnactment" INTEGER NOT NULL,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'inactive',
    "bondingDeadline" BIGINT NOT NULL,
    "reachedMinimumAt" TIMESTAMP(3),
    "lastDistro" BIGINT,
    "removedAt" TIMESTAMP(3),
    "removedReason" TEXT,
    "account" TEXT,
    "accountIndex" INTEGER NOT NULL,
    "accountBatchId" BIGINT,
    "accountError" TEXT,
    "endowment" BIGINT NOT NULL DEFAULT 0,
    "endowed" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StakingCollective_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CollectivePool" (
    "collectiveId" BIGINT NOT NULL,
    "position" INTEGER NOT NULL,
    "poolName" TEXT NOT NULL,
    "share" TEXT NOT NULL,

    CONSTRAINT "CollectivePool_pkey" PRIMARY KEY ("collectiveId","position")
);

-- CreateTable
CREATE TABLE "CollectiveContributor" (
    "id" BIGSERIAL NOT NULL,
    "collectiveId" BIGINT NOT NULL,
    "address" TEXT NOT NULL,
    "locking" BIGINT NOT NULL DEFAULT 0,
    "donation" TEXT NOT NULL DEFAULT '0',
    "donationLock" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL,
    "endedReason" TEXT,
    "endedAt" TIMESTAMP(3),
    "joinedAt" TIMESTAMP(3) NOT NULL,
    "previousPayee" JSONB,

    CONSTRAINT "CollectiveContributor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CollectiveBond" (
    "contributorId" BIGINT NOT NULL,
    "denom" TEXT NOT NULL,
    "amount" DECIMAL(39,0) NOT NULL,

    CONSTRAINT "CollectiveBond_pkey" PRIMARY KEY ("contributorId","denom")
);

-- CreateTable
CREATE TABLE "CollectiveBreach" (
    "id" BIGSERIAL NOT NULL,
    "collectiveId" BIGINT NOT NULL,
    "address" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "blockNumber" INTEGER,
    "blockHash" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CollectiveBreach_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CollectivePayeeChange" (
    "id" BIGSERIAL NOT NULL,
    "collectiveId" BIGINT NOT NULL,
    "stash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payee" JSONB,
    "status" TEXT NOT NULL,
    "batchId" BIGINT,
    "itemIndex" INTEGER,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CollectivePayeeChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CollectiveReward" (
    "id" BIGSERIAL NOT NULL,
    "collectiveId" BIGINT NOT NULL,
    "stash" TEXT NOT NULL,
    "era" INTEGER,
    "denom" TEXT NOT NULL,
    "amount" DECIMAL(39,0) NOT NULL,
    "returned" DECIMAL(39,0) NOT NULL,
    "donation" DECIMAL(39,0) NOT NULL,
    "forPools" DECIMAL(39,0) NOT NULL,
    "blockNumber" INTEGER NOT NULL,
    "blockHash" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "bookedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CollectiveReward_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CollectiveDistribution" (
    "id" BIGSERIAL NOT NULL,
    "collectiveId" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" BIGINT NOT NULL,
    "amounts" JSONB NOT NULL,

    CONSTRAINT "CollectiveDistribution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CollectiveTransfer" (
    "id" BIGSERIAL NOT NULL,
    "collectiveId" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "poolName" TEXT,
    "denom" TEXT NOT NULL,
    "assetId" BIGINT,
    "amount" DECIMAL(39,0) NOT NULL,
    "status" TEXT NOT NULL,
    "batchId" BIGINT,
    "itemIndex" INTEGER,
    "error" TEXT,
    "distributionId" BIGINT,
    "proposalId" BIGINT,
    "rewardId" BIGINT,
    "retryOf" BIGINT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CollectiveTransfer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CollectiveBook" (
    "collectiveId" BIGINT NOT NULL,
    "denom" TEXT NOT NULL,
    "chainBalance" DECIMAL(39,0) NOT NULL,
    "expected" DECIMAL(39,0) NOT NULL,
    "difference" DECIMAL(39,0) NOT NULL,
    "blockNumber" INTEGER NOT NULL,
    "blockHash" TEXT NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CollectiveBook_pkey" PRIMARY KEY ("collectiveId","denom")
);

-- CreateIndex
CREATE UNIQUE INDEX "StakingCollective_name_key" ON "StakingCollective"("name");

-- CreateIndex
CREATE UNIQUE INDEX "StakingCollective_account_key" ON "StakingCollective"("account");

-- CreateIndex
CREATE INDEX "CollectiveContributor_address_status_idx" ON "CollectiveContributor"("address", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CollectiveContributor_collectiveId_address_key" ON "CollectiveContributor"("collectiveId", "address");

-- CreateIndex
CREATE INDEX "CollectiveBreach_collectiveId_idx" ON "CollectiveBreach"("collectiveId");

-- CreateIndex
CREATE INDEX "CollectivePayeeChange_status_idx" ON "CollectivePayeeChange"("status");

-- CreateIndex
CREATE INDEX "CollectivePayeeChange_batchId_idx" ON "CollectivePayeeChange"("batchId");

-- CreateIndex
CREATE INDEX "CollectiveReward_collectiveId_denom_idx" ON "CollectiveReward"("collectiveId", "denom");

-- CreateIndex
CREATE UNIQUE INDEX "CollectiveReward_blockHash_eventKey_key" ON "CollectiveReward"("blockHash", "eventKey");

-- CreateIndex
CREATE INDEX "CollectiveDistribution_collectiveId_idx" ON "CollectiveDistribution"("collectiveId");

-- CreateIndex
CREATE UNIQUE INDEX "CollectiveTransfer_retryOf_key" ON "CollectiveTransfer"("retryOf");

-- CreateIndex
CREATE INDEX "CollectiveTransfer_status_idx" ON "CollectiveTransfer"("status");

-- CreateIndex
CREATE INDEX "CollectiveTransfer_collectiveId_kind_idx" ON "CollectiveTransfer"("collectiveId", "kind");

-- CreateIndex
CREATE INDEX "CollectiveTransfer_batchId_idx" ON "CollectiveTransfer"("batchId");

-- AddForeignKey
ALTER TABLE "CollectivePool" ADD CONSTRAINT "CollectivePool_collectiveId_fkey" FOREIGN KEY ("collectiveId") REFERENCES "StakingCollective"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CollectiveContributor" ADD CONSTRAINT "CollectiveContributor_collectiveId_fkey" FOREIGN KEY ("collectiveId") REFERENCES "StakingCollective"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CollectiveBond" ADD CONSTRAINT "CollectiveBond_contributorId_fkey" FOREIGN KEY ("contributorId") REFERENCES "CollectiveContributor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CollectiveBreach" ADD CONSTRAINT "CollectiveBreach_collectiveId_fkey" FOREIGN KEY ("collectiveId") REFERENCES "StakingCollective"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CollectivePayeeChange" ADD CONSTRAINT "CollectivePayeeChange_collectiveId_fkey" FOREIGN KEY ("collectiveId") REFERENCES "StakingCollective"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CollectiveReward" ADD CONSTRAINT "CollectiveReward_collectiveId_fkey" FOREIGN KEY ("collectiveId") REFERENCES "StakingCollective"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CollectiveDistribution" ADD CONSTRAINT "CollectiveDistribution_collectiveId_fkey" FOREIGN KEY ("collectiveId") REFERENCES "StakingCollective"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CollectiveTransfer" ADD CONSTRAINT "CollectiveTransfer_collectiveId_fkey" FOREIGN KEY ("collectiveId") REFERENCES "StakingCollective"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CollectiveBook" ADD CONSTRAINT "CollectiveBook_collectiveId_fkey" FOREIGN KEY ("collectiveId") REFERENCES "StakingCollective"("id") ON DELETE CASCADE ON UPDATE CASCADE;
