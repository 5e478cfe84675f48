// Suite: @evtstore/provider-pg against raw pg, evtstore@12's pg provider and Emmett.
import * as providerPg from '@evtstore/provider-pg'
import { emmettPostgres } from '../contenders/emmett-postgres.mjs'
import { oursContender } from '../contenders/ours.mjs'
import { rawPg } from '../contenders/raw-pg.mjs'
import { v12Contender, v12Provider } from '../contenders/v12.mjs'
import { pgPool } from './clients.mjs'

/** evtstore@12 on Postgres through its pg provider. */
function v12Pg(store) {
  return v12Contender('evtstore@12, pg', async () => {
    const client = pgPool(store.url)
    const { createProvider, migrate } = v12Provider('pg')
    if (!store.existing) await migrate({ client, events: 'v12_events', bookmarks: 'v12_bookmarks' })
    return {
      provider: createProvider({ client, events: 'v12_events', bookmarks: 'v12_bookmarks', limit: 1000 }),
      close: () => client.end(),
    }
  })
}

export default {
  title: 'provider-pg (Postgres, node-postgres)',
  server: 'postgres',
  contenders: {
    ours: (store) =>
      oursContender('ours, provider-pg', async () => {
        const client = pgPool(store.url)
        await providerPg.migrate({ client })
        return { provider: providerPg.createProvider({ client }), close: () => client.end() }
      }),
    raw: rawPg,
    v12: v12Pg,
    emmett: emmettPostgres,
  },
}
