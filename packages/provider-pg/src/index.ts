export { createProvider } from './create-provider.js'
export { migrate } from './migrate.js'
export type { PgMigrateOptions, PgProviderOptions, PgQueryConfig, PgQueryable, PgTransactionClient, PgTransactionResult } from './options.js'
