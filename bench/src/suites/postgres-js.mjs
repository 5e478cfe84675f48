// Suite: @evtstore/provider-postgres against raw postgres.js, evtstore@12's postgres provider and Emmett.
import * as providerPostgres from '@evtstore/provider-postgres'
import postgres from 'postgres'
import { emmettPostgres } from '../contenders/emmett-postgres.mjs'
import { oursContender } from '../contenders/ours.mjs'
import { rawPostgres } from '../contenders/raw-postgres.mjs'
import { v12Contender, v12Provider } from '../contenders/v12.mjs'
import { POOL_SIZE } from './clients.mjs'

const connect = (url) => postgres(url, { max: POOL_SIZE, onnotice: () => undefined })

export default {
  title: 'provider-postgres (Postgres, postgres.js)',
  server: 'postgres',
  contenders: {
    ours: (store) =>
      oursContender('ours, provider-postgres', async () => {
        const sql = connect(store.url)
        await providerPostgres.migrate({ sql })
        return { provider: providerPostgres.createProvider({ sql }), close: () => sql.end() }
      }),
    raw: rawPostgres,
    v12: (store) =>
      v12Contender('evtstore@12, postgres', async () => {
        const sql = connect(store.url)
        const { createProvider, migrate } = v12Provider('postgres')
        if (!store.existing) await migrate({ sql, events: 'v12_events', bookmarks: 'v12_bookmarks' }) // not idempotent
        return {
          provider: createProvider({ sql, events: 'v12_events', bookmarks: 'v12_bookmarks', limit: 1000 }),
          close: () => sql.end(),
        }
      }),
    emmett: emmettPostgres,
  },
}
