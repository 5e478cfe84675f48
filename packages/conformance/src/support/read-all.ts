import assert from 'node:assert/strict'
import { comparePositions, type Position, type Provider, type StoredEvent } from '@evtstore/core'

/** Options of {@link readWholeLog}. */
export interface ReadWholeLogOptions {
  /** Exclusive start. Default '0'. */
  after?: Position
  /** Page size asked for. Default 500. */
  pageSize?: number
  /**
   * How many events the caller expects. While fewer were found, reading goes on from the
   * last position seen (as a handler would) for up to `waitMs`, because on a shared
   * database another transaction may briefly hold the log back. Events skipped over are
   * never read again.
   */
  expected?: number
  /** How long to keep polling for `expected` events. Default 3000 ms. */
  waitMs?: number
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Reads the log of `streams` page by page, as a handler does, checking every page keeps
 * the read rules (no more than `limit`, only the asked streams, positions ascending after
 * the position asked for).
 */
export async function readWholeLog(
  provider: Provider,
  streams: string[],
  options: ReadWholeLogOptions = {},
): Promise<StoredEvent[]> {
  const limit = options.pageSize ?? 500
  const deadline = Date.now() + (options.waitMs ?? 3000)
  const wanted = new Set(streams)
  const found: StoredEvent[] = []
  let after = options.after ?? '0'
  for (;;) {
    const page = await provider.readLog({ streams, after, limit })
    assert.ok(Array.isArray(page), 'readLog must return an array')
    assert.ok(page.length <= limit, `readLog limit: asked for at most ${limit} events, got ${page.length}`)
    for (const event of page) {
      assert.ok(
        wanted.has(event.stream),
        `readLog stream filter: asked for [${streams.join(', ')}], got an event of stream ${event.stream}`,
      )
      assert.ok(
        comparePositions(event.position, after) > 0,
        `readLog order: positions must be strictly increasing and after the position asked for; got ${event.position} after ${after}`,
      )
      after = event.position
      found.push(event)
    }
    if (page.length > 0) continue
    if (options.expected === undefined || found.length >= options.expected || Date.now() > deadline) return found
    await sleep(25)
  }
}

/** Reads every event of one aggregate, page by page, from version 1. */
export async function readWholeAggregate(
  provider: Provider,
  stream: string,
  aggregateId: string,
  pageSize = 500,
): Promise<StoredEvent[]> {
  const found: StoredEvent[] = []
  for (;;) {
    const page = await provider.readAggregate({ stream, aggregateId, afterVersion: found.length, limit: pageSize })
    assert.ok(Array.isArray(page), 'readAggregate must return an array')
    assert.ok(page.length <= pageSize, `readAggregate limit: asked for at most ${pageSize} events, got ${page.length}`)
    if (page.length === 0) return found
    for (const event of page) {
      assert.equal(
        event.version,
        found.length + 1,
        `readAggregate order: versions must be contiguous and ascending; expected version ${found.length + 1}, got ${event.version}`,
      )
      found.push(event)
    }
  }
}
