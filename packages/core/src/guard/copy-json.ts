import type { JsonValue } from '../envelope.js'
import { ValidationError } from '../errors.js'
import { MAX_JSON_DEPTH, isWellFormedText } from './limits.js'

/** A JSON object: what an event payload and the `user` part of metadata must be. */
export type JsonObject = { [key: string]: JsonValue }

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value !== 'object') return typeof value
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null
  return proto?.constructor?.name ? `a ${proto.constructor.name} instance` : 'an exotic object'
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}

function setOwn(target: JsonObject, key: string, value: JsonValue): void {
  // A plain assignment of the key "__proto__" would change the prototype instead.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

function checkText(text: string, path: string, what: string): void {
  if (!isWellFormedText(text)) throw new ValidationError(path, `${what} is not well-formed Unicode (a lone surrogate)`)
}

function copyValue(value: unknown, path: string, ancestors: Set<object>): JsonValue {
  switch (typeof value) {
    case 'string':
      checkText(value, path, 'the string')
      return value
    case 'boolean':
      return value
    case 'number':
      if (!Number.isFinite(value)) throw new ValidationError(path, `${String(value)} is not a JSON number`)
      return value
    case 'object':
      if (value === null) return null
      break
    default:
      throw new ValidationError(path, `${describe(value)} is not JSON`)
  }
  if (ancestors.has(value)) throw new ValidationError(path, 'circular reference')
  if (ancestors.size >= MAX_JSON_DEPTH) {
    throw new ValidationError(path, `nested more than ${MAX_JSON_DEPTH} levels deep (the most evtstore stores)`)
  }
  ancestors.add(value)
  try {
    if (Array.isArray(value)) {
      if (Object.getPrototypeOf(value) !== Array.prototype) throw new ValidationError(path, `${describe(value)} is not JSON`)
      const copy: JsonValue[] = []
      for (let i = 0; i < value.length; i++) {
        const itemPath = childPath(path, i)
        if (!(i in value)) throw new ValidationError(itemPath, 'sparse array (hole) is not JSON')
        const item: unknown = value[i]
        if (item === undefined) throw new ValidationError(itemPath, 'undefined inside an array is not JSON')
        copy.push(copyValue(item, itemPath, ancestors))
      }
      return copy
    }
    if (!isPlainObject(value)) throw new ValidationError(path, `${describe(value)} is not JSON (use a plain object)`)
    if (Object.getOwnPropertySymbols(value).length > 0) throw new ValidationError(path, 'symbol keys are not JSON')
    const copy: JsonObject = {}
    for (const key of Object.keys(value)) {
      const item: unknown = (value as Record<string, unknown>)[key]
      // JSON leaves out object properties whose value is undefined; so do we.
      if (item === undefined) continue
      checkText(key, childPath(path, key), 'the key')
      setOwn(copy, key, copyValue(item, childPath(path, key), ancestors))
    }
    return copy
  } finally {
    ancestors.delete(value)
  }
}

/**
 * Validates that `value` is plain JSON and returns a deep copy of it, so the caller can
 * change its own object later without changing what is stored. Rejects BigInt, functions,
 * symbols, NaN/±Infinity, cycles, `undefined` or holes in arrays and non-plain objects
 * (Date, Map, Set, class instances), strings and keys that are not well-formed Unicode
 * (lone surrogates) and nesting deeper than {@link MAX_JSON_DEPTH} levels with a
 * {@link ValidationError} whose `path` names the offending value. Object properties whose value is `undefined` are left out, as JSON does.
 *
 * @example
 * ```ts
 * copyJson({ amount: 5 }, 'event') // { amount: 5 }
 * copyJson({ at: new Date() }, 'event') // throws ValidationError, path 'event.at'
 * ```
 */
export function copyJson(value: unknown, path: string): JsonValue {
  return copyValue(value, path, new Set())
}

/**
 * Like {@link copyJson}, but the value must be a plain object.
 *
 * @example
 * ```ts
 * copyJsonObject([1], 'meta.user') // throws ValidationError: must be a plain JSON object
 * ```
 */
export function copyJsonObject(value: unknown, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(path, `must be a plain JSON object, got ${Array.isArray(value) ? 'an array' : describe(value)}`)
  }
  return copyJson(value, path) as JsonObject
}
