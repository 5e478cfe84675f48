import { ValidationError, isWellFormedText } from '@evtstore/core'

/**
 * Refuses a string that is not well-formed Unicode (a lone surrogate) with
 * `ValidationError`, before any I/O, also when the provider is called without core's
 * guard: BSON stores strings as UTF-8, where a lone surrogate would silently become
 * U+FFFD and the name would no longer match.
 *
 * @example
 * ```ts
 * assertWellFormed('a-1', 'aggregateId') // fine
 * assertWellFormed('a\uD800', 'aggregateId') // throws ValidationError
 * ```
 */
export function assertWellFormed(value: string, path: string): void {
  if (!isWellFormedText(value)) throw new ValidationError(path, 'is not well-formed Unicode (it has a lone surrogate)')
}
