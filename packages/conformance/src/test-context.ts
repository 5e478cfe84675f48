import type { Provider, ProviderCapabilities } from '@evtstore/core'
import type { ConformanceOptions } from './options.js'

/** What a conformance test gets: a fresh provider and the suite's options. */
export interface TestContext {
  /** The provider for this test, from `createProvider()`. */
  provider: Provider
  /** `provider.capabilities` with `options.capabilities` merged over them. */
  capabilities: ProviderCapabilities
  /** The options the suite was registered with. */
  options: ConformanceOptions
  /** Another provider on the same database (released after the test, like `provider`). */
  newProvider(): Promise<Provider>
}

/** A test's context plus the clean-up to run after it. */
export interface OpenedContext {
  context: TestContext
  close(): Promise<void>
}

/** Creates the provider(s) of one test and releases them afterwards. */
export async function openTestContext(options: ConformanceOptions): Promise<OpenedContext> {
  const created: Provider[] = []
  const newProvider = async (): Promise<Provider> => {
    const provider = await options.createProvider()
    created.push(provider)
    return provider
  }
  const provider = await newProvider()
  const context: TestContext = {
    provider,
    capabilities: { ...provider.capabilities, ...options.capabilities },
    options,
    newProvider,
  }
  return {
    context,
    async close() {
      if (options.releaseProvider === undefined) return
      for (const each of created) await options.releaseProvider(each)
    },
  }
}
