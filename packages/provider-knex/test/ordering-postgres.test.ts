import { describeServerOrdering } from './support/ordering-suite.js'

describeServerOrdering('postgres')
