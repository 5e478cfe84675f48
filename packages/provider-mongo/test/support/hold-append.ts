import type { AppendRequest, StoredEvent } from '@evtstore/core'
import { withAppendHooks, type AppendHooks } from '../../src/append-hooks.js'
import { createProvider, type MongoProviderOptions } from '../../src/index.js'

/** An append stopped between taking its position and inserting its commit. */
export interface HeldMongoAppend {
  /** The position the held append read as next, before anyone else could store there. */
  position: number
  /** Lets the insert go on and resolves with the stored envelopes. */
  commit(): Promise<StoredEvent[]>
}

/**
 * Starts `request` on a provider of its own (same collections) whose first insert
 * attempt waits after the position is known; resolves once it waits there. This is the
 * state the ordering rule is about: a lower position taken, nothing visible yet.
 */
export async function holdAppend(
  options: MongoProviderOptions,
  request: AppendRequest,
  stats?: AppendHooks['stats'],
): Promise<HeldMongoAppend> {
  let reached!: (position: number) => void
  const atPosition = new Promise<number>((resolve) => (reached = resolve))
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let holding = false
  const provider = createProvider(
    withAppendHooks(
      { ...options },
      {
        ...(stats === undefined ? {} : { stats }),
        async beforeInsert({ position }) {
          if (holding) return
          holding = true
          reached(position)
          await released
        },
      },
    ),
  )
  const appended = provider.append(request)
  appended.catch(() => undefined)
  const position = await Promise.race([
    atPosition,
    appended.then(() => {
      throw new Error('holdAppend: the append finished without reaching its insert')
    }),
  ])
  return {
    position,
    async commit() {
      release()
      return appended
    },
  }
}
