import { ProviderError, ValidationError } from '../errors.js'
import type { LeaseHolder, LeaseRequest } from '../provider.js'
import { assertInteger, assertName } from './validate-request.js'

/** The longest lease core asks for: one day. */
export const MAX_LEASE_MS = 86_400_000

/** Validates a lease request before it reaches a provider and returns a plain copy. */
export function checkLeaseRequest(request: LeaseRequest): LeaseRequest {
  if (typeof request !== 'object' || request === null) throw new ValidationError('request', 'must be an object')
  assertName(request.name, 'name')
  assertName(request.owner, 'owner')
  assertInteger(request.ttlMs, 'ttlMs', 1, MAX_LEASE_MS)
  return { name: request.name, owner: request.owner, ttlMs: request.ttlMs }
}

/** Validates the holder given to `releaseLease` or `setFencedBookmark` and returns a plain copy. */
export function checkLeaseHolder(holder: LeaseHolder): LeaseHolder {
  if (typeof holder !== 'object' || holder === null) throw new ValidationError('holder', 'must be an object')
  assertName(holder.owner, 'holder.owner')
  assertInteger(holder.token, 'holder.token', 1)
  return { owner: holder.owner, token: holder.token }
}

/** What `acquireLease` resolves to must be a positive safe integer token or `undefined`. */
export function checkLeaseResult(provider: string, token: unknown): number | undefined {
  if (token === undefined) return undefined
  if (typeof token !== 'number' || !Number.isSafeInteger(token) || token < 1) {
    throw new ProviderError({ provider, operation: 'acquireLease', message: `returned ${String(token)}, not a positive integer token` })
  }
  return token
}
