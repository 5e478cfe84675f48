import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { isMigrationConflictError, isValidationError, type Provider } from '@evtstore/core'
import type { V12MigrationOptions, V12MigrationResult } from '@evtstore/core/toolkit'
import { checkHandlersResume, checkMigratedEvents, readWholeLog } from './check-v12-migration.js'
import { eventKey, type V12Written } from './write-v12-store.js'

/** How one provider wires its `migrateFromV12` into {@link describeV12Migration}. */
export interface V12MigrationHarness {
  /** Writes the v12 store with the real evtstore@12 (once per file), see `runV12Writer`. */
  write(): Promise<V12Written>
  /** Runs `migrateFromV12` from that store into the new store `target` (its own tables per name). */
  migrate(target: string, options?: V12MigrationOptions): Promise<V12MigrationResult>
  /** Creates the new store `target` (the provider's own `migrate()`), empty. */
  prepare(target: string): Promise<void>
  /** This version's provider on the new store `target`. */
  provider(target: string): Provider
  /** The command line (after `node`) of the provider's `migrate-from-v12` into `target`. */
  cli(target: string): string[]
  /** v12's timestamps are kept to this many milliseconds (1000 where v12's column held seconds). Default 1. */
  timestampStep?: number
  /**
   * v12's handlers saved bookmarks part-way. Default `true`; `false` where v12's handlers
   * never see an event (its mongo provider on FerretDB): the scenarios then check that they
   * saw none, and that a handler on the new store sees everything.
   */
  v12Bookmarks?: boolean
  /** The progress key is coarser than one event (seconds, milliseconds): a second run re-checks more than the last event. */
  coarseProgress?: boolean
  /**
   * v12's positions give a progress key above 0. Default `true`; `false` where every v12
   * position is the same (the empty Timestamp of v12's mongo provider on FerretDB): the
   * progress then stays 0 and a resumed run re-checks from the first event.
   */
  progressKeys?: boolean
  /**
   * v12's positions can tie (Neo4j: appends in one millisecond), and the migration orders
   * a tie its own way (an aggregate's events by version): the checks accept any order
   * within one v12 position. Default `false`: the exact order the events were written in.
   */
  tiesInAnyOrder?: boolean
}

function runCli(args: string[], killAfterProgress: boolean): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      // A crash part-way: killed (no clean-up of any kind) right after its first saved page.
      if (killAfterProgress && stderr.includes('copied ')) child.kill('SIGKILL')
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/**
 * The migration scenarios every provider runs on its database: a full copy checked event
 * by event and bookmark by bookmark, handlers resuming on the new store exactly after
 * their v12 bookmarks, a second run that changes nothing, runs stopped by `limit` and by
 * `signal` and resumed, the command killed part-way and run again, and a target holding
 * another event where a copy belongs.
 */
