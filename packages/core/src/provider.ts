import type { JsonValue, NewEvent, StoredEvent } from './envelope.js'
import type { Position } from './position.js'

/**
 * Optional capability flags. A provider leaves out what it fully supports; each flag's
 * default is the full behaviour. The conformance suite registers the tests a provider
 * cannot pass as skipped, with the reason, never as passed.
 */
export interface ProviderCapabilities {
  /**
   * Appends may run concurrently (several connections or processes). Default `true`.
   * A provider that serialises everything in one process may say `false`; the racing
   * tests then still run, but within one process.
   */
  concurrentAppends?: boolean
  /** Largest payload (JSON text, bytes) the provider stores. Default: at least 1 MiB. */
  maxPayloadBytes?: number
  /** Data survives the process that wrote it. Default `true`; the memory provider says `false`. */
  persistent?: boolean
  /**
   * The longest names the database holds, in UTF-8 bytes (a unique index's row size, a
   * column's width). Core refuses a longer stream, aggregate id, event id or bookmark
   * (handler) name with a `ValidationError` naming the limit, before any I/O — a handler
   * name already when the handler is created. Default: no limit.
   */
  maxKeyBytes?: KeyByteLimits
  /** The most events one append may carry, when the database allows fewer than core's 10,000. */
  maxAppendEvents?: number
  /**
   * Strings may contain U+0000 (NUL): in names, payload and metadata text and keys.
   * Default `true`. A database that cannot store it (Postgres `text` and `jsonb`) says
   * `false`, and core then refuses such input with a `ValidationError` before any I/O.
   */
  nulInText?: boolean
  /**
   * The deepest nesting of arrays and objects the database stores in a payload or in
   * metadata, when it is less than core's 100 (MariaDB's JSON: 31). Deeper input is
   * refused with a `ValidationError` before any I/O.
   */
  maxJsonDepth?: number
  /**
   * A promise about `readAggregate`: it returns every stored event asked for, up to this
   * many per read (the provider's own page cap). So a page shorter than
   * `min(request.limit, fullAggregatePages)` holds the aggregate's newest event, and core
   * stops there instead of asking again for an empty page — a typical aggregate loads in
   * one round trip. `defineProvider` sets it to the provider's `limit` when the
   * definition says `fullAggregatePages: true`. Leave it out when reads may come back
   * short for other reasons; core then reads until an empty page. The conformance suite
   * checks the promise where it is made.
   */
  fullAggregatePages?: number
  /**
   * The provider stores aggregate snapshots: it implements `readSnapshot` and
   * `writeSnapshot`. An optional capability, so the default is `false`; the conformance
   * suite runs its snapshot tests only where this is `true` and registers them as skipped
   * elsewhere.
   */
  snapshots?: boolean
  /**
   * The provider keeps handler leases with fencing (`acquireLease`, `releaseLease`,
   * `setFencedBookmark`), so exclusive and partitioned handlers can run on it. An optional
   * capability like `snapshots`: default `false`, and `true` requires the three lease methods.
   */
  leases?: boolean
  /**
   * The provider can tell running handlers that events were appended
   * ({@link Provider.subscribeAppends}), so a caught-up handler wakes at once instead of
   * at its next poll. An optional capability like `leases`: default `false`, and `true`
   * exactly when the provider has `subscribeAppends`. Handlers still poll every
   * `tailInterval`: a notification is a hint, never needed for correctness.
   */
  push?: boolean
  /**
   * The provider runs handler batches in a database transaction of its own
   * ({@link Provider.transaction}): a handler created with `transactional: true` gets the
   * transaction in its functions, writes its projection through it, and the bookmark is
   * saved in the same transaction, so a crash can never apply a batch twice. An optional
   * capability like `leases`: default `false`, and `true` exactly when the provider has
   * `transaction`.
   */
  transactionalHandlers?: boolean
}

/**
 * One open database transaction, handed by {@link Provider.transaction} to core, which
 * passes `tx` to a transactional handler's functions and saves the bookmark through it.
 * `Tx` is the driver's own transaction object (a pg `PoolClient`, the `sql` of
 * postgres.js's `sql.begin`, a `Knex.Transaction`).
 */
