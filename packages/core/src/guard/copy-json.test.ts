import { isValidationError } from '../errors.js'
import { copyJson, copyJsonObject } from './copy-json.js'

function pathOf(run: () => unknown): string {
  try {
    run()
  } catch (err) {
    if (isValidationError(err)) return err.path
    throw err
  }
  throw new Error('did not throw')
}

describe('copyJson', () => {
  it('copies nested JSON deeply', () => {
    const input = { a: [1, 'x', true, null, { b: 'ü🎉' }], c: {} }
    const copy = copyJson(input, 'event') as typeof input
    expect(copy).toEqual(input)
    expect(copy).not.toBe(input)
    expect(copy.a).not.toBe(input.a)
    expect(copy.a[4]).not.toBe(input.a[4])
  })

  it('drops undefined object properties like JSON does', () => {
    expect(copyJson({ a: 1, b: undefined }, 'event')).toEqual({ a: 1 })
    expect(Object.keys(copyJson({ a: 1, b: undefined }, 'event') as object)).toEqual(['a'])
  })

  it('keeps a __proto__ key as data, not as the prototype', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}}') as object
    const copy = copyJson(input, 'event') as Record<string, unknown>
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect(Object.keys(copy)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('accepts shared (non-circular) references', () => {
    const shared = { x: 1 }
    expect(copyJson({ a: shared, b: shared }, 'event')).toEqual({ a: { x: 1 }, b: { x: 1 } })
  })

  const sparse: unknown[] = [1]
  sparse[2] = 3
  const cyclic: Record<string, unknown> = { a: { b: [] as unknown[] } }
  ;((cyclic.a as { b: unknown[] }).b).push(cyclic)
  class Money {
    amount = 1
  }
  const cases: [string, unknown, string][] = [
    ['BigInt', { n: 1n }, 'event.n'],
    ['function', { f: () => 1 }, 'event.f'],
    ['symbol', { s: Symbol('x') }, 'event.s'],
    ['NaN', { a: [0, NaN] }, 'event.a[1]'],
    ['Infinity', { x: { y: Infinity } }, 'event.x.y'],
    ['-Infinity', { x: -Infinity }, 'event.x'],
    ['undefined in an array', { a: [1, undefined] }, 'event.a[1]'],
    ['a sparse array', { a: sparse }, 'event.a[1]'],
    ['a cycle', cyclic, 'event.a.b[0]'],
    ['a Date', { at: new Date() }, 'event.at'],
    ['a Map', { m: new Map() }, 'event.m'],
    ['a Set', { s: new Set() }, 'event.s'],
    ['a class instance', { money: new Money() }, 'event.money'],
    ['a typed array', { bytes: new Uint8Array(2) }, 'event.bytes'],
    ['a symbol key', { [Symbol('k')]: 1 }, 'event'],
    ['an odd key', { 'a b': { c: 1n } }, 'event["a b"].c'],
  ]
  it.each(cases)('rejects %s with the path of the bad value', (_name, value, path) => {
    expect(pathOf(() => copyJson(value, 'event'))).toBe(path)
  })

  it('rejects top-level non-objects in copyJsonObject', () => {
    expect(pathOf(() => copyJsonObject([1], 'meta.user'))).toBe('meta.user')
    expect(pathOf(() => copyJsonObject(null, 'event'))).toBe('event')
    expect(pathOf(() => copyJsonObject('x', 'event'))).toBe('event')
  })
})
