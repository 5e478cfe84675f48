import { randomUUID } from 'node:crypto'
import { isAppendOutcomeUnknownError, isProviderError, isVersionConflictError, type DomainAggregate, type EventOf, type StateOf } from '@evtstore/core'
import type { faultNote } from './fault-aggregate.js'

/** How one append ended. */
export type AppendOutcome = 'stored' | 'failed' | 'unknown' | 'conflict' | 'other' | 'hung'

/** One append a writer made. */
export interface AppendRecord {
  aggregateId: string
  /** The id the writer gave the event. */
  eventId: string
  outcome: AppendOutcome
  /** performance.now() when it was sent and when it settled. */
  sentAt: number
  settledAt: number
  error?: unknown
}

/** Writers that append one event at a time to aggregates of their own until stopped. */
export interface FaultWriters {
  readonly records: readonly AppendRecord[]
  /** Stops starting appends; resolves when every writer is done. */
  stop(): Promise<void>
}

/** A domain aggregate of the fault stream. */
export type FaultAggregate = DomainAggregate<'fault', EventOf<typeof faultNote>, StateOf<typeof faultNote>>

/** Settings of the writers. */
export interface FaultWriterSettings {
  writers: number
  /** Pause after each append (ms). */
  pauseMs: number
  /** An append pending this long is recorded as hung (its writer moves on to a fresh aggregate). */
  hungMs: number
}

class Hung extends Error {}

/**
 * Starts `writers` writers. Each appends `noted` events to its own aggregate with the
 * version it knows as the expected version: an append that failed with a ProviderError
 * stored nothing, so the next one must go through on the same version (a false failure
 * shows up as a version conflict). After an unknown outcome (or a hung append) it goes
 * on with a fresh aggregate; after a conflict or another error it reloads the version.
 * @example const writers = startFaultWriters(domain.fault, { writers: 4, pauseMs: 20, hungMs: 20_000 })
 */
export function startFaultWriters(aggregate: FaultAggregate, settings: FaultWriterSettings): FaultWriters {
  const records: AppendRecord[] = []
  let stopping = false
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  const reload = async (aggregateId: string): Promise<number> => {
    for (;;) {
      try {
        return (await aggregate.getAggregate(aggregateId)).version
      } catch {
        if (stopping) return -1
        await pause(settings.pauseMs)
      }
    }
  }

  const writer = async (index: number) => {
    let generation = 0
    let aggregateId = `writer-${index}-${generation}`
    let version = 0
    let n = 0
    while (!stopping) {
      const eventId = randomUUID()
      const sentAt = performance.now()
      let timer: NodeJS.Timeout | undefined
      const hung = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Hung(`still pending after ${settings.hungMs} ms`)), settings.hungMs)
      })
      let record: AppendRecord
      try {
        await Promise.race([aggregate.append(aggregateId, [{ type: 'noted', n: n++ }], { expectedVersion: version, ids: [eventId] }), hung])
        version++
        record = { aggregateId, eventId, outcome: 'stored', sentAt, settledAt: performance.now() }
      } catch (error) {
        const outcome: AppendOutcome =
          error instanceof Hung
            ? 'hung'
            : isVersionConflictError(error)
              ? 'conflict'
              : isAppendOutcomeUnknownError(error)
                ? 'unknown'
                : isProviderError(error)
                  ? 'failed'
                  : 'other'
        record = { aggregateId, eventId, outcome, sentAt, settledAt: performance.now(), error }
        if (outcome === 'hung' || outcome === 'unknown') {
          // it may have landed (or still land): go on with a fresh aggregate, so the writer
          // keeps appending while the server is down instead of waiting to reload this one
          aggregateId = `writer-${index}-${++generation}`
          version = 0
        } else if (outcome !== 'failed') {
          const known = await reload(aggregateId)
          if (known >= 0) version = known
        }
      } finally {
        clearTimeout(timer)
      }
      records.push(record)
      await pause(settings.pauseMs)
    }
  }

  const done = Promise.all(Array.from({ length: settings.writers }, (_, index) => writer(index)))
  return {
    records,
    async stop() {
      stopping = true
      await done
    },
  }
}
