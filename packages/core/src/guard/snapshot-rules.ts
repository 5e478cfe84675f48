import { ProviderError, ValidationError } from '../errors.js'
import type { AggregateSnapshot, SnapshotRequest } from '../provider.js'
import { copyJsonObject } from './copy-json.js'
import { MAX_VERSION } from './limits.js'
import { assertInteger, assertName } from './validate-request.js'

/** Validates a `readSnapshot` request (non-empty, well-formed names) and returns a copy. */
export function validateSnapshotRequest(request: SnapshotRequest): SnapshotRequest {
  if (typeof request !== 'object' || request === null) throw new ValidationError('request', 'must be { stream, aggregateId }')
  assertName(request.stream, 'stream')
  assertName(request.aggregateId, 'aggregateId')
  return { stream: request.stream, aggregateId: request.aggregateId }
}

/**
 * Validates a snapshot before it is written — names, a key, a version from 1, a state that
 * is a plain JSON object — and returns a deep copy (so a state that is not JSON, holding a
 * `Date` or a `Map`, say, is refused with a `ValidationError` naming the field).
 */
export function validateSnapshot(snapshot: AggregateSnapshot): AggregateSnapshot {
  if (typeof snapshot !== 'object' || snapshot === null) throw new ValidationError('snapshot', 'must be an object')
  const { stream, aggregateId } = validateSnapshotRequest(snapshot)
  assertName(snapshot.key, 'snapshot.key')
  assertInteger(snapshot.version, 'snapshot.version', 1, MAX_VERSION)
  return { stream, aggregateId, key: snapshot.key, version: snapshot.version, state: copyJsonObject(snapshot.state, 'snapshot.state') }
}

/**
 * Checks what `readSnapshot` returned: `undefined`, or a snapshot of the aggregate asked
 * for with a string key, a version from 1 and a plain-object state. Anything else is a
 * `ProviderError`.
 */
export function checkSnapshotResult(provider: string, request: SnapshotRequest, result: unknown): AggregateSnapshot | undefined {
  if (result === undefined || result === null) return undefined
  const fail = (message: string) => new ProviderError({ provider, operation: 'readSnapshot', message })
  if (typeof result !== 'object') throw fail(`returned ${typeof result}, not a snapshot`)
  const found = result as Partial<AggregateSnapshot>
  if (found.stream !== request.stream || found.aggregateId !== request.aggregateId) {
    throw fail(`returned the snapshot of ${String(found.stream)}/${String(found.aggregateId)} for ${request.stream}/${request.aggregateId}`)
  }
  if (typeof found.key !== 'string') throw fail('returned a snapshot without a string key')
  if (typeof found.version !== 'number' || !Number.isSafeInteger(found.version) || found.version < 1) {
    throw fail(`returned a snapshot with version ${String(found.version)}`)
  }
  if (typeof found.state !== 'object' || found.state === null || Array.isArray(found.state)) {
    throw fail('returned a snapshot whose state is not an object')
  }
  return found as AggregateSnapshot
}
