export { createProvider } from './create-provider.js'
export { migrate } from './migrate.js'
export type {
  PostgresMigrateOptions,
  PostgresPendingQuery,
  PostgresProviderOptions,
  PostgresSql,
  PostgresTransactionSql,
} from './options.js'
