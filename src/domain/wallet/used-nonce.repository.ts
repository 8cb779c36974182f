/** The record of nonces already accepted (written with the change each one authorised). */
export interface UsedNonceRepository {
  /** Deletes at most `limit` nonces recorded before `cutoff`; returns how many it deleted. */
  deleteRecordedBefore(cutoff: Date, limit: number): Promise<number>;
}
