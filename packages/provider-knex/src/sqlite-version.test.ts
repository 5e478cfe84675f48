import { sqliteVersionSupported } from './sqlite-dialect.js'

describe('sqliteVersionSupported', () => {
  test('3.35.0 (RETURNING) and later are supported, whatever the number of digits', () => {
    for (const version of ['3.35.0', '3.35.5', '3.45.1', '3.52.0', '3.100.0', '4.0.0']) {
      expect([version, sqliteVersionSupported(version)]).toEqual([version, true])
    }
  })

  test('older releases, and text that is not a version, are not', () => {
    for (const version of ['3.34.1', '3.31.1', '3.8.11', '2.8.17', '', 'undefined', 'x.y.z']) {
      expect([version, sqliteVersionSupported(version)]).toEqual([version, false])
    }
  })
})
