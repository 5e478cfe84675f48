import { createDomain, type Provider } from '@evtstore/core'
import { counterAggregate } from '../support/test-domain.js'
import { preciseNow, type ParentMessage, type ProcessConfig, type ProcessMessage } from './process-messages.js'

/** What a child script opens: the provider on the test's database, and how to close it. */
export interface ProcessChildSetup {
  /** The provider under test, on the database the parent process uses. */
  provider: Provider
  /** Closes its connections when the process is told to stop. */
  close?: () => unknown
}

/**
 * The body of a handler process forked by {@link runExclusiveProcesses} or
 * {@link runPartitionedProcesses}: it opens a provider (with the connection details the
 * test put in the environment), runs one exclusive handler as `EVTSTORE_PROCESS_CONFIG`
 * says, reports every event it begins and ends and every lease change over IPC, and on
 * `{ kind: 'stop' }` stops the handler (which releases the lease) and exits.
 *
 * @example
 * ```js
 * // test/processes/handler-process.cjs
 * const { runProcessChild } = require('@evtstore/conformance')
 * const { createProvider } = require('@evtstore/provider-pg')
 * const pg = require('pg')
 * runProcessChild(async () => {
 *   const pool = new pg.Pool({ connectionString: process.env.TEST_DATABASE_URL })
 *   return { provider: createProvider({ client: pool }), close: () => pool.end() }
 * })
 * ```
 */
export function runProcessChild(open: () => ProcessChildSetup | Promise<ProcessChildSetup>): void {
  const send = (message: ProcessMessage) => process.send?.(message)
  const fail = (error: unknown) => {
    process.stderr.write(`handler process ${process.pid} failed: ${error instanceof Error ? error.stack : String(error)}\n`)
    process.exit(1)
  }
  void (async () => {
    if (process.send === undefined) throw new Error('runProcessChild: run this script with child_process.fork (no IPC channel)')
    const config = JSON.parse(process.env.EVTSTORE_PROCESS_CONFIG ?? 'null') as ProcessConfig | null
    if (config === null) throw new Error('runProcessChild: EVTSTORE_PROCESS_CONFIG is not set')
    const { provider, close } = await open()
    const { createHandler } = createDomain({ provider, cacheSize: 0 }, { counter: counterAggregate(config.stream) })
    const handler = createHandler(config.handler, [config.stream], {
      batchSize: config.batchSize,
      tailInterval: 20,
      exclusive: config.exclusive,
      ...(config.partition === undefined ? {} : { partition: config.partition }),
      hooks: { onLease: (change) => void send({ kind: 'lease', pid: process.pid, ...change, at: preciseNow() }) },
    })
    handler.handle(config.stream, 'added', async (aggregateId, _event, envelope) => {
      send({ kind: 'begin', pid: process.pid, id: envelope.id, aggregateId, version: envelope.version, position: envelope.position, at: preciseNow() })
      await new Promise((resolve) => setTimeout(resolve, config.handleMs))
      send({ kind: 'end', pid: process.pid, id: envelope.id, at: preciseNow() })
    })
    process.on('message', (message: ParentMessage) => {
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
