export { createProvider } from './create-provider.js'
export { migrate } from './migrate.js'
export type { PgMigrateOptions, PgProviderOptions, PgQueryable } from './options.js'