export interface HandlerTransaction<Tx> {
  /** The driver's transaction: what the handler functions receive and write through. */
  readonly tx: Tx
  /**
   * Runs `work` in a savepoint: when it rejects, what it wrote is undone, the transaction
   * stays usable and the rejection is passed on unchanged; when it resolves, its writes
   * stay part of the transaction. `work` gets the transaction object to write through
   * (the same `tx`, or the driver's nested one).
   */
  savepoint<T>(work: (tx: Tx) => Promise<T>): Promise<T>
  /** Saves a bookmark in this transaction (insert or replace), like {@link Provider.setBookmark}. */
  setBookmark(name: string, position: Position): Promise<void>
  /**
   * Saves a bookmark in this transaction only while `holder` holds the lease of the same
   * name, like {@link Provider.setFencedBookmark}; `false`: nothing written (core then
   * rolls the transaction back). Required when the provider keeps leases.
   */
  setFencedBookmark?(name: string, position: Position, holder: LeaseHolder): Promise<boolean>
}

/**
 * What {@link Provider.subscribeAppends} tells its subscriber. The calls are hints: a
 * provider may merge several appends into one call, repeat one, or (while interrupted)
 * miss some; core reads the log as it always does, so nothing is lost by a missed call.
 */
export interface AppendListener {
  /**
   * Events were appended (committed) to `streams`, or, when `streams` is undefined, to
   * streams the provider cannot name. Called from the provider's own callbacks: it must
   * return quickly and never throw (core's listener only sets a flag).
   */
  appended(streams?: readonly string[]): void
  /**
   * The subscription stopped listening (its connection was lost, or it could not be set
   * up): appends are not reported until {@link AppendListener.resumed}. The provider
   * tries again by itself, with backoff, until the subscription is closed.
   */
  interrupted?(error: unknown): void
  /** Listening again after {@link AppendListener.interrupted}; appends made in between went unreported. */
  resumed?(): void
}

/** A live subscription from {@link Provider.subscribeAppends}. */
export interface AppendSubscription {
  /** Stops listening and frees what the subscription holds (a connection, a timer); safe to call twice. */
  close(): Promise<void>
}

/** Asks for a handler's lease (see {@link Provider.acquireLease}). */
export interface LeaseRequest {
  /** The lease's name: the bookmark name of the handler (or of one of its partitions). */
  name: string
  /** Who asks: an id unique to one handler object in one process. */
  owner: string
  /** How long the lease lasts from now, measured on the store's clock (milliseconds, >= 1). */
  ttlMs: number
}

/** Who holds a lease: the owner and the fencing token it was granted. */
export interface LeaseHolder {
  /** Who holds it: a random id per handler process (see {@link Provider.acquireLease}). */
  owner: string
  /**
   * The fencing token: a positive integer that grows every time the lease passes to
   * another owner, so a holder that lost the lease can be told from the one that has it.
   */
  token: number
}

/** Names one aggregate, for {@link Provider.readSnapshot}. */
export interface SnapshotRequest {
  /** The aggregate's stream. */
  stream: string
  /** The aggregate's id. */
  aggregateId: string
}

/**
 * The folded state of one aggregate at one version, stored so that a load can start from
 * it and fold only the events after `version`. Written and read by core (the aggregate's
 * `snapshot` option); a provider stores it as given.
 */
export interface AggregateSnapshot {
  /** The aggregate's stream. */
  stream: string
  /** The aggregate's id. */
  aggregateId: string
  /**
   * The aggregate's snapshot key (`snapshot.key`, a version of its `fold`): a snapshot
   * whose key is not the aggregate's current one is ignored.
   */
  key: string
  /** The version of the last event folded into `state` (>= 1). */
  version: number
  /** The folded state: a plain JSON object, round-tripped like payloads. */
  state: { [key: string]: JsonValue }
}

