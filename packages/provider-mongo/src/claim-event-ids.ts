import { DuplicateEventError, ProviderError, type AppendRequest } from '@evtstore/core'
import type { CommitDocument } from './commit-document.js'
import { CONCERNS } from './concerns.js'
import { isDuplicateKey } from './duplicate-key.js'
import type { StoreCollections } from './store-collections.js'

/**
 * A claim on one event id, in the `<events>_ids` collection. It names the commit slot
 * it was made for: the aggregate (`s`, `a`) and the version the commit builds on (`v`),
 * which the unique `<events>_head` index gives to at most one commit. Claims are only
 * ever inserted (FerretDB's updates and deletes are not atomic with their filter, its
 * `_id` inserts are), so a claim is replaced by inserting the next generation `g`.
 */
export interface ClaimDocument {
  /** `<g>/<event id>`: the unique key that makes two claims of one generation clash. */
  _id: string
  /** Event id. */
  e: string
  /** Generation: 0 for the first claim, one more for each takeover. */
  g: number
  s: string
  a: string
  v: number
}

/**
 * What the highest claim of an id means, read from the commit in its slot:
 * - `stored`: that commit holds the id (a real duplicate);
 * - `pending`: the slot is empty (its append is running, or failed and its aggregate
 *   has not moved on): the id stays reserved for that aggregate;
 * - `orphan`: another commit filled the slot, so the claim's append can never be stored
 *   there: the claim is harmless and the id may be claimed again (next generation).
 */
export type ClaimState = 'stored' | 'pending' | 'orphan'

/** Rounds of takeover before giving up (each needs a concurrent claimer to win the one before). */
const MAX_ROUNDS = 8

const claimKey = (id: string, generation: number) => `${generation}/${id}`

/**
 * The state of each claim (see {@link ClaimState}), from one read of the commits in
 * their slots.
 *
 * @example
 * ```ts
 * const states = await claimStates(collections, claims) // Map { claim => 'orphan' }
 * ```
 */
export async function claimStates(
  collections: StoreCollections,
  claims: readonly ClaimDocument[],
): Promise<Map<ClaimDocument, ClaimState>> {
  const states = new Map<ClaimDocument, ClaimState>()
  if (claims.length === 0) return states
  const commits: Array<Pick<CommitDocument, 's' | 'a' | 'v' | 'e'>> = await collections.events
    .find(
      { $or: claims.map((c) => ({ s: c.s, a: c.a, v: c.v })) },
      { projection: { s: 1, a: 1, v: 1, 'e.i': 1 }, ...CONCERNS.check },
    )
    .toArray()
  for (const claim of claims) {
    const commit = commits.find((c) => c.s === claim.s && c.a === claim.a && Number(c.v) === claim.v)
    states.set(claim, commit === undefined ? 'pending' : commit.e.some((e) => e.i === claim.e) ? 'stored' : 'orphan')
  }
  return states
}

/** The highest-generation claim of each of `ids`, read from the server. */
export async function highestClaims(
  collections: StoreCollections,
  ids: readonly string[],
): Promise<Map<string, ClaimDocument>> {
  const found: ClaimDocument[] = await collections.ids.find({ e: { $in: [...ids] } }, CONCERNS.check).toArray()
  const highest = new Map<string, ClaimDocument>()
  for (const claim of found) {
    const before = highest.get(claim.e)
    if (before === undefined || before.g < claim.g) highest.set(claim.e, claim)
  }
  return highest
}

/**
 * Claims the event ids of an append for its slot before the commit is written, so a
 * reused id is refused on every server (FerretDB does not enforce a unique index on a
 * field inside an array such as the commit's event ids, but it does enforce `_id`).
 *
 * Each id gets a claim document keyed by `_id`. When the key is taken, the existing
 * claim is read, never the error message: one made for this same slot is shared (a
 * retry of this append); one whose slot holds a commit with the id is a duplicate; one
 * whose slot is still empty belongs to an append that may still be stored (a
 * duplicate too); one whose slot another commit filled is an orphan, and the id is
 * claimed again with the next generation. A claim left by a failed append therefore
 * never lets a duplicate through and never blocks its own aggregate.
 *
 * Throws `DuplicateEventError` naming the ids in use; any other failure is thrown as is.
 *
 * @example
 * ```ts
 * await claimEventIds(collections, request) // then insert the commit
 * ```
 */
export async function claimEventIds(collections: StoreCollections, request: AppendRequest): Promise<void> {
  const slot = { s: request.stream, a: request.aggregateId, v: request.expectedVersion }
  const generation = new Map(request.events.map((e) => [e.id, 0]))
  let pending = request.events.map((e) => e.id)
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const docs: ClaimDocument[] = pending.map((id) => ({ _id: claimKey(id, generation.get(id)!), e: id, g: generation.get(id)!, ...slot }))
    try {
      await collections.ids.insertMany(docs, { ordered: false, ...CONCERNS.write })
      return
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      const highest = await highestClaims(collections, pending)
      const foreign: ClaimDocument[] = []
      for (const id of pending) {
        const claim = highest.get(id)
        // no claim at our generation or above: our insert failed for another reason
        if (claim === undefined || claim.g < generation.get(id)!) throw err
        if (claim.s === slot.s && claim.a === slot.a && claim.v === slot.v) continue
        foreign.push(claim)
      }
      if (foreign.length === 0) return
      const states = await claimStates(collections, foreign)
      const taken = foreign.filter((claim) => states.get(claim) !== 'orphan').map((claim) => claim.e)
      if (taken.length > 0) {
        throw new DuplicateEventError({ stream: request.stream, aggregateId: request.aggregateId, eventIds: taken }, { cause: err })
      }
      for (const claim of foreign) generation.set(claim.e, claim.g + 1)
      pending = foreign.map((claim) => claim.e)
    }
  }
  throw new ProviderError({
    provider: 'mongo',
    operation: 'append',
    message: `could not claim the event ids after ${MAX_ROUNDS} rounds of concurrent takeovers`,
  })
}
