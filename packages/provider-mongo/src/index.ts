// @evtstore/provider-mongo: evtstore on MongoDB and FerretDB through the official driver.
export { createProvider } from './create-provider.js'
export { migrate } from './migrate.js'
export type { MongoCollectionLike, MongoCursorLike, MongoProviderOptions } from './options.js'
