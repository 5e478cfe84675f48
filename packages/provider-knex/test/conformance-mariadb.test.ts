import { registerConformance } from './support/conformance.js'

registerConformance('mariadb')
