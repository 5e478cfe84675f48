// Makes `require('neo4j-driver')` anywhere in this process load the given installed
// package instead (say `neo4j-driver-v4`, the 4.4 line): what a project sees whose own
// node_modules holds that release under the name `neo4j-driver`.
const Module = require('node:module')

module.exports = function neo4jDriverAs(pkg) {
  const target = require.resolve(pkg)
  const resolve = Module._resolveFilename
  Module._resolveFilename = function (request, ...rest) {
    if (request === 'neo4j-driver') return target
    return resolve.call(this, request, ...rest)
  }
  return require(target)
}
