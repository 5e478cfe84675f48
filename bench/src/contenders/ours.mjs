// Our side of every suite, whatever the provider: everything goes through createDomain,
// createCommands and createHandler, exactly as users call them (the guard, the envelope
// checks and copies, the cache and the bookmark saves all run).
//
// A contender (this one, the raw drivers, evtstore@12, Emmett) is an object with:
//   label                     what the report calls it
//   open()                    connect and migrate
//   append(id, version, evs)  store payloads at an expected version (one round of the store's own append)
//   command?(id)              one deposit command: load (cached where the library caches) and append one event
//   load(id)                  read and fold one aggregate from the store, no cache
//   catchUp(batch, progress)  a new reader from position zero until caught up; resolves to the events seen
//   follow?(onEvent, options) a running handler with default poll settings; resolves to { stop() }
//                             (ours: options.push === false polls only, as `push: false` does)
//   pushes?()                 whether a follow is woken by push (ours: the provider's capability push)
//   close()
//   missing                   { command?, follow?, catchUp?, load? }: why a scenario cannot run for it
import { randomUUID } from 'node:crypto'
import { createAggregate, createCommands, createDomain } from '@evtstore/core'
import { STREAM, deposit, foldChanges, initialState } from '../model.mjs'

const account = createAggregate({ stream: STREAM, create: initialState, fold: foldChanges })

/**
 * Our contender over a provider. `connect()` resolves to `{ provider, close }` with the
 * store migrated.
 */
export function oursContender(label, connect) {
  let connection
  let domain
  let commands
  let uncached
  let createHandler
  return {
    label,
    missing: {},
    async open() {
      connection = await connect()
      ;({ domain, createHandler } = createDomain({ provider: connection.provider }, { account }))
      uncached = createDomain({ provider: connection.provider, cacheSize: 0 }, { account }).domain
      commands = createCommands(domain.account, { deposit: (cmd) => deposit(cmd.n) })
    },
    async append(id, version, events) {
      await domain.account.append(id, events, { expectedVersion: version })
    },
    async command(id) {
      await commands.deposit(id, { n: 1 })
    },
    async load(id) {
      const { balance, count, version } = await uncached.account.getAggregate(id)
      return { balance, count, version }
    },
    async catchUp(batchSize, progress) {
      const handler = createHandler(`catch-up-${randomUUID()}`, [STREAM], { batchSize })
      let seen = 0
      handler.handle(STREAM, 'deposited', () => {
        seen++
        if (seen % 1000 === 0) progress?.(seen)
      })
      // runOnce ends at the first empty page. On Postgres a page can be empty for a moment
      // while an older transaction is still open anywhere on the server (the ordering gate;
      // on a server shared with other suites, their migrations): run again until a run
      // finds nothing new, as a running handler would on its next poll.
      while ((await handler.runOnce()).handled > 0);
      return seen
    },
    pushes: () => connection?.provider.capabilities?.push === true,
    async follow(onEvent, { push } = {}) {
      const handler = createHandler(`follow-${randomUUID()}`, [STREAM], push === false ? { push: false } : {})
      handler.handle(STREAM, 'deposited', (id) => onEvent(id))
      handler.start()
      return { stop: () => handler.stop() }
    },
    async close() {
      await connection?.close()
    },
  }
}
