-- AlterTable
ALTER TABLE "PoolTransfer" ADD COLUMN     "assetId" BIGINT;
