export { createProvider } from './create-provider.js'
export { migrate } from './migrate.js'
export type { JsonlOptions } from './options.js'
