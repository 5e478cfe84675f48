function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}

/**
 * True for a plain object: an object literal or `Object.create(null)` (not an array, a
 * class instance or a primitive). Aggregate state from `create()` must be one.
 *
 * @example
 * ```ts
 * isPlainObject({ a: 1 })      // true
 * isPlainObject(new Date())    // false
 * ```
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && isPlain(value)
}

function cloneInto(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null) return value
  const known = seen.get(value)
  if (known !== undefined) return known
  if (Array.isArray(value)) {
    const copy: unknown[] = []
    seen.set(value, copy)
    for (let i = 0; i < value.length; i++) copy[i] = cloneInto(value[i], seen)
    return copy
  }
  if (value instanceof Date) return new Date(value.getTime())
  if (value instanceof Map) {
    const copy = new Map<unknown, unknown>()
    seen.set(value, copy)
    for (const [k, v] of value) copy.set(cloneInto(k, seen), cloneInto(v, seen))
    return copy
  }
  if (value instanceof Set) {
    const copy = new Set<unknown>()
    seen.set(value, copy)
    for (const v of value) copy.add(cloneInto(v, seen))
    return copy
  }
  // Class instances are the user's own types: they are kept as they are.
  if (!isPlain(value)) return value
  const copy: Record<string, unknown> = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>
  seen.set(value, copy)
  for (const key of Object.keys(value)) {
    Object.defineProperty(copy, key, {
      value: cloneInto((value as Record<string, unknown>)[key], seen),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return copy
}

/**
 * Deep-copies aggregate state: plain objects, arrays, Dates, Maps and Sets are copied
 * (cycles kept); instances of other classes are shared, as they are the user's own types.
 *
 * @example
 * ```ts
 * const copy = cloneState({ items: [1] })
 * copy.items.push(2) // the original is unchanged
 * ```
 */
export function cloneState<T>(value: T): T {
  return cloneInto(value, new Map()) as T
}

/**
 * Freezes plain objects and arrays, deeply, and returns the value. Mutating a frozen
 * value throws in strict mode, which surfaces bugs such as a command handler changing
 * the aggregate it was given.
 *
 * @example
 * ```ts
 * const state = deepFreeze({ items: [1] })
 * state.items.push(2) // TypeError
 * ```
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value
  if (!Array.isArray(value) && !isPlain(value)) return value
  Object.freeze(value)
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
  return value
}