export function describeV12Migration(name: string, harness: V12MigrationHarness): void {
  describe(`migrateFromV12 (${name})`, () => {
    let written: V12Written
    const checks = () => ({
      timestampStep: harness.timestampStep ?? 1,
      progressKeys: harness.progressKeys ?? true,
      tiesInAnyOrder: harness.tiesInAnyOrder ?? false,
      v12Bookmarks: harness.v12Bookmarks ?? true,
    })
    const withBookmarks = () => harness.v12Bookmarks ?? true
    const outcomes = (result: V12MigrationResult) => result.bookmarks.map((b) => b.outcome)

    beforeAll(async () => {
      written = await harness.write()
    }, 180_000)

    it('copies every event in v12 order and every bookmark; a second run changes nothing; handlers go on after their v12 bookmarks', async () => {
      const first = await harness.migrate('full')
      assert.equal(first.complete, true)
      assert.equal(first.copied, written.events.length)
      assert.deepEqual(
        first.bookmarks.map((b) => [b.name, b.outcome]).sort(),
        withBookmarks() ? [['v12-accounts', 'set'], ['v12-all', 'set']] : [],
      )
      const target = harness.provider('full')
      await checkMigratedEvents(target, written, checks())

      const second = await harness.migrate('full')
      assert.equal(second.complete, true)
      assert.equal(second.copied, 0, 'the second run appends nothing')
      assert.ok(second.alreadyCopied >= 1, 'it re-checks from its saved progress')
      if (harness.coarseProgress !== true) assert.equal(second.alreadyCopied, 1, 'only the last event is re-checked')
      assert.deepEqual(outcomes(second), withBookmarks() ? ['unchanged', 'unchanged'] : [])
      await checkMigratedEvents(target, written, checks())

      await checkHandlersResume(target, written, checks())
      // Handlers moved on: a third run leaves their bookmarks where they are now.
      const third = await harness.migrate('full')
      assert.deepEqual(outcomes(third), withBookmarks() ? ['kept', 'kept'] : [])
      await checkMigratedEvents(target, written, checks())
    }, 120_000)

    it('stops at `limit` and goes on from its saved progress', async () => {
      const partial = await harness.migrate('limited', { limit: 7, batchSize: 3 })
      assert.equal(partial.complete, false)
      assert.equal(partial.events, 7)
      assert.deepEqual(partial.bookmarks, [])
      const log = await readWholeLog(harness.provider('limited'))
      assert.deepEqual(log.map((e) => eventKey(e)), written.events.slice(0, 7).map((e) => eventKey(e)))
      const more = await harness.migrate('limited', { limit: 11, batchSize: 4 })
      assert.equal(more.complete, false)
      const rest = await harness.migrate('limited', { batchSize: 5 })
      assert.equal(rest.complete, true)
      assert.equal(partial.copied + more.copied + rest.copied, written.events.length, 'each event appended once')
      await checkMigratedEvents(harness.provider('limited'), written, checks())
      await checkHandlersResume(harness.provider('limited'), written, checks())
    }, 120_000)

    it('rejects with the reason of an aborted signal and goes on on the next run', async () => {
      const controller = new AbortController()
      const reason = new Error('stop here')
      await assert.rejects(
        harness.migrate('aborted', { batchSize: 4, signal: controller.signal, onProgress: () => controller.abort(reason) }),
        (err) => err === reason,
      )
      const log = await readWholeLog(harness.provider('aborted'))
      assert.ok(log.length >= 4 && log.length < written.events.length, `stopped part-way (${log.length})`)
      const rest = await harness.migrate('aborted')
      assert.equal(rest.complete, true)
      await checkMigratedEvents(harness.provider('aborted'), written, checks())
    }, 120_000)

    it('the command killed part-way, run again, copies everything once', async () => {
      const killed = await runCli([...harness.cli('crashed'), '--batch-size', '2'], true)
      assert.equal(killed.code, null, `killed by the signal (stderr: ${killed.stderr})`)
      const log = await readWholeLog(harness.provider('crashed'))
      assert.ok(log.length >= 2 && log.length < written.events.length, `stopped part-way (${log.length})`)
      const again = await runCli([...harness.cli('crashed'), '--batch-size', '20'], false)
      assert.equal(again.code, 0, again.stderr)
      const result = JSON.parse(again.stdout) as V12MigrationResult
      assert.equal(result.complete, true)
      assert.equal(result.copied + log.length, written.events.length, 'nothing appended twice')
      await checkMigratedEvents(harness.provider('crashed'), written, checks())
      await checkHandlersResume(harness.provider('crashed'), written, checks())
    }, 120_000)

    it('refuses an unknown option with a ValidationError, before anything is written', async () => {
      const options = { batchSize: 10, pageSize: 10 } as V12MigrationOptions
      await assert.rejects(harness.migrate('unknown_option', options), (err: unknown) => {
        if (!isValidationError(err)) throw err
        assert.equal(err.path, 'options.pageSize')
        return true
      })
      await harness.prepare('unknown_option')
      assert.deepEqual(await readWholeLog(harness.provider('unknown_option')), [])
    })

    it('stops with MigrationConflictError where the target holds another event, and overwrites nothing', async () => {
      const first = written.events[0]!
      await harness.prepare('alien')
      const target = harness.provider('alien')
      const foreignId = `foreign-${first.aggregateId}`
      await target.append({
        stream: first.stream,
        aggregateId: first.aggregateId,
        expectedVersion: 0,
        events: [{ id: foreignId, event: { type: 'written-elsewhere' } }],
      })
      await assert.rejects(harness.migrate('alien'), (err: unknown) => {
        if (!isMigrationConflictError(err)) throw err
        assert.equal(err.stream, first.stream)
        assert.equal(err.aggregateId, first.aggregateId)
        assert.equal(err.version, 1)
        return true
      })
      const log = await readWholeLog(target)
      assert.deepEqual(log.map((e) => e.id), [foreignId], 'the foreign event stays, nothing was copied after it')
    }, 120_000)
  })
}
