export { createMemoryProvider } from './memory-provider.js'
export type { MemoryProviderOptions } from './memory-provider.js'
export type { SeedEvent } from './seed-events.js'
