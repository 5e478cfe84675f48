// evtstore@12 through its knex provider, on whatever database the store is.
import { v12Contender, v12Provider } from '../contenders/v12.mjs'
import { knexFor } from './clients.mjs'

/** evtstore@12's knex provider on the store's database. */
export function v12Knex(label, store) {
  return v12Contender(label, async () => {
    const db = knexFor(store, { quiet: true })
    const { createProvider, migrate } = v12Provider('knex')
    if (!store.existing) await migrate({ client: db, events: 'v12_events', bookmarks: 'v12_bookmarks' })
    const provider = createProvider({
      events: () => db.table('v12_events'),
      bookmarks: () => db.table('v12_bookmarks'),
      limit: 1000,
    })
    return { provider, close: () => db.destroy() }
  })
}
