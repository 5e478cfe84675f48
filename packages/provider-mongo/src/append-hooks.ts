import type { AppendRequest } from '@evtstore/core'

/**
 * Test instrumentation of the append path. Not part of the public API (not exported
 * from the package entry): the package's own tests and measurement script attach it to
 * an options object with {@link withAppendHooks}.
 */
export interface AppendHooks {
  /**
   * Called after the position for an insert attempt is known (read from the top commit,
   * or remembered) and before the commit is inserted: awaiting here holds an append
   * between taking its position and storing, as the ordering proofs need.
   */
  beforeInsert?(attempt: { request: AppendRequest; position: number; attempt: number }): Promise<void> | void
  /**
   * Replaces the position rule, for the ordering controls only: the position of each
   * insert attempt comes from here (e.g. a counter drawn before the insert) instead of
   * from the top commit. A store built this way is expected to lose events.
   */
  takePosition?(events: number): Promise<number>
  /** Counts: commits stored, and insert attempts that lost the position to another writer. */
  stats?: { commits: number; positionRetries: number }
}

const registry = new WeakMap<object, AppendHooks>()

/**
 * Returns `options` with test hooks attached (the same object; the hooks live in a
 * private registry, so nothing changes its shape or types).
 *
 * @example
 * ```ts
 * const stats = { commits: 0, positionRetries: 0 }
 * const provider = createProvider(withAppendHooks({ events, bookmarks }, { stats }))
 * ```
 */
export function withAppendHooks<T extends object>(options: T, hooks: AppendHooks): T {
  registry.set(options, hooks)
  return options
}

/** The hooks attached to `options`, if any. */
export function appendHooksOf(options: object): AppendHooks {
  return registry.get(options) ?? {}
}
