-- CreateIndex
CREATE INDEX "Delegation_status_createdAt_id_idx" ON "Delegation"("status", "createdAt", "id");
