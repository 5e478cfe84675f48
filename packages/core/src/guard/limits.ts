/**
 * The ranges every provider accepts, enforced by core before any I/O (a request outside
 * them is a `ValidationError`), so every provider refuses the same inputs.
 */

/** The most events one append may carry. */
export const MAX_APPEND_EVENTS = 10_000

/** The highest version an aggregate can reach (2^31 − 1, a 32-bit integer column everywhere). */
export const MAX_VERSION = 2_147_483_647

/** The largest page a read may ask for, a provider's `limit` option and a handler's `batchSize`. */
export const MAX_PAGE_SIZE = 100_000

/** The deepest nesting of arrays and objects in a payload or in metadata (the payload object itself is level 1). */
export const MAX_JSON_DEPTH = 100

/** Lone surrogates: a high one not followed by a low one, or a low one not after a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Whether `text` is well-formed Unicode (no lone surrogate): what every database stores
 * and gives back unchanged. A lone surrogate cannot be encoded in UTF-8.
 *
 * @example
 * ```ts
 * isWellFormedText('a\ud83d\ude00') // true (an emoji)
 * isWellFormedText('a\ud800') // false
 * ```
 */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text)
}
