// evtstore@12 over one of its own providers, used through its own domain, commands and
// handlers the way its README shows (aggregate cache on, as ours is).
import { randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import { STREAM, deposit, foldChanges, initialState } from '../model.mjs'

const require = createRequire(import.meta.url)
const v12 = require('evtstore')

/** The provider module of evtstore@12 for one database, e.g. v12Provider('pg'). */
export const v12Provider = (name) => require(`evtstore/provider/${name}`)

/**
 * evtstore@12 as a contender. `connect()` resolves to `{ provider, close }` with its
 * tables created.
 */
export function v12Contender(label, connect) {
  let connection
  let domain
  let uncached
  let commands
  let createHandler
  const handlers = []
  const aggregate = v12.createAggregate({ stream: STREAM, create: initialState, fold: foldChanges })
  return {
    label,
    missing: {},
    async open() {
      connection = await connect()
      ;({ domain, createHandler } = v12.createDomain(
        { provider: connection.provider, useCache: true },
        { account: aggregate },
      ))
      uncached = v12.createDomain(
        { provider: connection.provider, useCache: false },
        { account: aggregate },
      ).domain
      commands = v12.createCommands(domain.account, { deposit: async (cmd) => deposit(cmd.n) })
    },
    async append(id, version, events) {
      const provider = connection.provider
      await provider.append(STREAM, id, version + 1, provider.createEvents(STREAM, id, version + 1, events))
    },
    async command(id) {
      await commands.deposit(id, { n: 1 })
    },
    async load(id) {
      const { balance, count, version } = await uncached.account.getAggregate(id)
      return { balance, count, version }
    },
    async catchUp(_batchSize, progress) {
      const handler = createHandler(`catch-up-${randomUUID()}`, [STREAM])
      handlers.push(handler)
      let seen = 0
      handler.handle(STREAM, 'deposited', async () => {
        seen++
        if (seen % 1000 === 0) progress?.(seen)
      })
      await handler.runOnce()
      return seen
    },
    async follow(onEvent) {
      const handler = createHandler(`follow-${randomUUID()}`, [STREAM])
      handlers.push(handler)
      handler.handle(STREAM, 'deposited', async (id) => onEvent(id))
      handler.start()
      return { stop: async () => handler.stop() }
    },
    async close() {
      // its handlers poll on a timer from creation on and cannot be disposed: stop them all
      for (const handler of handlers) handler.stop()
      await connection?.close()
    },
  }
}
