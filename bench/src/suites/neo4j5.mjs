// Suite: @evtstore/provider-neo4j on Neo4j 5 against raw neo4j-driver and evtstore@12's neo4j provider.
import * as providerNeo4j from '@evtstore/provider-neo4j'
import neo4j from 'neo4j-driver'
import { oursContender } from '../contenders/ours.mjs'
import { rawNeo4j } from '../contenders/raw-neo4j.mjs'
import { v12Contender, v12Provider } from '../contenders/v12.mjs'
import { POOL_SIZE } from './clients.mjs'

const connect = (url) => neo4j.driver(url, undefined, { maxConnectionPoolSize: POOL_SIZE })

/**
 * evtstore@12's neo4j migrate writes its constraints in the Neo4j 4 syntax (`ON … ASSERT`),
 * which Neo4j 5 refuses; the same two indexes and two constraints in the Neo4j 5 syntax.
 */
async function migrateV12(client, E) {
  for (const statement of [
    `CREATE INDEX ${E}_stream_position IF NOT EXISTS FOR (ev:${E}) ON (ev.stream, ev.position)`,
    `CREATE INDEX ${E}_stream_id_pos IF NOT EXISTS FOR (ev:${E}) ON (ev.stream, ev.aggregateId, ev.position)`,
    `CREATE CONSTRAINT ${E}_streampos_unique IF NOT EXISTS FOR (ev:${E}) REQUIRE ev._streamPos IS UNIQUE`,
    `CREATE CONSTRAINT ${E}_streamidversion_unique IF NOT EXISTS FOR (ev:${E}) REQUIRE ev._streamIdVersion IS UNIQUE`,
  ]) {
    await client.executeQuery(statement)
  }
}

export default {
  title: 'provider-neo4j (Neo4j 5)',
  server: 'neo4j5',
  contenders: {
    ours: (store) =>
      oursContender('ours, provider-neo4j', async () => {
        const client = connect(store.url)
        const labels = { events: `${store.name}_Events`, bookmarks: `${store.name}_Bookmarks` }
        await providerNeo4j.migrate({ client, ...labels })
        return { provider: providerNeo4j.createProvider({ client, ...labels }), close: () => client.close() }
      }),
    raw: rawNeo4j,
    v12: (store) =>
      v12Contender('evtstore@12, neo4j (its schema in Neo4j 5 syntax)', async () => {
        const client = connect(store.url)
        const labels = { events: `${store.name}_V12Events`, bookmarks: `${store.name}_V12Bookmarks` }
        await migrateV12(client, labels.events)
        return {
          provider: v12Provider('neo4j').createProvider({ client, ...labels, limit: 1000 }),
          close: () => client.close(),
        }
      }),
    emmett: 'Emmett 0.42 has no Neo4j event store',
  },
}
