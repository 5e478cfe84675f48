import { neo4jErrorCode, neo4jProviderError } from './neo4j-errors.js'
import { parseOptions, quoteLabel, type Neo4jMigrateOptions } from './options.js'
import {
  SchemaConflictError,
  ensureCounter,
  runAlone,
  uniqueRules,
  type UniqueRule,
} from './migrate-steps.js'
import { snapshotKeyProperties } from './snapshot-store.js'
import type { TransactionTarget } from './transaction.js'

/** The constraint's name: the label and its properties, so stores side by side never share one. */
function constraintName(rule: UniqueRule): string {
  return `${rule.label}_${rule.properties.join('_')}_unique`
}

function createStatement(rule: UniqueRule): string {
  const properties = rule.properties.map((p) => `n.${p}`)
  const required = properties.length === 1 ? properties[0]! : `(${properties.join(', ')})`
  return `CREATE CONSTRAINT ${quoteLabel(constraintName(rule))} IF NOT EXISTS FOR (n:${quoteLabel(rule.label)}) REQUIRE ${required} IS UNIQUE`
}

/** Uniqueness constraints as `SHOW CONSTRAINTS` reports them (4.4: UNIQUENESS; 5: also NODE_PROPERTY_UNIQUENESS). */
const UNIQUE_TYPES = new Set(['UNIQUENESS', 'NODE_PROPERTY_UNIQUENESS'])

/** A constraint as `SHOW CONSTRAINTS` lists it. */
interface ListedConstraint {
  name: string
  type: string
  labels: string[]
  properties: string[]
}

async function listConstraints(target: TransactionTarget): Promise<ListedConstraint[]> {
  const rows = await runAlone(
    target,
    'SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN name, type, labelsOrTypes, properties',
  )
  return rows.map((r) => ({
    name: String(r.get('name')),
    type: String(r.get('type')),
    labels: (r.get('labelsOrTypes') as string[] | null) ?? [],
    properties: (r.get('properties') as string[] | null) ?? [],
  }))
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i])

/** Whether a listed constraint is a node uniqueness constraint holding `rule`. */
const holds = (rule: UniqueRule) => (c: ListedConstraint) =>
  UNIQUE_TYPES.has(c.type) && same(c.labels, [rule.label]) && same(c.properties, rule.properties)

/** Checks that every rule is held by a node uniqueness constraint, and that our names mean what we meant. */
async function verifyConstraints(target: TransactionTarget, rules: readonly UniqueRule[]): Promise<void> {
  const listed = await listConstraints(target)
  for (const rule of rules) {
    const named = listed.find((c) => c.name === constraintName(rule))
    if (named !== undefined && !holds(rule)(named)) {
      throw new SchemaConflictError(
        `constraint ${named.name} exists but is ${named.type} on :${named.labels.join(':')}(${named.properties.join(', ')}), not unique on :${rule.label}(${rule.properties.join(', ')})`,
      )
    }
    if (!listed.some(holds(rule))) {
      throw new SchemaConflictError(
        `no uniqueness constraint on :${rule.label}(${rule.properties.join(', ')}) after creating it`,
      )
    }
  }
}

/**
 * Whether the database has a uniqueness constraint holding `rule` (Neo4j 4.4 and 5), e.g.
 * the one on lease names that a store migrated before leases existed lacks.
 *
 * @example
 * ```ts
 * await hasUniqueConstraint(target, { label: 'Bookmarks_Leases', properties: ['name'] }) // true after migrate()
 * ```
 */
export async function hasUniqueConstraint(target: TransactionTarget, rule: UniqueRule): Promise<boolean> {
  return (await listConstraints(target)).some(holds(rule))
}

/**
 * Prepares a store on Neo4j 4.4 or 5: the unique constraints (`CREATE CONSTRAINT … IF NOT
 * EXISTS FOR … REQUIRE … IS UNIQUE`) on the events' `(stream, aggregateId, version)`, `id`
 * and `position`, on the counter's, bookmarks' and leases' `name`, on the snapshot nodes'
 * `(stream, aggregateId)` (label `<events>_Snapshots`), then the counter node. Each
 * statement runs in its own transaction. Safe to run any number of times, also
 * concurrently. A schema that does not fit (a constraint of the same name on something
 * else, an index in the way, a counter behind the stored positions) fails with a
 * `ProviderError` whose `cause` says what is wrong; nothing is swallowed. Labels are
 * validated before any I/O. For Neo4j 3.5 use `migrate` from `@evtstore/provider-neo4j/v3`.
 *
 * @example
 * ```ts
 * import neo4j from 'neo4j-driver'
 * import { migrate } from '@evtstore/provider-neo4j'
 * const client = neo4j.driver('bolt://localhost:7687', neo4j.auth.basic('neo4j', 'secret'))
 * await migrate({ client, events: 'Events', bookmarks: 'Bookmarks' })
 * ```
 */
export async function migrate(options: Neo4jMigrateOptions): Promise<void> {
  const { client, labels, database } = parseOptions(options, { databases: true, migrate: true })
  const target: TransactionTarget = { client, database }
  const rules = uniqueRules(labels, ['stream', 'aggregateId', 'version'], snapshotKeyProperties(false))
  try {
    for (const rule of rules) {
      try {
        await runAlone(target, createStatement(rule))
      } catch (err) {
        // a concurrent migration created it between the server's check and its own
        if (neo4jErrorCode(err) !== 'Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists') throw err
      }
    }
    await verifyConstraints(target, rules)
    await ensureCounter(target, labels)
  } catch (err) {
    throw neo4jProviderError('neo4j', 'migrate', err)
  }
}
