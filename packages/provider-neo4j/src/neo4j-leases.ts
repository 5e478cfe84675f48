import type { LeaseDefinition } from '@evtstore/core/toolkit'
import { checkKeyBytes } from './key-limits.js'
import { leaseCypher } from './lease-cypher.js'
import { leaseRule, type UniqueRule } from './migrate-steps.js'
import { LeasesNotMigratedError } from './neo4j-errors.js'
import type { Neo4jLabels } from './options.js'
import { positionParameter } from './positions.js'
import { retriedTransaction, type TransactionTarget } from './transaction.js'

/** Whether the database has a uniqueness constraint holding a rule (the query differs per server line). */
export type ConstraintCheck = (target: TransactionTarget, rule: UniqueRule) => Promise<boolean>

/**
 * Handler leases on Neo4j (see `leaseCypher` for the statements and why they cannot
 * interleave): each call is one write transaction, retried after transient failures,
 * which is safe because each call repeated gives the same answer (a renewal keeps the
 * owner's token). Before the first call, the lease nodes' unique constraint is looked up
 * once: without it two first acquires at once could each create a lease node, so a store
 * migrated before leases existed fails (`LeasesNotMigratedError` as the cause) until
 * `migrate()` runs again.
 *
 * @example
 * ```ts
 * const leases = neo4jLeases(target, labels, hasUniqueConstraint)
 * const token = await leases.acquire({ name: 'balances', owner: 'host:42:ab', ttlMs: 10_000 })
 * ```
 */
export function neo4jLeases(target: TransactionTarget, labels: Neo4jLabels, hasConstraint: ConstraintCheck): LeaseDefinition {
  const cypher = leaseCypher(labels)
  const rule = leaseRule(labels)
  let migrated: Promise<void> | undefined
  const checkMigrated = (): Promise<void> => {
    if (migrated !== undefined) return migrated
    const lookup = hasConstraint(target, rule).then((found) => {
      if (!found) throw new LeasesNotMigratedError(labels.leases)
    })
    // looked up again next time when the lookup failed or found nothing
    lookup.catch(() => {
      if (migrated === lookup) migrated = undefined
    })
    migrated = lookup
    return lookup
  }

  return {
    async acquire({ name, owner, ttlMs }) {
      checkKeyBytes(name, 'name')
      await checkMigrated()
      const token = await retriedTransaction(target, 'WRITE', async (tx) => {
        const result = await tx.run(cypher.acquire, { name, owner, ttlMs })
        return result.records[0]?.get('token') as unknown
      })
      if (token === undefined) return undefined
      const value = typeof token === 'string' && /^\d+$/.test(token) ? Number(token) : Number.NaN
      if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`lease ${name} holds the token ${String(token)}, not a positive integer`)
      return value
    },
    async release(name, holder) {
      checkKeyBytes(name, 'name')
      await checkMigrated()
      await retriedTransaction(target, 'WRITE', async (tx) => {
        await tx.run(cypher.release, { name, owner: holder.owner, token: holder.token })
      })
    },
    async setFencedBookmark(name, position, holder) {
      positionParameter(position, 'position')
      checkKeyBytes(name, 'name')
      await checkMigrated()
      return retriedTransaction(target, 'WRITE', async (tx) => {
        const result = await tx.run(cypher.fencedBookmark, { name, position, owner: holder.owner, token: holder.token })
        return result.records.length > 0
      })
    },
  }
}
