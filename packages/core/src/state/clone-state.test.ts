import { cloneState, deepFreeze, isPlainObject } from './clone-state.js'

describe('cloneState', () => {
  it('copies plain objects, arrays, Dates, Maps and Sets deeply, keeping cycles', () => {
    const original: Record<string, any> = { list: [{ a: 1 }], at: new Date(5), map: new Map([['k', { v: 1 }]]), set: new Set([1]) }
    original.self = original
    const copy = cloneState(original)
    expect(copy).not.toBe(original)
    expect(copy.list[0]).not.toBe(original.list[0])
    expect(copy.at).not.toBe(original.at)
    expect(copy.at.getTime()).toBe(5)
    expect(copy.map.get('k')).toEqual({ v: 1 })
    expect(copy.map.get('k')).not.toBe(original.map.get('k'))
    expect(copy.set).not.toBe(original.set)
    expect(copy.self).toBe(copy)
  })

  it('shares class instances', () => {
    class Money {
      constructor(readonly cents: number) {}
    }
    const money = new Money(5)
    expect(cloneState({ money }).money).toBe(money)
  })
})

describe('deepFreeze', () => {
  it('freezes nested plain objects and arrays', () => {
    const value = deepFreeze({ a: { b: [1, { c: 2 }] } })
    expect(Object.isFrozen(value.a.b)).toBe(true)
    expect(Object.isFrozen(value.a.b[1])).toBe(true)
    expect(() => (value.a.b as number[]).push(3)).toThrow(TypeError)
  })
})

describe('isPlainObject', () => {
  it('accepts object literals and null-prototype objects only', () => {
    expect(isPlainObject({ a: 1 })).toBe(true)
    expect(isPlainObject(Object.create(null))).toBe(true)
    for (const value of [new Date(0), [], new Map(), null, 1, 'x', new (class Thing {})()]) expect(isPlainObject(value)).toBe(false)
  })
})
