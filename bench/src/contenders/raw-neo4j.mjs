// Raw neo4j-driver: one node per event, positions from a counter node in the same
// auto-commit query, unique constraints on the event id, the position and aggregate +
// version (what any global order on Neo4j needs; ours does the same in one transaction).
import { randomUUID } from 'node:crypto'
import neo4j from 'neo4j-driver'
import { STREAM } from '../model.mjs'
import { foldRows } from './raw-sql.mjs'

/** Raw neo4j-driver: one query per append, paged MATCH by position, MATCH + fold. */
export function rawNeo4j(store) {
  let driver
  const E = `${store.name}_RawEvent`
  const C = `${store.name}_RawCounter`
  const run = (query, params) => driver.executeQuery(query, params, { routing: neo4j.routing.WRITE })
  return {
    label: 'raw neo4j-driver',
    missing: {
      command: 'no commands: compared with its single CREATE',
      follow: 'no handler in a raw driver',
    },
    async open() {
      driver = neo4j.driver(store.url, undefined, {
        maxConnectionPoolSize: 16,
        disableLosslessIntegers: true,
      })
      await run(`CREATE CONSTRAINT ${E}_id IF NOT EXISTS FOR (e:${E}) REQUIRE e.id IS UNIQUE`)
      await run(`CREATE CONSTRAINT ${E}_position IF NOT EXISTS FOR (e:${E}) REQUIRE e.position IS UNIQUE`)
      await run(
        `CREATE CONSTRAINT ${E}_head IF NOT EXISTS FOR (e:${E}) REQUIRE (e.stream, e.aggregateId, e.version) IS UNIQUE`,
      )
      await run(`MERGE (c:${C} {name: 'raw'}) ON CREATE SET c.value = 0`)
    },
    async append(id, version, list) {
      const rows = list.map((p, k) => ({
        version: version + 1 + k,
        id: randomUUID(),
        payload: JSON.stringify(p),
      }))
      await run(
        `MATCH (c:${C} {name: 'raw'}) SET c.value = c.value + size($rows)
         WITH c.value - size($rows) AS base UNWIND range(0, size($rows) - 1) AS i WITH base, i, $rows[i] AS row
         CREATE (:${E} {position: base + i + 1, stream: $stream, aggregateId: $aggregateId, version: row.version, id: row.id, payload: row.payload})`,
        { rows, stream: STREAM, aggregateId: id },
      )
    },
    async load(id) {
      const { records } = await run(
        `MATCH (e:${E}) WHERE e.stream = $stream AND e.aggregateId = $aggregateId RETURN e.version AS version, e.payload AS payload ORDER BY e.version`,
        { stream: STREAM, aggregateId: id },
      )
      return foldRows(
        records.map((r) => ({ version: r.get('version'), payload: r.get('payload') })),
        (row) => JSON.parse(row.payload),
      )
    },
    async catchUp(batchSize, progress) {
      let after = 0
      let seen = 0
      for (;;) {
        const { records } = await run(
          `MATCH (e:${E}) WHERE e.stream = $stream AND e.position > $after
           RETURN e.position AS position, e.aggregateId AS aggregateId, e.version AS version, e.payload AS payload ORDER BY e.position LIMIT $limit`,
          { stream: STREAM, after, limit: neo4j.int(batchSize) },
        )
        if (records.length === 0) return seen
        for (const r of records) if (JSON.parse(r.get('payload')).type === 'deposited') seen++
        after = records[records.length - 1].get('position')
        progress?.(seen)
      }
    },
    async close() {
      await driver?.close()
    },
  }
}
