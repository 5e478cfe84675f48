import { ProviderError, isEvtStoreError } from '../errors.js'
import type { Position } from '../position.js'
import type { HandlerTransaction, LeaseHolder, Provider } from '../provider.js'
import { checkLeaseHolder } from './lease-checks.js'

/** The checks `guardProvider` runs on a bookmark write before the provider sees it. */
export interface BookmarkChecks {
  /** Refuses a name the store cannot hold (`ValidationError`). */
  name(bookmark: string): void
  /** Refuses a position the provider could not have produced (`ValidationError`). */
  position(position: Position, path: string): void
}

/**
 * `provider.transaction` as `guardProvider` hands it to core: the bookmark writes inside
 * are validated like `setBookmark` and `setFencedBookmark`, the provider's own failures
 * become evtstore errors (operation `'transaction'`), and the errors of core's `work` (and
 * of savepoint work) pass through as they were thrown.
 */
export function guardTransaction(
  provider: Provider,
  transaction: NonNullable<Provider['transaction']>,
  checks: BookmarkChecks,
): NonNullable<Provider['transaction']> {
  const fail = (operation: string, err: unknown) =>
    isEvtStoreError(err) ? err : new ProviderError({ provider: provider.name, operation }, { cause: err })
  return async <T>(work: (t: HandlerTransaction<unknown>) => Promise<T>): Promise<T> => {
    const thrown = new Set<unknown>()
    const mark = async <U>(run: () => Promise<U>): Promise<U> => {
      try {
        return await run()
      } catch (err) {
        thrown.add(err)
        throw err
      }
    }
    try {
      return await transaction.call<Provider, [(t: HandlerTransaction<unknown>) => Promise<T>], Promise<T>>(provider, (t) => {
        const { setFencedBookmark } = t
        const checked: HandlerTransaction<unknown> = {
          tx: t.tx,
          savepoint: (inner) => t.savepoint((tx) => mark(() => inner(tx))),
          async setBookmark(bookmark, position) {
            checks.name(bookmark)
            checks.position(position, 'position')
            await t.setBookmark(bookmark, position).catch((err: unknown) => Promise.reject(fail('setBookmark', err)))
          },
          ...(setFencedBookmark === undefined
            ? {}
            : {
                async setFencedBookmark(bookmark: string, position: Position, holder: LeaseHolder) {
                  checks.name(bookmark)
                  checks.position(position, 'position')
                  const saved = await setFencedBookmark
                    .call(t, bookmark, position, checkLeaseHolder(holder))
                    .catch((err: unknown) => Promise.reject(fail('setFencedBookmark', err)))
                  if (typeof saved !== 'boolean') {
                    throw new ProviderError({ provider: provider.name, operation: 'setFencedBookmark', message: `returned ${String(saved)}, not a boolean` })
                  }
                  return saved
                },
              }),
        }
        return mark(() => work(checked))
      })
    } catch (err) {
      if (thrown.has(err)) throw err
      throw fail('transaction', err)
    }
  }
}
