import { ProviderError, isEvtStoreError } from '../errors.js'
import type { Position } from '../position.js'
import type { LeaseHolder, LeaseRequest, Provider } from '../provider.js'
import { checkLeaseHolder, checkLeaseRequest, checkLeaseResult } from './lease-checks.js'
import { checkAppendResult, checkBookmark, checkReadAggregateResult, checkReadLogResult } from './check-output.js'
import { checkAppendFits, checkNameFits } from './provider-limits.js'
import { assertName, assertPosition, validateAppend, validateReadAggregate, validateReadLog } from './validate-request.js'
import { ValidationError } from '../errors.js'
import { guardTransaction } from './guard-transaction.js'
import { checkSnapshotResult, validateSnapshot, validateSnapshotRequest } from './snapshot-rules.js'

const guarded = new WeakSet<Provider>()

async function call<T>(provider: Provider, operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (err) {
    if (isEvtStoreError(err)) throw err
    throw new ProviderError({ provider: provider.name, operation }, { cause: err })
  }
}

/**
 * Wraps a provider so that every call is validated first and every failure is an
 * evtstore error. Core uses it for everything it sends to a provider; provider authors
 * and tests may use it too.
 *
 * - Requests are validated before the provider sees them (non-empty stream and
 *   aggregate ids, integer versions >= 0, limits >= 1, 1..{@link MAX_APPEND_EVENTS}
 *   events, payloads that are plain JSON objects with a string `type`, plain JSON
 *   metadata): a bad request throws `ValidationError` and the provider is never called.
 * - Payloads and metadata are deep-copied, so the caller changing its objects after the
 *   call cannot change what is stored.
 * - Errors that are not evtstore errors become `ProviderError` (provider name,
 *   operation, the original error as `cause`).
 * - Results get cheap sanity checks (canonical ascending positions, contiguous versions,
 *   pages no longer than the limit); a violation is a `ProviderError`.
 *
 * Guarding a guarded provider returns it unchanged.
 *
 * @example
 * ```ts
 * const provider = guardProvider(createMemoryProvider())
 * await provider.append({ stream: 'account', aggregateId: '', expectedVersion: 0, events: [] })
 * // throws ValidationError (path 'aggregateId') before the memory provider is called
 * ```
 */
export function guardProvider(provider: Provider): Provider {
  if (guarded.has(provider)) return provider
  if (typeof provider !== 'object' || provider === null) throw new TypeError('provider must be an object')
  const name = typeof provider.name === 'string' && provider.name ? provider.name : 'provider'
  const capabilities = provider.capabilities ?? {}
  const checkPosition = (position: Position, path: string) => {
    assertPosition(position, path)
    if (provider.acceptsPosition !== undefined && !provider.acceptsPosition(position)) {
      throw new ValidationError(path, `${position} is not a position the ${name} provider can produce`)
    }
  }
  const wrapped: Provider = {
    name,
    ...(provider.capabilities === undefined ? {} : { capabilities: provider.capabilities }),
    ...(provider.acceptsPosition === undefined ? {} : { acceptsPosition: (p: Position) => provider.acceptsPosition!(p) }),
    async append(request) {
      const checked = validateAppend(request)
      checkAppendFits(capabilities, checked)
      const result = await call(provider, 'append', () => provider.append(checked))
      return checkAppendResult(name, checked, result)
    },
    async readAggregate(request) {
      const checked = validateReadAggregate(request)
      const result = await call(provider, 'readAggregate', () => provider.readAggregate(checked))
      return checkReadAggregateResult(name, checked, result)
    },
    async readLog(request) {
      const checked = validateReadLog(request)
      checkPosition(checked.after, 'after')
      const result = await call(provider, 'readLog', () => provider.readLog(checked))
      return checkReadLogResult(name, checked, result)
    },
    async getBookmark(bookmark: string): Promise<Position> {
      assertName(bookmark, 'name')
      checkNameFits(capabilities, 'bookmark', bookmark, 'name')
      return checkBookmark(name, await call(provider, 'getBookmark', () => provider.getBookmark(bookmark)))
    },
    async setBookmark(bookmark: string, position: Position): Promise<void> {
      assertName(bookmark, 'name')
      checkNameFits(capabilities, 'bookmark', bookmark, 'name')
      checkPosition(position, 'position')
      await call(provider, 'setBookmark', () => provider.setBookmark(bookmark, position))
    },
  }
  const { readSnapshot, writeSnapshot } = provider
  if (typeof readSnapshot === 'function' && typeof writeSnapshot === 'function') {
    wrapped.readSnapshot = async (request) => {
      const checked = validateSnapshotRequest(request)
      return checkSnapshotResult(name, checked, await call(provider, 'readSnapshot', () => readSnapshot.call(provider, checked)))
    }
    wrapped.writeSnapshot = async (snapshot) => {
      const checked = validateSnapshot(snapshot)
      checkNameFits(capabilities, 'stream', checked.stream, 'stream')
      checkNameFits(capabilities, 'aggregateId', checked.aggregateId, 'aggregateId')
      await call(provider, 'writeSnapshot', () => writeSnapshot.call(provider, checked))
    }
  }
  const { acquireLease, releaseLease, setFencedBookmark } = provider
  // Only a provider with all three lease methods gets them (a wrapper that copied the
  // capabilities but not the methods has no leases: exclusive handlers refuse it).
  if (acquireLease !== undefined && releaseLease !== undefined && setFencedBookmark !== undefined) {
    const checkLeaseName = (lease: string) => {
      assertName(lease, 'name')
      checkNameFits(capabilities, 'bookmark', lease, 'name')
    }
    wrapped.acquireLease = async (request: LeaseRequest) => {
      const checked = checkLeaseRequest(request)
      checkLeaseName(checked.name)
      const token = await call(provider, 'acquireLease', () => acquireLease.call(provider, checked))
      return checkLeaseResult(name, token)
    }
    wrapped.releaseLease = async (lease: string, holder: LeaseHolder) => {
      checkLeaseName(lease)
      const checked = checkLeaseHolder(holder)
      await call(provider, 'releaseLease', () => releaseLease.call(provider, lease, checked))
    }
    wrapped.setFencedBookmark = async (bookmark: string, position: Position, holder: LeaseHolder) => {
      checkLeaseName(bookmark)
      checkPosition(position, 'position')
      const checked = checkLeaseHolder(holder)
      const saved = await call(provider, 'setFencedBookmark', () => setFencedBookmark.call(provider, bookmark, position, checked))
      if (typeof saved !== 'boolean') {
        throw new ProviderError({ provider: name, operation: 'setFencedBookmark', message: `returned ${String(saved)}, not a boolean` })
      }
      return saved
    }
  }
  const { subscribeAppends } = provider
  if (typeof subscribeAppends === 'function') {
    wrapped.subscribeAppends = async (listener) => {
      const subscription = await call(provider, 'subscribeAppends', () => subscribeAppends.call(provider, listener))
      if (typeof subscription !== 'object' || subscription === null || typeof subscription.close !== 'function') {
        throw new ProviderError({ provider: name, operation: 'subscribeAppends', message: 'did not resolve to a subscription with close()' })
      }
      return subscription
    }
  }
  const { transaction } = provider
  if (typeof transaction === 'function') {
    wrapped.transaction = guardTransaction(provider, transaction, {
      name: (bookmark) => {
        assertName(bookmark, 'name')
        checkNameFits(capabilities, 'bookmark', bookmark, 'name')
      },
      position: checkPosition,
    })
  }
  guarded.add(wrapped)
  return wrapped
}
