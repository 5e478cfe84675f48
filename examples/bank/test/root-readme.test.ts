import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

const exampleDir = join(__dirname, '..')
const repoRoot = join(exampleDir, '..', '..')
const readmePath = join(repoRoot, 'README.md')
const snippetPath = join(exampleDir, 'src', 'readme-snippet.ts')
const marker = '<!-- snippet: examples/bank/src/readme-snippet.ts -->'

/** The fenced code block that follows the snippet marker in the root README. */
function readmeBlock(): string {
  const readme = readFileSync(readmePath, 'utf8')
  const at = readme.indexOf(marker)
  if (at < 0) throw new Error(`README.md has no ${marker} line`)
  const match = /```ts\n([\s\S]*?)```/.exec(readme.slice(at))
  if (match?.[1] === undefined) throw new Error('no ```ts block after the snippet marker in README.md')
  return match[1]
}

/** Relative link targets in the root README (http links and anchors left out). */
function relativeLinks(readme: string): string[] {
  return [...readme.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'))
}

describe('the root README', () => {
  it('links only to files and folders that exist', () => {
    const readme = readFileSync(readmePath, 'utf8')
    const links = relativeLinks(readme)
    expect(links.length).toBeGreaterThan(5)
    // A link may name a heading (`CONTRIBUTING.md#releasing`): the file must exist and have it.
    const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-')
    const missing = links.filter((link) => {
      const [target = '', anchor] = link.split('#')
      if (!existsSync(join(repoRoot, target))) return true
      if (anchor === undefined) return false
      const headings = readFileSync(join(repoRoot, target), 'utf8').match(/^#{1,6} .+$/gm) ?? []
      return !headings.some((h) => slug(h.replace(/^#+ /, '')) === anchor)
    })
    expect(missing).toEqual([])
  })

  it('marks a package available only when its folder has a package.json', () => {
    const rows = readFileSync(readmePath, 'utf8')
      .split('\n')
      .filter((line) => /^\|.*\| *available/.test(line))
    expect(rows.length).toBeGreaterThan(3)
    for (const row of rows) {
      const folder = /^\| *\[?([\w./-]+?)\]?(\(|\s*\|)/.exec(row)?.[1]
      expect(folder !== undefined && existsSync(join(repoRoot, folder, 'package.json'))).toBe(true)
    }
  })
})

describe('the README example', () => {
  it('is identical to src/readme-snippet.ts, which the build type-checks', () => {
    expect(readmeBlock()).toBe(readFileSync(snippetPath, 'utf8'))
  })

  it('runs and prints what its comments say', async () => {
    const compiled = join(exampleDir, 'dist', 'readme-snippet.js')
    if (!existsSync(compiled)) throw new Error('dist/readme-snippet.js is missing: build the example first')
    const { stdout } = await promisify(execFile)(process.execPath, [compiled], { timeout: 20_000 })
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toMatch(/balance: 70\b/)
    expect(lines[0]).toMatch(/version: 2\b/)
    expect(lines.slice(-2)).toEqual(['COMMAND_REJECTED only 70 left', '70'])
  })
})
