-- AlterTable
ALTER TABLE "PoolTransfer" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'pay';
