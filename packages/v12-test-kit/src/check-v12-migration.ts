import assert from 'node:assert/strict'
import { createAggregate, createDomain, type Provider, type StoredEvent } from '@evtstore/core'
import { V12_PROGRESS_BOOKMARK, v12EventId } from '@evtstore/core/toolkit'
import { eventKey, type V12Written } from './write-v12-store.js'

const STREAMS = ['account', 'user']

/** Every event of the store, ascending by position (the whole log, page by page). */
export async function readWholeLog(provider: Provider, streams = STREAMS): Promise<StoredEvent[]> {
  const all: StoredEvent[] = []
  let after = '0'
  for (;;) {
    const page = await provider.readLog({ streams, after, limit: 25 })
    if (page.length === 0) return all
    all.push(...page)
    after = page[page.length - 1]!.position
  }
}

/**
 * Checks the new store holds exactly the v12 events, in v12's order, each with its
 * stream, aggregate id, version, timestamp (to the millisecond, or to `timestampStep`
 * where v12's column kept less) and payload, and the id derived from them; nothing twice;
 * and the progress recorded (above 0 unless `progressKeys` is false: v12's positions all alike).
 */
export async function checkMigratedEvents(target: Provider, written: V12Written, timestampStep = 1, progressKeys = true): Promise<void> {
  const log = await readWholeLog(target)
  assert.deepEqual(
    log.map((e) => eventKey(e)),
    written.events.map((e) => eventKey(e)),
    'the new log holds every v12 event once, in v12 order',
  )
  log.forEach((stored, index) => {
    const v12 = written.events[index]!
    assert.deepEqual(stored.event, v12.event, `payload of ${eventKey(v12)}`)
    assert.equal(stored.id, v12EventId(v12.stream, v12.aggregateId, v12.version), `id of ${eventKey(v12)}`)
    const expected = Math.floor(v12.timestamp / timestampStep) * timestampStep
    assert.equal(stored.timestamp.getTime(), expected, `timestamp of ${eventKey(v12)}`)
  })
  const progress = await target.getBookmark(V12_PROGRESS_BOOKMARK)
  if (progressKeys) assert.notEqual(progress, '0', 'the progress is recorded')
  else assert.equal(progress, '0', 'v12 positions all alike: the progress key stays 0')
}

/**
 * For each v12 handler: a handler of this version with the same name and streams, on the
 * new store, sees exactly the events of its streams the v12 handler had not handled yet.
 */
export async function checkHandlersResume(target: Provider, written: V12Written, v12Bookmarks = true): Promise<void> {
  const account = createAggregate({ stream: 'account', create: () => ({}), fold: (_e: { type: string }) => ({}) })
  const user = createAggregate({ stream: 'user', create: () => ({}), fold: (_e: { type: string }) => ({}) })
  const { createHandler } = createDomain({ provider: target }, { account, user })
  assert.ok(written.handlers.length > 0)
  for (const run of written.handlers) {
    if (v12Bookmarks) assert.ok(run.seen.length > 0 && run.seen.length < written.events.length, `${run.name} stopped part-way`)
    else assert.deepEqual(run.seen, [], `${run.name}: v12 saw nothing here`)
    const seen = new Set(run.seen)
    const expected = written.events
      .filter((e) => run.streams.includes(e.stream) && !seen.has(eventKey(e)))
      .map((e) => eventKey(e))
    const got: string[] = []
    const handler = createHandler(run.name, run.streams as Array<'account' | 'user'>, { batchSize: 10 })
    for (const stream of run.streams as Array<'account' | 'user'>) {
      for (const type of ['opened', 'deposited', 'withdrawn', 'registered', 'renamed']) {
        handler.handle(stream, type as never, async (id: string, _ev: unknown, meta: { stream: string; version: number }) => {
          got.push(eventKey({ stream: meta.stream, aggregateId: id, version: meta.version }))
        })
      }
    }
    await handler.runOnce()
    assert.deepEqual(got, expected, `${run.name} goes on exactly after its v12 bookmark`)
  }
}
