import type { Provider } from '@evtstore/core'
import type { TestContext } from '../test-context.js'

/**
 * The providers racing writers use: three instances on the same database when the
 * provider is persistent and allows concurrent appends (so racers use separate
 * connections or pools), otherwise just the test's own provider.
 */
export async function racingProviders(context: TestContext): Promise<Provider[]> {
  const { capabilities, provider, newProvider } = context
  if (capabilities.persistent === false || capabilities.concurrentAppends === false) return [provider]
  return [provider, await newProvider(), await newProvider()]
}
