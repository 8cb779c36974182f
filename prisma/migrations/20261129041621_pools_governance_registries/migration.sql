-- CreateTable
CREATE TABLE "Token" (
    "denom" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "assetId" BIGINT,
    "decimals" INTEGER NOT NULL,
    "rate" TEXT NOT NULL,
    "staking" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Token_pkey" PRIMARY KEY ("denom")
);

-- CreateTable
CREATE TABLE "Role" (
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Role_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "RoleMember" (
    "roleName" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoleMember_pkey" PRIMARY KEY ("roleName","address")
);

-- CreateTable
CREATE TABLE "NetworkProperties" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "minCollectiveBond" TEXT NOT NULL,
    "minCollectiveBondingTime" INTEGER NOT NULL,
    "maxCollectiveOutputs" INTEGER NOT NULL,
    "minCollectiveClaimPeriod" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NetworkProperties_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Proposal" (
    "id" BIGSERIAL NOT NULL,
    "scope" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "proposer" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "quorum" TEXT NOT NULL,
    "votePeriod" INTEGER NOT NULL,
    "voteEnactment" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "votingEndsAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),
    "enactAt" TIMESTAMP(3),
    "enactedAt" TIMESTAMP(3),
    "eligible" TEXT[],
    "yes" INTEGER NOT NULL DEFAULT 0,
    "no" INTEGER NOT NULL DEFAULT 0,
    "abstain" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Proposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProposalVote" (
    "proposalId" BIGINT NOT NULL,
    "voter" TEXT NOT NULL,
    "vote" TEXT NOT NULL,
    "votedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProposalVote_pkey" PRIMARY KEY ("proposalId","voter")
);

