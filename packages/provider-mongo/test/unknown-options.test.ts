import { createProvider } from '../src/index.js'

describe('options the provider does not know are refused', () => {
  it("createProvider: evtstore@12's onError and a misspelt key, before the collections are looked at", () => {
    // No collection is needed: the keys are checked first, so nothing is ever called.
    expect(() => createProvider({ events: {}, bookmarks: {}, onError: () => undefined } as never)).toThrow(
      /options\.onError: unknown option .*handler/,
    )
    expect(() => createProvider({ events: {}, bookmarks: {}, limt: 5 } as never)).toThrow(/options\.limt: unknown option \(known options: events, bookmarks, limit\)/)
  })
})
