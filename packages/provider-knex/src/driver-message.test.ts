import { driverMessage, knexProviderError } from './driver-message.js'

describe('driverMessage', () => {
  test("drops knex's SQL prefix (which carries the bound values)", () => {
    const err = new Error(
      `select * from "events" where stream = 'secret - value' - relation "events" does not exist`,
    )
    expect(driverMessage(err)).toBe('relation "events" does not exist')
  })

  test("prefers mysql2's untouched sqlMessage", () => {
    const err = Object.assign(new Error("insert ... 'a - b' - Duplicate entry 'a - b' for key 'k'"), {
      sqlMessage: "Duplicate entry 'a - b' for key 'k'",
    })
    expect(driverMessage(err)).toBe("Duplicate entry 'a - b' for key 'k'")
  })

  test('a ProviderError names the operation and the code and keeps the cause', () => {
    const cause = Object.assign(new Error('select 1 - database is locked'), { code: 'SQLITE_BUSY' })
    const err = knexProviderError('readLog', cause)
    expect(err.message).toBe('knex.readLog failed: database is locked (SQLITE_BUSY)')
    expect(err.cause).toBe(cause)
  })
})
