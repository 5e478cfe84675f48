import neo4j5 from 'neo4j-driver'
import neo4j4 from 'neo4j-driver-v4'

/** The few session methods both driver lines share. */
interface CypherSession {
  run(query: string, params?: Record<string, unknown>): PromiseLike<{ records: Array<{ get(key: string): unknown }> }>
  close(): Promise<void>
}

/**
 * Runs one function with a session; 3.5 speaks only Bolt v3, which the 4.4 driver
 * line handles (5.x drivers refuse it), so `legacy` picks that driver.
 */
async function withSession<T>(url: string, legacy: boolean, run: (session: CypherSession) => Promise<T>): Promise<T> {
  const driver = legacy
    ? neo4j4.driver(url, undefined, { connectionTimeout: 5000, logging: undefined })
    : neo4j5.driver(url, undefined, { connectionTimeout: 5000 })
  const session = driver.session() as unknown as CypherSession
  try {
    return await run(session)
  } finally {
    await session.close()
    await driver.close()
  }
}

/** The kernel's own version line, e.g. `Neo4j Kernel 5.26.12 community`. */
export function neo4jVersion(url: string, legacy: boolean): Promise<string> {
  return withSession(url, legacy, async (session) => {
    const result = await session.run(
      'CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition',
    )
    const record = result.records[0]!
    return `${String(record.get('name'))} ${String(record.get('version'))} ${String(record.get('edition'))}`
  })
}

/**
 * Deletes everything a test created under its name: nodes with a label starting with
 * the name, and constraints and indexes on such labels.
 */
export function neo4jDrop(url: string, legacy: boolean, name: string): Promise<void> {
  return withSession(url, legacy, async (session) => {
    await session.run(
      'MATCH (n) WHERE any(l IN labels(n) WHERE l STARTS WITH $name) DETACH DELETE n',
      { name },
    )
    if (legacy) {
      // 3.5: no names; drop by the description the server gives.
      for (const proc of ['db.constraints', 'db.indexes']) {
        const result = await session.run(`CALL ${proc}() YIELD description RETURN description`)
        for (const record of result.records) {
          const description = String(record.get('description'))
          if (new RegExp(`:${name}\\w*`).test(description)) await session.run(`DROP ${description}`)
        }
      }
      return
    }
    for (const [what, plural] of [['CONSTRAINT', 'CONSTRAINTS'], ['INDEX', 'INDEXES']] as const) {
      const listed = await session.run(`SHOW ${plural} YIELD name, labelsOrTypes RETURN name, labelsOrTypes`)
      for (const record of listed.records) {
        const labels = (record.get('labelsOrTypes') as string[] | null) ?? []
        if (labels.some((label) => label.startsWith(name))) {
          await session.run(`DROP ${what} \`${String(record.get('name'))}\` IF EXISTS`)
        }
      }
    }
  })
}
