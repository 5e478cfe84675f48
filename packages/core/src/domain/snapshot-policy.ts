import type { Provider } from '../provider.js'
import { isPlainObject } from '../state/clone-state.js'
import type { Snapshot } from './aggregate-store.js'
import type { SnapshotFailure, SnapshotOptions } from './snapshot-options.js'

function warn(error: unknown, failure: SnapshotFailure): void {
  const reason = error instanceof Error ? error.message : String(error)
  process.emitWarning(`evtstore: ${failure.operation} of ${failure.stream}/${failure.aggregateId} failed: ${reason}`, 'EvtStoreSnapshotWarning')
}

/**
 * When and how one aggregate type's snapshots are read and written. Snapshots only ever
 * save work: a snapshot that cannot be read, or has another key, is ignored (the load folds
 * from the first event); a write that fails is reported to `onError` and changes nothing.
 */
export class SnapshotPolicy {
  readonly #report: (error: unknown, failure: SnapshotFailure) => void

  constructor(
    readonly provider: Provider,
    readonly stream: string,
    readonly options: SnapshotOptions,
  ) {
    const onError = options.onError ?? warn
    this.#report = (error, failure) => {
      try {
        onError(error, failure)
      } catch {
        // a failing reporter must not fail the load or command it reports on
      }
    }
  }

  /** The aggregate's snapshot as a starting point, or undefined (none, another key, unreadable). */
  async read(aggregateId: string): Promise<Snapshot | undefined> {
    try {
      const found = await this.provider.readSnapshot!({ stream: this.stream, aggregateId })
      if (found === undefined || found.key !== this.options.key || !isPlainObject(found.state)) return undefined
      return { state: found.state, version: found.version }
    } catch (error) {
      this.#report(error, { operation: 'readSnapshot', stream: this.stream, aggregateId, version: undefined })
      return undefined
    }
  }

  /** After a load that started at `fromVersion`: stores a snapshot when `every` or more events were folded. */
  async afterLoad(aggregateId: string, fromVersion: number, loaded: Snapshot): Promise<void> {
    const every = this.options.every
    if (every !== undefined && loaded.version - fromVersion >= every) await this.write(aggregateId, loaded)
  }

  /** After an append from `fromVersion`: stores a snapshot when the version reached a multiple of `every`. */
  async afterAppend(aggregateId: string, fromVersion: number, appended: Snapshot): Promise<void> {
    const every = this.options.every
    if (every !== undefined && Math.floor(appended.version / every) > Math.floor(fromVersion / every)) {
      await this.write(aggregateId, appended)
    }
  }

  /** Stores a snapshot; a failure is reported, never thrown. Resolves to whether it was stored. */
  async write(aggregateId: string, snapshot: Snapshot): Promise<boolean> {
    if (snapshot.version === 0) return false
    try {
      await this.writeOrThrow(aggregateId, snapshot)
      return true
    } catch (error) {
      this.#report(error, { operation: 'writeSnapshot', stream: this.stream, aggregateId, version: snapshot.version })
      return false
    }
  }

  /** Stores a snapshot, rejecting when it cannot (for `saveSnapshot`, which the caller asked for). */
  async writeOrThrow(aggregateId: string, snapshot: Snapshot): Promise<void> {
    // The guard copies the state as JSON (refusing one that is not), so the cached state is never shared.
    await this.provider.writeSnapshot!({
      stream: this.stream,
      aggregateId,
      key: this.options.key,
      version: snapshot.version,
      state: snapshot.state as never,
    })
  }
}
