import type { MongoCollectionLike } from './options.js'
import type { StoreCollections } from './store-collections.js'

/** One index the provider relies on. */
export interface IndexSpec {
  name: string
  key: Record<string, 1 | -1>
  unique: boolean
}

/**
 * The indexes of the events collection, of its event-id collection and of its snapshot
 * collection, named after the collections:
 *
 * - `<events>_head` unique (s, a, v): two appends on one aggregate head clash;
 * - `<events>_position` unique (p): one commit per position; the top commit;
 * - `<events>_stream` (s, l): catch-up reads of some streams in position order;
 * - `<events>_aggregate` (s, a, w): reading one aggregate after a version;
 * - `<ids>_event` unique (e, g): one claim per event id and generation;
 * - `<snapshots>_aggregate` unique (s, a): one snapshot per aggregate.
 *
 * The `_id` index keeps one commit per aggregate version it ends at (see `commitKey`) and
 * one claim per event id and generation.
 *
 * @example
 * ```ts
 * storeIndexes(names).events.map((i) => i.name) // ['events_head', 'events_position', 'events_stream', 'events_aggregate']
 * ```
 */
export function storeIndexes(names: StoreCollections['names']): { events: IndexSpec[]; ids: IndexSpec[]; snapshots: IndexSpec[] } {
  return {
    events: [
      { name: `${names.events}_head`, key: { s: 1, a: 1, v: 1 }, unique: true },
      { name: `${names.events}_position`, key: { p: 1 }, unique: true },
      { name: `${names.events}_stream`, key: { s: 1, l: 1 }, unique: false },
      { name: `${names.events}_aggregate`, key: { s: 1, a: 1, w: 1 }, unique: false },
    ],
    ids: [{ name: `${names.ids}_event`, key: { e: 1, g: 1 }, unique: true }],
    snapshots: [{ name: `${names.snapshots}_aggregate`, key: { s: 1, a: 1 }, unique: true }],
  }
}

const NAMESPACE_NOT_FOUND = 26

function sameKey(found: unknown, expected: IndexSpec['key']): boolean {
  if (typeof found !== 'object' || found === null) return false
  const a = Object.entries(found as Record<string, unknown>).map(([field, dir]) => `${field}:${Number(dir)}`)
  const b = Object.entries(expected).map(([field, dir]) => `${field}:${dir}`)
  return a.join(',') === b.join(',')
}

function describe(spec: { key?: unknown; unique?: unknown }): string {
  return `${JSON.stringify(spec.key)}${spec.unique === true ? ' unique' : ''}`
}

/** How a collection's indexes compare with the specs. */
export interface IndexReport {
  /** The collection does not exist yet. */
  absent: boolean
  /** Specs with no index of their name. */
  missing: IndexSpec[]
  /** One line per index of a spec's name with another key or uniqueness. */
  misshapen: string[]
}

/**
 * Compares the indexes of `collection` with `specs`, by name, key (fields, order and
 * directions) and uniqueness.
 *
 * @example
 * ```ts
 * const report = await compareIndexes(events, 'events', storeIndexes(names).events)
 * report.missing.length === 0 && report.misshapen.length === 0 // migrated
 * ```
 */
export async function compareIndexes(
  collection: MongoCollectionLike,
  collectionName: string,
  specs: readonly IndexSpec[],
): Promise<IndexReport> {
  let found: Array<{ name?: unknown; key?: unknown; unique?: unknown }>
  try {
    found = await collection.listIndexes().toArray()
  } catch (err) {
    if ((err as { code?: unknown })?.code !== NAMESPACE_NOT_FOUND) throw err
    return { absent: true, missing: [...specs], misshapen: [] }
  }
  const report: IndexReport = { absent: false, missing: [], misshapen: [] }
  for (const spec of specs) {
    const index = found.find((i) => i.name === spec.name)
    if (index === undefined) report.missing.push(spec)
    else if (!sameKey(index.key, spec.key) || (index.unique === true) !== spec.unique) {
      report.misshapen.push(
        `${collectionName} has an index ${spec.name} of another shape: ${describe(index)}, expected ${describe(spec)}`,
      )
    }
  }
  return report
}

/** The report as sentences: empty when the collection has every index in its shape. */
export function indexProblems(collectionName: string, report: IndexReport): string[] {
  if (report.absent) return [`the collection ${collectionName} does not exist`]
  return [...report.missing.map((spec) => `${collectionName} has no index ${spec.name}`), ...report.misshapen]
}
