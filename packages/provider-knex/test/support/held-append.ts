import type { AppendRequest, StoredEvent } from '@evtstore/core'
import type { Knex } from 'knex'
import { openStore } from '../../src/create-provider.js'
import { knexConnection } from '../../src/knex-like.js'

/** An append whose transaction stays open until `commit()`. */
export interface HeldAppend {
  /** The envelopes the append stored (not yet committed). */
  stored: StoredEvent[]
  commit(): Promise<void>
}

/**
 * Runs the provider's own append for `request` inside a transaction on `knex`
 * and keeps that transaction open: the deterministic ordering tests commit a later append
 * meanwhile.
 */
export async function holdAppend(knex: Knex, request: AppendRequest): Promise<HeldAppend> {
  const dialect = await openStore({ client: knex, events: 'events', bookmarks: 'bookmarks' }).dialect()
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let appended!: (stored: StoredEvent[]) => void
  let failed!: (err: unknown) => void
  const ready = new Promise<StoredEvent[]>((resolve, reject) => {
    appended = resolve
    failed = reject
  })
  const done = knex.transaction(async (trx) => {
    appended(await dialect.provider(knexConnection(trx, dialect.runOn), 1000).append(request))
    await released
  })
  done.catch(failed)
  const stored = await ready
  return {
    stored,
    commit: async () => {
      release()
      await done
    },
  }
}
