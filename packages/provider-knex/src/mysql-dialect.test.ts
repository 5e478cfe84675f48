import { mariadbWithReturning } from './mysql-dialect.js'

describe('mariadbWithReturning', () => {
  it('is true for MariaDB 10.5 and later', () => {
    for (const version of ['10.5.0-MariaDB', '10.11.18-MariaDB-0+deb12u1', '11.4.2-MariaDB-ubu2404', '12.0.1-MariaDB']) {
      expect(mariadbWithReturning(version)).toBe(true)
    }
  })

  it('is false for MySQL and MariaDB before 10.5', () => {
    for (const version of ['8.0.36', '8.4.0-0ubuntu0.24.04.1', '10.4.34-MariaDB', '5.5.5-10.3.39-MariaDB', '']) {
      expect(mariadbWithReturning(version)).toBe(false)
    }
  })
})
