import { ValidationError } from '../errors.js'

/**
 * Options evtstore@12 took that are gone or renamed, with what replaces each. An options
 * object carrying one of these is refused with the replacement in the message, so a v12
 * app ported without TypeScript's help fails at start-up instead of running without the
 * option. Keys are looked up by name only; the same word may mean one thing per place,
 * so each entry says where it came from.
 */
export const V12_REPLACEMENTS: Readonly<Record<string, string>> = Object.freeze({
  useCache: 'evtstore@12 option: aggregates are cached by default now; set cacheSize on createDomain (0 turns the cache off)',
  persistAggregate:
    "evtstore@12 option: use snapshot: { key: '<version of fold>', every: <n> } on createAggregate (snapshots are stored apart from the events)",
  version:
    "evtstore@12 option: the version string is now snapshot.key on createAggregate: snapshot: { key: '<version of fold>', every: <n> }",
  aggregate: 'evtstore@12 name: the function giving the empty state is now create',
  tailStream: 'evtstore@12 option: use startAtEnd: true (a handler without a bookmark starts at the end of the log)',
  alwaysTailStream:
    'evtstore@12 option: not offered, it skips every event written while the process was down; use startAtEnd: true (first start only), or call handler.setPosition() yourself',
  // evtstore@12's `hooks` took preRun/postRun; today's handler hooks take other callbacks.
  preRun:
    'evtstore@12 hook: preRun/postRun are gone; await handler.runOnce() (it resolves to { handled, position }) and act around it, or use hooks.onBatch / onStateChange / onFailure',
  postRun:
    'evtstore@12 hook: preRun/postRun are gone; await handler.runOnce() (it resolves to { handled, position }) and act around it, or use hooks.onBatch / onStateChange / onFailure',
  onError:
    'evtstore@12 provider option: providers throw typed errors now; give onError (or onRetry) to the handler instead',
  bookmark: 'evtstore@12 option: the bookmark is the handler name now: createHandler(name, streams, options)',
})

/**
 * Refuses an options object that carries a key this function does not know: a
 * `ValidationError` naming the key (`options.useCache`) and, for an evtstore@12 name,
 * what replaces it. Every own enumerable key counts, whatever its value (`undefined`
 * too), so a misspelt or outdated option never goes unnoticed. Core and every provider
 * package check their options with it.
 *
 * `replacements` adds or overrides hints for this call (e.g. a provider's own renamed
 * options); {@link V12_REPLACEMENTS} is always consulted as well.
 *
 * @example
 * ```ts
 * import { refuseUnknownKeys } from '@evtstore/core/toolkit'
 *
 * refuseUnknownKeys(options, 'options', ['client', 'events', 'bookmarks', 'limit'])
 * // { client, onError } → ValidationError "options.onError: unknown option (evtstore@12 provider option: ...)"
 * ```
 */
export function refuseUnknownKeys(
  options: object,
  path: string,
  known: readonly string[],
  replacements: Readonly<Record<string, string>> = {},
): void {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue
    const hint = Object.hasOwn(replacements, key)
      ? replacements[key]
      : Object.hasOwn(V12_REPLACEMENTS, key)
        ? V12_REPLACEMENTS[key]
        : `known options: ${known.join(', ')}`
    throw new ValidationError(`${path}.${key}`, `unknown option (${hint})`)
  }
}