/** Byte limits of names; see {@link ProviderCapabilities.maxKeyBytes}. */
export interface KeyByteLimits {
  /** Most UTF-8 bytes of a stream name. */
  stream?: number
  /** Most UTF-8 bytes of an aggregate id. */
  aggregateId?: number
  /** Most UTF-8 bytes of an event id. */
  eventId?: number
  /** Most UTF-8 bytes of a bookmark (handler) name. */
  bookmark?: number
}

/** Append `events` to one aggregate, which must be at `expectedVersion` now. */
export interface AppendRequest {
  /** The aggregate's stream. */
  stream: string
  /** The aggregate's id. */
  aggregateId: string
  /** The aggregate's version the caller saw: 0 for a new aggregate. */
  expectedVersion: number
  /** At least one event. They get versions `expectedVersion + 1`, `+ 2`, ... in this order. */
  events: NewEvent[]
}

/** Read one aggregate's events with version greater than `afterVersion`, ascending. */
export interface ReadAggregateRequest {
  /** The aggregate's stream. */
  stream: string
  /** The aggregate's id. */
  aggregateId: string
  /** Exclusive lower bound: 0 reads from the first event. */
  afterVersion: number
  /** At most this many events. */
  limit: number
}

/** Read the global log for `streams`, strictly after `after`, ascending by position. */
export interface ReadLogRequest {
  /** One or more stream names; events of other streams are left out. */
  streams: string[]
  /** Exclusive lower bound; `'0'` reads from the start. */
  after: Position
  /** At most this many events. */
  limit: number
}

/**
 * The contract between core and a database. Core calls it; users pass a provider to
 * `createDomain` and never call it themselves. Core validates every request before it
 * reaches a provider (names, versions, JSON payloads, limits), so a provider only
 * translates calls to its driver.
 *
 * Rules every provider keeps (and `@evtstore/conformance` checks):
 *
 * 1. `append` is atomic: all events are stored or none. If the aggregate is not at
 *    `expectedVersion`, it throws `VersionConflictError` and stores nothing — this
 *    includes an `expectedVersion` above the current version (no gaps). A reused event id
 *    throws `DuplicateEventError`. Any other failure throws something else (ideally a
 *    `ProviderError` with the driver's error as `cause`); core wraps anything that is not
 *    an evtstore error in a `ProviderError`.
 * 2. `readAggregate` returns versions in ascending order, starting after `afterVersion`.
 * 3. `readLog` returns a prefix that never changes: once an event at position P has been
 *    returned, no event can later commit at a position at or before P. This is what keeps
 *    handlers from skipping events whose transaction commits late.
 * 4. Bookmarks: `getBookmark` of an unknown name is `'0'`; `setBookmark` is an upsert safe
 *    under concurrent callers.
 * 5. All reads may return fewer than `limit` events (a provider may cap pages with its own
 *    option); an empty array means "nothing more right now".
 * 6. Payloads and metadata round-trip as JSON: what comes back equals
 *    `JSON.parse(JSON.stringify(what went in))`.
 *
 * @example
 * ```ts
 * import { createMemoryProvider } from '@evtstore/core/memory'
 * const provider: Provider = createMemoryProvider()
 * const stored = await provider.append({
 *   stream: 'account', aggregateId: 'a-1', expectedVersion: 0,
 *   events: [{ id: crypto.randomUUID(), event: { type: 'opened', owner: 'ada' } }],
 * })
 * stored[0].version // 1
 * ```
 */
