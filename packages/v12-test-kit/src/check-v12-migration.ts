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

/** How the checks read a v12 store's order and progress. */
export interface V12CheckOptions {
  /** v12's timestamps are kept to this many milliseconds. Default 1. */
  timestampStep?: number
  /** The progress is recorded above 0 (false: v12's positions all alike). Default `true`. */
  progressKeys?: boolean
  /**
   * Events at one v12 position (a tie) may come in any order, not only in the order they
   * were written; an aggregate's events still come in version order. Default `false`.
   */
  tiesInAnyOrder?: boolean
  /** v12's handlers saved bookmarks part-way. Default `true`. */
  v12Bookmarks?: boolean
}

type Key = { stream: string; aggregateId: string; version: number }

/**
 * `keys` (events of the store, in the order read) in the order to compare with the
 * written order: as they are, or — with `tiesInAnyOrder` — each run of one v12 position
 * sorted, after checking those runs come in order and each aggregate in version order.
 */
function comparable(keys: Key[], written: V12Written, tiesInAnyOrder: boolean): string[] {
  const names = keys.map((k) => eventKey(k))
  if (!tiesInAnyOrder) return names
  const tie = new Map<string, number>()
  written.events.forEach((e, index) => {
    const previous = written.events[index - 1]
    const group = previous !== undefined && previous.position === e.position ? tie.get(eventKey(previous))! : index
    tie.set(eventKey(e), group)
  })
  const groups = names.map((name) => tie.get(name) ?? -1)
  groups.forEach((group, index) => assert.ok(index === 0 || group >= groups[index - 1]!, `${names[index]} comes after a later v12 position`))
  const versions = new Map<string, number>()
  for (const k of keys) {
    const id = `${k.stream}/${k.aggregateId}`
    assert.ok((versions.get(id) ?? 0) < k.version, `${eventKey(k)} comes after a later version of its aggregate`)
    versions.set(id, k.version)
  }
  return names
    .map((name, index) => ({ name, group: groups[index]! }))
    .sort((a, b) => a.group - b.group || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((entry) => entry.name)
}

/**
 * Checks the new store holds exactly the v12 events, in v12's order, each with its
 * stream, aggregate id, version, timestamp (to the millisecond, or to `timestampStep`
 * where v12's column kept less) and payload, and the id derived from them; nothing twice;
 * and the progress recorded (above 0 unless `progressKeys` is false: v12's positions all alike).
 */
export async function checkMigratedEvents(target: Provider, written: V12Written, options: V12CheckOptions = {}): Promise<void> {
  const { timestampStep = 1, progressKeys = true, tiesInAnyOrder = false } = options
  const log = await readWholeLog(target)
  assert.deepEqual(
    comparable(log, written, tiesInAnyOrder),
    comparable(written.events, written, tiesInAnyOrder),
    'the new log holds every v12 event once, in v12 order',
  )
  const byKey = new Map(written.events.map((e) => [eventKey(e), e]))
  for (const stored of log) {
    const v12 = byKey.get(eventKey(stored))!
    assert.deepEqual(stored.event, v12.event, `payload of ${eventKey(v12)}`)
    assert.equal(stored.id, v12EventId(v12.stream, v12.aggregateId, v12.version), `id of ${eventKey(v12)}`)
    const expected = Math.floor(v12.timestamp / timestampStep) * timestampStep
    assert.equal(stored.timestamp.getTime(), expected, `timestamp of ${eventKey(v12)}`)
  }
  const progress = await target.getBookmark(V12_PROGRESS_BOOKMARK)
  if (progressKeys) assert.notEqual(progress, '0', 'the progress is recorded')
  else assert.equal(progress, '0', 'v12 positions all alike: the progress key stays 0')
}

/**
 * For each v12 handler: a handler of this version with the same name and streams, on the
 * new store, sees exactly the events of its streams the v12 handler had not handled yet.
 */
export async function checkHandlersResume(target: Provider, written: V12Written, options: V12CheckOptions = {}): Promise<void> {
  const { v12Bookmarks = true, tiesInAnyOrder = false } = options
  const account = createAggregate({ stream: 'account', create: () => ({}), fold: (_e: { type: string }) => ({}) })
  const user = createAggregate({ stream: 'user', create: () => ({}), fold: (_e: { type: string }) => ({}) })
  const { createHandler } = createDomain({ provider: target }, { account, user })
  assert.ok(written.handlers.length > 0)
  for (const run of written.handlers) {
    if (v12Bookmarks) assert.ok(run.seen.length > 0 && run.seen.length < written.events.length, `${run.name} stopped part-way`)
    else assert.deepEqual(run.seen, [], `${run.name}: v12 saw nothing here`)
    const seen = new Set(run.seen)
    const expected = written.events.filter((e) => run.streams.includes(e.stream) && !seen.has(eventKey(e)))
    const got: Key[] = []
    const handler = createHandler(run.name, run.streams as Array<'account' | 'user'>, { batchSize: 10 })
    for (const stream of run.streams as Array<'account' | 'user'>) {
      for (const type of ['opened', 'deposited', 'withdrawn', 'registered', 'renamed']) {
        handler.handle(stream, type as never, async (id: string, _ev: unknown, meta: { stream: string; version: number }) => {
          got.push({ stream: meta.stream, aggregateId: id, version: meta.version })
        })
      }
    }
    await handler.runOnce()
    assert.deepEqual(
      comparable(got, written, tiesInAnyOrder),
      comparable(expected, written, tiesInAnyOrder),
      `${run.name} goes on exactly after its v12 bookmark`,
    )
  }
}
