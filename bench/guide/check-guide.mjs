// Keeps docs/migrating-from-evtstore-12.md true: every block the guide marks with
// <!-- snippet: before/NAME --> or <!-- snippet: after/NAME --> must be, verbatim, the
// region NAME of before.ts (compiled against evtstore@12) or after.ts (compiled against
// the packages here), dedented; and every region must be shown. Run after tsc.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const guidePath = join(here, '..', '..', 'docs', 'migrating-from-evtstore-12.md')
const guide = readFileSync(guidePath, 'utf8')

function regions(file) {
  const source = readFileSync(join(here, file), 'utf8')
  const found = new Map()
  for (const match of source.matchAll(/^[ \t]*\/\/ #region ([\w-]+)\n([\s\S]*?)^[ \t]*\/\/ #endregion \1$/gm)) {
    const lines = match[2].replace(/\n$/, '').split('\n')
    const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.match(/^ */)[0].length))
    found.set(match[1], lines.map((l) => l.slice(indent)).join('\n'))
  }
  return found
}

const sources = { before: regions('before.ts'), after: regions('after.ts') }
const problems = []
const shown = { before: new Set(), after: new Set() }
for (const match of guide.matchAll(/<!-- snippet: (before|after)\/([\w-]+) -->\n```ts\n([\s\S]*?)\n```/g)) {
  const [, side, name, block] = match
  shown[side].add(name)
  const region = sources[side].get(name)
  if (region === undefined) problems.push(`the guide shows ${side}/${name}, which ${side}.ts has no region for`)
  else if (region !== block) problems.push(`${side}/${name} in the guide differs from the region in ${side}.ts:\n--- guide\n${block}\n--- ${side}.ts\n${region}`)
}
for (const side of ['before', 'after']) {
  for (const name of sources[side].keys()) {
    if (!shown[side].has(name)) problems.push(`region ${name} of ${side}.ts is not shown in the guide`)
  }
}
if (problems.length > 0) {
  console.error(`docs/migrating-from-evtstore-12.md is out of step with bench/guide:\n\n${problems.join('\n\n')}`)
  process.exit(1)
}
console.log(`migration guide: ${shown.before.size} before and ${shown.after.size} after snippets match their compiled sources`)
