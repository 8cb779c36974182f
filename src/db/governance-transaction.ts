import type { Transaction } from '../domain/governance/proposal.repository.js';
import type { Prisma } from './generated/client.js';

/**
 * The governance port's opaque transaction is a Prisma interactive transaction: a subject whose
 * state lives in the same PostgreSQL (pools, collectives) writes its enactment through it, so
 * that the change commits with the proposal's `enacted` status.
 */
export const asTransaction = (tx: Prisma.TransactionClient): Transaction => tx as unknown as Transaction;

export const prismaTransaction = (tx: Transaction): Prisma.TransactionClient =>
  tx as unknown as Prisma.TransactionClient;
