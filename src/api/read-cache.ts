import type { FastifyReply } from 'fastify';
import { uncachedFeed, type ChangeFeed } from '../db/change-feed.js';
import { VersionedCache } from '../db/versioned-cache.js';

/**
 * The tables each cached read depends on, as the change feed names them (the triggers send the
 * table's name). A read is answered from memory until one of its tables changes.
 */
export const READ_TABLES = {
  candidates: ['CandidateSnapshot'],
  roundList: ['Round', 'RoundSelection'],
  round: ['Round', 'RoundSelection', 'RoundBatch', 'CandidateSnapshot'],
  delegationView: ['Delegation', 'DelegationEvent', 'RoundSelection'],
} as const satisfies Record<string, readonly string[]>;

/** A JSON answer as sent, and the cursor of its next page (the `Link` header is the request's own). */
export interface CachedPage {
  json: string;
  nextCursor: string | null;
}

/**
 * A route's answers kept while the tables they were read from have not changed. Without a feed
 * (unit tests, a process without the database's notifications) nothing is kept.
 */
export function readCache<V>(feed: ChangeFeed | undefined, tables: readonly string[], maxEntries: number) {
  return new VersionedCache<V>(feed ?? uncachedFeed, tables, maxEntries);
}

/**
 * The JSON text the route's response schema makes of `value` (the serializer Fastify would have
 * run on it), to be kept and sent as is by `sendJson`: the bytes stay the ones sent before.
 * Call it while the reply's status is still 200.
 */
export function serialized(reply: FastifyReply, value: unknown): string {
  return reply.serialize(value) as string;
}

/** Sends JSON text without serializing it again (Fastify sends a string as is under a JSON type). */
export function sendJson(reply: FastifyReply, json: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json);
}
