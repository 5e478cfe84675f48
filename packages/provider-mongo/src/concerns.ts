/**
 * The read and write concerns the provider passes on each call, whatever the client's
 * defaults. On a replica set they keep handlers from acting on an event that a failover
 * rolls back; a standalone server (and FerretDB) accepts them and behaves as usual.
 */
export const CONCERNS = {
  /** Every write: acknowledged once a majority of the replica set has it (journaled). */
  write: { writeConcern: { w: 'majority' } },
  /** Reads that hand events or bookmarks to users: majority-committed data only. */
  read: { readConcern: { level: 'majority' } },
  /**
   * The provider's own checks before and after a write (the aggregate's head, the top
   * commit, event-id claims): the freshest data, on the primary. A check that sees
   * more than a majority has can only make an append retry or fail, never store wrongly.
   */
  check: { readConcern: { level: 'local' }, readPreference: 'primary' },
} as const
