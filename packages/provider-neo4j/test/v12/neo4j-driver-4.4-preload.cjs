// node --require this file: the process loads neo4j-driver 4.4 as `neo4j-driver`, the
// driver a Neo4j 3.5 user has installed (the 5.x drivers do not speak Bolt 3).
require('./neo4j-driver-as.cjs')('neo4j-driver-v4')
