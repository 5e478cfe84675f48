import { describeServerOrdering } from './support/ordering-suite.js'

describeServerOrdering('mariadb')
