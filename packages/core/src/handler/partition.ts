import { ValidationError } from '../errors.js'
import { refuseUnknownKeys } from '../guard/known-options.js'
import { assertInteger } from '../guard/validate-request.js'

/** The most partitions a handler may be split into. */
export const MAX_PARTITIONS = 1024

/** One partition of a handler: this handler object handles the aggregates whose hash falls in `index` of `count`. */
export interface PartitionOption {
  /** Which partition, from 0 to `count - 1`. */
  index: number
  /** How many partitions the handler is split into (1 to 1024). Every process must use the same count. */
  count: number
}

const encoder = new TextEncoder()

/**
 * The partition (0 to `count - 1`) of an aggregate: 32-bit FNV-1a of its id's UTF-8
 * bytes, modulo `count`. Stable across processes, platforms and releases (changing it
 * would be a breaking change), so every process agrees where an aggregate belongs.
 *
 * @example
 * ```ts
 * partitionOf('account-42', 4) // always the same number from 0 to 3
 * ```
 */
export function partitionOf(aggregateId: string, count: number): number {
  let hash = 0x811c9dc5
  for (const byte of encoder.encode(aggregateId)) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash % count
}

/**
 * The bookmark (and lease) name of one partition of handler `name`: `name#index/count`.
 * The count is part of it, so handlers split another way never share a bookmark.
 *
 * @example
 * ```ts
 * partitionBookmark('balances', { index: 1, count: 4 }) // 'balances#1/4'
 * ```
 */
export function partitionBookmark(name: string, partition: PartitionOption): string {
  return `${name}#${partition.index}/${partition.count}`
}

/** Validates the `partition` option of `createHandler`. */
export function checkPartition(value: unknown): PartitionOption | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'object' || value === null) throw new ValidationError('options.partition', 'must be an object { index, count }')
  refuseUnknownKeys(value, 'options.partition', ['index', 'count'])
  const { index, count } = value as Partial<PartitionOption>
  assertInteger(count, 'options.partition.count', 1, MAX_PARTITIONS)
  assertInteger(index, 'options.partition.index', 0, count - 1)
  return { index, count }
}