-- CreateTable
CREATE TABLE "OperatorBatch" (
    "id" BIGSERIAL NOT NULL,
    "purpose" TEXT NOT NULL,
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

    CONSTRAINT "OperatorBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SpendingPool" (
    "id" BIGSERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "creator" TEXT NOT NULL,
    "ownerAccounts" TEXT[],
    "ownerRoles" TEXT[],
    "claimStart" BIGINT NOT NULL,
    "claimEnd" BIGINT NOT NULL,
    "claimExpire" BIGINT NOT NULL,
    "voteQuorum" TEXT NOT NULL,
    "votePeriod" INTEGER NOT NULL,
    "voteEnactment" INTEGER NOT NULL,
    "dynamicRate" BOOLEAN NOT NULL,
    "dynamicRatePeriod" INTEGER,
    "account" TEXT,
    "accountIndex" INTEGER NOT NULL,
    "accountBatchId" BIGINT,
    "accountError" TEXT,
    "endowment" BIGINT NOT NULL DEFAULT 0,
    "endowed" BOOLEAN NOT NULL DEFAULT false,
    "ratedPeriod" INTEGER NOT NULL DEFAULT -1,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SpendingPool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PoolBeneficiary" (
    "poolId" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "weight" TEXT NOT NULL,

    CONSTRAINT "PoolBeneficiary_pkey" PRIMARY KEY ("poolId","kind","name")
);

-- CreateTable
CREATE TABLE "PoolTokenRate" (
    "poolId" BIGINT NOT NULL,
    "denom" TEXT NOT NULL,
    "rate" TEXT NOT NULL,

    CONSTRAINT "PoolTokenRate_pkey" PRIMARY KEY ("poolId","denom")
);

-- CreateTable
CREATE TABLE "PoolPeriodRate" (
    "poolId" BIGINT NOT NULL,
    "periodIndex" INTEGER NOT NULL,
    "denom" TEXT NOT NULL,
    "deposits" DECIMAL(39,0) NOT NULL,
    "totalWeight" TEXT NOT NULL,
    "rate" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PoolPeriodRate_pkey" PRIMARY KEY ("poolId","periodIndex","denom")
);

-- CreateTable
CREATE TABLE "PoolRegistration" (
    "poolId" BIGINT NOT NULL,
    "address" TEXT NOT NULL,
    "registeredAt" TIMESTAMP(3) NOT NULL,
    "lastClaimAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PoolRegistration_pkey" PRIMARY KEY ("poolId","address")
);

-- CreateTable
CREATE TABLE "PoolDeposit" (
    "id" BIGSERIAL NOT NULL,
    "poolId" BIGINT NOT NULL,
    "denom" TEXT,
    "assetId" BIGINT,
    "amount" DECIMAL(39,0) NOT NULL,
    "from" TEXT,
    "blockNumber" INTEGER NOT NULL,
    "blockHash" TEXT NOT NULL,
    "eventIndex" INTEGER NOT NULL,
    "periodIndex" INTEGER,
    "bookedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PoolDeposit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PoolPayoutLine" (
    "id" BIGSERIAL NOT NULL,
    "poolId" BIGINT NOT NULL,
    "address" TEXT NOT NULL,
    "denom" TEXT NOT NULL,
    "amount" DECIMAL(39,0) NOT NULL,
    "kind" TEXT NOT NULL,
    "accruedFrom" TIMESTAMP(3),
    "accruedTo" TIMESTAMP(3),
    "proposalId" BIGINT,
    "status" TEXT NOT NULL,
    "transferId" BIGINT,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PoolPayoutLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PoolTransfer" (
    "id" BIGSERIAL NOT NULL,
    "poolId" BIGINT NOT NULL,
    "batchId" BIGINT NOT NULL,
    "itemIndex" INTEGER NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'pay',
    "address" TEXT NOT NULL,
    "denom" TEXT NOT NULL,
    "assetId" BIGINT,
    "amount" DECIMAL(39,0) NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PoolTransfer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PoolBook" (
    "poolId" BIGINT NOT NULL,
    "denom" TEXT NOT NULL,
    "chainBalance" DECIMAL(39,0) NOT NULL,
    "expected" DECIMAL(39,0) NOT NULL,
    "difference" DECIMAL(39,0) NOT NULL,
    "blockNumber" INTEGER NOT NULL,
    "blockHash" TEXT NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PoolBook_pkey" PRIMARY KEY ("poolId","denom")
);

-- CreateIndex
CREATE UNIQUE INDEX "Token_assetId_key" ON "Token"("assetId");

-- CreateIndex
CREATE INDEX "RoleMember_address_idx" ON "RoleMember"("address");

-- CreateIndex
CREATE INDEX "Proposal_scope_subject_id_idx" ON "Proposal"("scope", "subject", "id");

-- CreateIndex
CREATE INDEX "Proposal_status_votingEndsAt_idx" ON "Proposal"("status", "votingEndsAt");

-- CreateIndex
CREATE INDEX "Proposal_status_enactAt_idx" ON "Proposal"("status", "enactAt");

-- CreateIndex
CREATE INDEX "OperatorBatch_purpose_status_idx" ON "OperatorBatch"("purpose", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SpendingPool_name_key" ON "SpendingPool"("name");

-- CreateIndex
CREATE UNIQUE INDEX "SpendingPool_account_key" ON "SpendingPool"("account");

-- CreateIndex
CREATE INDEX "PoolRegistration_address_idx" ON "PoolRegistration"("address");

-- CreateIndex
CREATE INDEX "PoolDeposit_poolId_denom_periodIndex_idx" ON "PoolDeposit"("poolId", "denom", "periodIndex");

-- CreateIndex
CREATE UNIQUE INDEX "PoolDeposit_blockHash_eventIndex_key" ON "PoolDeposit"("blockHash", "eventIndex");

-- CreateIndex
CREATE INDEX "PoolPayoutLine_poolId_status_idx" ON "PoolPayoutLine"("poolId", "status");

-- CreateIndex
CREATE INDEX "PoolPayoutLine_status_poolId_address_denom_idx" ON "PoolPayoutLine"("status", "poolId", "address", "denom");

-- CreateIndex
CREATE INDEX "PoolTransfer_poolId_idx" ON "PoolTransfer"("poolId");

-- CreateIndex
CREATE UNIQUE INDEX "PoolTransfer_batchId_itemIndex_key" ON "PoolTransfer"("batchId", "itemIndex");

-- AddForeignKey
ALTER TABLE "RoleMember" ADD CONSTRAINT "RoleMember_roleName_fkey" FOREIGN KEY ("roleName") REFERENCES "Role"("name") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProposalVote" ADD CONSTRAINT "ProposalVote_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PoolBeneficiary" ADD CONSTRAINT "PoolBeneficiary_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "SpendingPool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PoolTokenRate" ADD CONSTRAINT "PoolTokenRate_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "SpendingPool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PoolPeriodRate" ADD CONSTRAINT "PoolPeriodRate_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "SpendingPool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PoolRegistration" ADD CONSTRAINT "PoolRegistration_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "SpendingPool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PoolDeposit" ADD CONSTRAINT "PoolDeposit_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "SpendingPool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PoolPayoutLine" ADD CONSTRAINT "PoolPayoutLine_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "SpendingPool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PoolPayoutLine" ADD CONSTRAINT "PoolPayoutLine_transferId_fkey" FOREIGN KEY ("transferId") REFERENCES "PoolTransfer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PoolTransfer" ADD CONSTRAINT "PoolTransfer_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "SpendingPool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PoolBook" ADD CONSTRAINT "PoolBook_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "SpendingPool"("id") ON DELETE CASCADE ON UPDATE CASCADE;
