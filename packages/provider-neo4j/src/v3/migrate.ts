import { neo4jErrorCode, neo4jProviderError } from '../neo4j-errors.js'
import {
  SchemaConflictError,
  ensureCounter,
  runAlone,
  uniqueRules,
  type UniqueRule,
} from '../migrate-steps.js'
import { parseOptions, quoteLabel } from '../options.js'
import { snapshotKeyProperties } from '../snapshot-store.js'
import type { TransactionTarget } from '../transaction.js'
import type { Neo4jV3MigrateOptions } from './options.js'

/** `CONSTRAINT ON ( events:Events ) ASSERT events.id IS UNIQUE`, as 3.5's `db.constraints()` describes one. */
const CONSTRAINT = /^CONSTRAINT ON \( *`?\w+`?:`?(\w+)`? *\) ASSERT `?\w+`?\.`?(\w+)`? IS UNIQUE$/
/** `INDEX ON :Events(stream, aggregateId)`, as `db.indexes()` describes one. */
const INDEX = /^INDEX ON :`?(\w+)`?\(([^)]*)\)$/

/** The read index 3.5 needs for one aggregate's events (3.5 composite indexes serve equality on all their properties). */
const AGGREGATE_INDEX = ['stream', 'aggregateId'] as const

async function listUnique(target: TransactionTarget): Promise<Set<string>> {
  const rows = await runAlone(target, 'CALL db.constraints() YIELD description RETURN description')
  const found = new Set<string>()
  for (const row of rows) {
    const match = CONSTRAINT.exec(String(row.get('description')))
    if (match) found.add(`${match[1]}.${match[2]}`)
  }
  return found
}

async function listIndexes(target: TransactionTarget): Promise<Set<string>> {
  const rows = await runAlone(target, 'CALL db.indexes() YIELD description RETURN description')
  const found = new Set<string>()
  for (const row of rows) {
    const match = INDEX.exec(String(row.get('description')))
    if (match)
      found.add(
        `${match[1]}(${match[2]!
          .split(',')
          .map((p) => p.trim().replace(/`/g, ''))
          .join(', ')})`,
      )
  }
  return found
}

/** Runs a schema statement; a concurrent migration that created the same rule first is fine. */
async function create(target: TransactionTarget, statement: string): Promise<void> {
  try {
    await runAlone(target, statement)
  } catch (err) {
    if (neo4jErrorCode(err) !== 'Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists') throw err
  }
}

const key = (rule: UniqueRule) => `${rule.label}.${rule.properties[0]!}`

/**
 * Whether Neo4j 3.5 has the single-property uniqueness constraint `rule`, e.g. the one on
 * lease names that a store migrated before leases existed lacks.
 *
 * @example
 * ```ts
 * await hasUniqueConstraintV3(target, { label: 'Bookmarks_Leases', properties: ['name'] }) // true after migrate()
 * ```
 */
export async function hasUniqueConstraintV3(target: TransactionTarget, rule: UniqueRule): Promise<boolean> {
  return (await listUnique(target)).has(key(rule))
}

/**
 * Prepares a store on Neo4j 3.5, which has neither composite unique constraints nor `IF
 * NOT EXISTS`: it lists the constraints and indexes there are, creates the missing ones
 * one statement at a time (`CREATE CONSTRAINT ON (n:L) ASSERT n.p IS UNIQUE` on the
 * events' concatenated `versionKey`, `id` and `position`, on the counter's, bookmarks' and
 * leases' `name`, on the snapshot nodes' concatenated `aggregateKey`; an index on
 * `:L(stream, aggregateId)` for aggregate reads), checks they are all there, then creates
 * the counter node. Safe to run any number of times, also
 * concurrently. A schema in the way (an index where a constraint must go, a counter
 * behind the stored positions) fails with a `ProviderError`; nothing is swallowed.
 *
 * @example
 * ```ts
 * import neo4j from 'neo4j-driver'
 * import { migrate } from '@evtstore/provider-neo4j/v3'
 * const client = neo4j.driver('bolt://localhost:7687', neo4j.auth.basic('neo4j', 'secret'))
 * await migrate({ client, events: 'Events', bookmarks: 'Bookmarks' })
 * ```
 */
export async function migrate(options: Neo4jV3MigrateOptions): Promise<void> {
  const { client, labels } = parseOptions(options, { databases: false, migrate: true })
  const target: TransactionTarget = { client, database: undefined }
  const rules = uniqueRules(labels, ['versionKey'], snapshotKeyProperties(true))
  const index = `${labels.events}(${AGGREGATE_INDEX.join(', ')})`
  try {
    const existing = await listUnique(target)
    for (const rule of rules) {
      if (existing.has(key(rule))) continue
      await create(
        target,
        `CREATE CONSTRAINT ON (n:${quoteLabel(rule.label)}) ASSERT n.${rule.properties[0]!} IS UNIQUE`,
      )
    }
    if (!(await listIndexes(target)).has(index)) {
      await create(target, `CREATE INDEX ON :${quoteLabel(labels.events)}(${AGGREGATE_INDEX.join(', ')})`)
    }
    const created = await listUnique(target)
    const missing = rules.filter((rule) => !created.has(key(rule)))
    if (missing.length > 0) {
      throw new SchemaConflictError(
        `no uniqueness constraint on ${missing.map(key).join(', ')} after creating it`,
      )
    }
    if (!(await listIndexes(target)).has(index))
      throw new SchemaConflictError(`no index on :${index} after creating it`)
    await ensureCounter(target, labels)
  } catch (err) {
    throw neo4jProviderError('neo4j-v3', 'migrate', err)
  }
}
