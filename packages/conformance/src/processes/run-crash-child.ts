import { createDomain, type Provider, type StoredEvent } from '@evtstore/core'
import { counterAggregate } from '../support/test-domain.js'
import type { CrashConfig, CrashMessage } from './crash-messages.js'

/** What a crash-test child script opens: the provider, the projection write, and how to close. */
export interface CrashChildSetup {
  /** The provider under test, on the database the parent process uses. */
  provider: Provider
  /**
   * Writes the projection row of `event` (one row per call, no unique key, so the test can
   * count duplicates): through `tx`, the handler's transaction, when it is given; without
   * one (`undefined`, the ordinary handler mode) through the connection pool.
   */
  write(tx: unknown, event: StoredEvent): Promise<void>
  /** Closes its connections when the process is told to stop. */
  close?: () => unknown
}

/**
 * The body of a handler process forked by {@link runCrashProcesses}: it opens the provider,
 * runs the handler `EVTSTORE_CRASH_CONFIG` describes — each event writes its projection row
 * with `write`, in the handler's transaction when the handler is `transactional` — and
 * reports `ready` over IPC once started. The test SIGKILLs it at random points; on
 * `{ kind: 'stop' }` it stops the handler and exits.
 *
 * @example
 * ```js
 * // test/processes/crash-process.cjs
 * const { runCrashChild } = require('@evtstore/conformance')
 * const { createProvider } = require('@evtstore/provider-pg')
 * const pg = require('pg')
 * runCrashChild(() => {
 *   const pool = new pg.Pool({ connectionString: process.env.TEST_DATABASE_URL })
 *   return {
 *     provider: createProvider({ client: pool }),
 *     write: (tx, event) => (tx ?? pool).query('INSERT INTO crash_projection (event_id) VALUES ($1)', [event.id]),
 *     close: () => pool.end(),
 *   }
 * })
 * ```
 */
export function runCrashChild(open: () => CrashChildSetup | Promise<CrashChildSetup>): void {
  const send = (message: CrashMessage) => process.send?.(message)
  const fail = (error: unknown) => {
    process.stderr.write(`crash-test process ${process.pid} failed: ${error instanceof Error ? error.stack : String(error)}\n`)
    process.exit(1)
  }
  void (async () => {
    if (process.send === undefined) throw new Error('runCrashChild: run this script with child_process.fork (no IPC channel)')
    const config = JSON.parse(process.env.EVTSTORE_CRASH_CONFIG ?? 'null') as CrashConfig | null
    if (config === null) throw new Error('runCrashChild: EVTSTORE_CRASH_CONFIG is not set')
    const { provider, write, close } = await open()
    const { createHandler } = createDomain({ provider, cacheSize: 0 }, { counter: counterAggregate(config.stream) })
    const handler = createHandler(config.handler, [config.stream], {
      batchSize: config.batchSize,
      tailInterval: 20,
      retryDelay: { initialMs: 20, maxMs: 200 },
      transactional: config.transactional,
    })
    handler.handle(config.stream, 'added', async (_aggregateId, _event, envelope, tx) => {
      await write(tx, envelope)
      await new Promise((resolve) => setTimeout(resolve, config.handleMs))
    })
    process.on('message', (message: { kind?: unknown }) => {
      if (message.kind !== 'stop') return
      void (async () => {
        await handler.stop()
        await close?.()
        send({ kind: 'stopped', pid: process.pid })
        process.disconnect()
      })().catch(fail)
    })
    handler.start()
    send({ kind: 'ready', pid: process.pid })
  })().catch(fail)
}
