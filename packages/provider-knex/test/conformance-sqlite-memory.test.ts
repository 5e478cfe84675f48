import { registerConformance } from './support/conformance.js'

registerConformance('sqlite-memory')
