import { join } from 'node:path'
import { PROVIDER_DRIVERS, installedVersion, providerManifest, rangeFloors } from './support/peer-floors'

// The lowest release of every peer range is installed here (as `<driver>-<version>`) and
// the other files of this package run the providers on it; each provider's own tests run
// the newest release (its devDependency). Widening a range without adding its new floor
// here fails this test.

const compare = (a: string, b: string) => {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number))
  for (let i = 0; i < 3; i++) if (x![i] !== y![i]) return x![i]! - y![i]!
  return 0
}

describe('peer ranges', () => {
  for (const [provider, driver] of Object.entries(PROVIDER_DRIVERS) as Array<[keyof typeof PROVIDER_DRIVERS, string]>) {
    const range = providerManifest(provider).peerDependencies[driver]!
    const floors = rangeFloors(range)

    it(`${provider}: the floor of ${driver} ${range} is installed here`, () => {
      for (const floor of floors) expect(installedVersion(`${driver}-${floor}`)).toBe(floor)
    })

    it(`${provider}: its own tests use a ${driver} release within ${range}`, () => {
      const own = installedVersion(driver, join(__dirname, '..', '..', provider))
      const floor = floors.find((f) => f.split('.')[0] === own.split('.')[0])
      expect(floor).toBeDefined()
      expect(compare(own, floor!)).toBeGreaterThanOrEqual(0)
      process.stdout.write(`[ranges] ${provider}: ${driver} ${floors.join(', ')} (lowest, here) and ${own} (its own tests)\n`)
    })
  }

  it('reads only the range forms it understands', () => {
    expect(rangeFloors('^4.4.0 || ^5.0.0')).toEqual(['4.4.0', '5.0.0'])
    expect(() => rangeFloors('>=8')).toThrow(/only \^x\.y\.z/)
  })
})