export interface Provider<Tx = unknown> {
  /** A short name used in error messages, e.g. `'pg'` or `'memory'`. */
  readonly name: string
  /** Optional capability flags; see {@link ProviderCapabilities}. */
  readonly capabilities?: ProviderCapabilities
  /** Store the events atomically, or throw. Returns the stored envelopes in version order. */
  append(request: AppendRequest): Promise<StoredEvent[]>
  /** One aggregate's events, ascending by version. */
  readAggregate(request: ReadAggregateRequest): Promise<StoredEvent[]>
  /** The global log for some streams, ascending by position; see rule 3. */
  readLog(request: ReadLogRequest): Promise<StoredEvent[]>
  /** The saved position of a handler; `'0'` when none is saved. */
  getBookmark(name: string): Promise<Position>
  /** Save a handler's position (insert or replace). */
  setBookmark(name: string, position: Position): Promise<void>
  /**
   * Whether this provider could have produced `position` (a canonical position string).
   * Core refuses any other position given to `readLog` or `setBookmark` (a handler's
   * `setPosition`) with a `ValidationError`, so a bookmark can never hold a value that
   * breaks later runs. Default: every canonical position is accepted.
   */
  acceptsPosition?(position: Position): boolean
  /**
   * Optional (capability `snapshots`): the aggregate's stored snapshot, whatever its key,
   * or `undefined` when it has none.
   */
  readSnapshot?(request: SnapshotRequest): Promise<AggregateSnapshot | undefined>
  /**
   * Optional (capability `snapshots`): stores the aggregate's snapshot, replacing the one
   * it had (one snapshot per aggregate, whatever its key). Snapshots are a cache of what
   * the events say: losing one, or keeping an older one, never changes a loaded state.
   */
  writeSnapshot?(snapshot: AggregateSnapshot): Promise<void>
  /**
   * Optional (capability `leases`): takes the lease `request.name` for `request.owner`, for
   * `ttlMs` from now on the store's clock, atomically: when nobody holds it or the holder's
   * lease has expired, the owner gets it with a token one higher than the last one granted
   * (1 for a new lease); when the owner holds it already, its expiry is pushed out and the
   * token stays. Resolves to the owner's token, or `undefined` when another owner holds a
   * lease that has not expired.
   */
  acquireLease?(request: LeaseRequest): Promise<number | undefined>
  /**
   * Optional (capability `leases`): ends `holder`'s lease now (it expires at once), so a
   * standby can take it without waiting for the expiry. Does nothing when `holder` no
   * longer holds it.
   */
  releaseLease?(name: string, holder: LeaseHolder): Promise<void>
  /**
   * Optional (capability `leases`): saves a bookmark like `setBookmark`, but only if
   * `holder` still holds the lease of the same name (same owner and token, not expired on
   * the store's clock), checked atomically with the write: resolves `true` when saved,
   * `false` (nothing written) when the lease was lost. This is the fence that keeps a
   * process that lost its lease from moving the bookmark.
   */
  setFencedBookmark?(name: string, position: Position, holder: LeaseHolder): Promise<boolean>
  /**
   * Optional (capability `push`): reports appends to `listener` until the returned
   * subscription is closed — from this provider and from any other process on the same
   * store. Core subscribes once per running handler (`handler.start()`), wakes the
   * handler when one of its streams is named, and closes the subscription on `stop()`.
   * Resolves once the provider listens, or once it has reported the first attempt as
   * {@link AppendListener.interrupted} (it keeps trying in the background); rejects only
   * when it cannot subscribe at all (core then polls, and says so through the handler's
   * status and `onFailure` hook).
   *
   * @example
   * ```ts
   * const subscription = await provider.subscribeAppends!({
   *   appended: (streams) => console.log('appended to', streams ?? 'some streams'),
   *   interrupted: (error) => console.warn('not listening', error),
   *   resumed: () => console.info('listening again'),
   * })
   * // ... later
   * await subscription.close()
   * ```
   */
  subscribeAppends?(listener: AppendListener): Promise<AppendSubscription>
  /**
   * Optional (capability `transactionalHandlers`): opens a database transaction on a
   * connection of its own, awaits `work` with it, and commits when `work` resolves (the
   * result is passed on) or rolls back when it rejects (the rejection is passed on
   * unchanged, the very error `work` threw). Core runs each batch of a `transactional`
   * handler in one: every event's functions in a savepoint, then the bookmark, then the
   * commit.
   *
   * @example
   * ```ts
   * await provider.transaction!(async (t) => {
   *   await t.tx.query('INSERT INTO seen (id) VALUES ($1)', ['e-1']) // pg: a PoolClient
   *   await t.setBookmark('projection', position)
   * }) // both committed, or neither
   * ```
   */
  transaction?<T>(work: (transaction: HandlerTransaction<Tx>) => Promise<T>): Promise<T>
}
