// Ours through @evtstore/provider-knex, on whatever database the store is.
import * as providerKnex from '@evtstore/provider-knex'
import { oursContender } from '../contenders/ours.mjs'
import { knexFor } from './clients.mjs'

/** Our knex provider on the store's database. */
export function oursKnex(label, store) {
  return oursContender(label, async () => {
    const db = knexFor(store)
    await providerKnex.migrate({ client: db })
    return { provider: providerKnex.createProvider({ client: db }), close: () => db.destroy() }
  })
}
