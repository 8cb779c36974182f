-- AlterTable
ALTER TABLE "Round" ADD COLUMN     "commitBlockNumber" INTEGER,
ADD COLUMN     "seedBlockHash" TEXT,
ADD COLUMN     "seedBlockNumber" INTEGER;

-- CreateTable
CREATE TABLE "SignerFence" (
    "account" TEXT NOT NULL,
    "token" BIGINT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SignerFence_pkey" PRIMARY KEY ("account")
);
