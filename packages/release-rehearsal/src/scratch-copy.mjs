// A copy of the repository to release from, so the rehearsal never touches the real one:
// every file git knows about (tracked or new, not ignored), the builds of the published
// packages, and a link to the installed node_modules (the changesets CLI and its
// changelog generator resolve from there). The copy is its own git repository, because
// `changeset publish` tags what it published.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { runCommand } from './run-command.mjs'

/** Published packages under packages/: `{ name, dir, version }`, sorted by name. */
export function publishedPackages(root) {
  return readdirSync(join(root, 'packages'))
    .filter((entry) => existsSync(join(root, 'packages', entry, 'package.json')))
    .map((entry) => {
      const manifest = JSON.parse(readFileSync(join(root, 'packages', entry, 'package.json'), 'utf8'))
      return { name: manifest.name, dir: join('packages', entry), version: manifest.version, private: manifest.private === true }
    })
    .filter((pkg) => !pkg.private)
    .sort((a, b) => a.name.localeCompare(b.name))
}

/** Copies the repository at `root` to `target` (which must not exist yet). */
export async function scratchCopy(root, target) {
  const listed = await runCommand('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root })
  mkdirSync(target, { recursive: true })
  for (const file of listed.split('\0').filter(Boolean)) {
    if (!existsSync(join(root, file))) continue // deleted in the work tree, not yet in git
    mkdirSync(dirname(join(target, file)), { recursive: true })
    cpSync(join(root, file), join(target, file))
  }
  for (const pkg of publishedPackages(root)) {
    cpSync(join(root, pkg.dir, 'dist'), join(target, pkg.dir, 'dist'), { recursive: true })
  }
  symlinkSync(join(root, 'node_modules'), join(target, 'node_modules'), 'dir')
  linkWorkspaceDependencies(target)
  writeFileSync(join(target, '.gitignore'), 'node_modules\ndist\n')
  const git = (...args) =>
    runCommand('git', ['-c', 'user.name=rehearsal', '-c', 'user.email=rehearsal@localhost', ...args], { cwd: target })
  await git('init', '-q', '-b', 'main')
  await git('add', '-A')
  await git('commit', '-q', '-m', 'scratch copy for the release rehearsal')
  return target
}

/**
 * What `pnpm install` would link for the workspace packages: each package's @evtstore
 * dependencies as links to their folders in the copy (pnpm publish reads their versions
 * there to replace `workspace:` ranges).
 */
function linkWorkspaceDependencies(target) {
  const folders = new Map()
  for (const group of ['packages', 'examples']) {
    if (!existsSync(join(target, group))) continue
    for (const entry of readdirSync(join(target, group))) {
      const file = join(target, group, entry, 'package.json')
      if (existsSync(file)) folders.set(JSON.parse(readFileSync(file, 'utf8')).name, join(target, group, entry))
    }
  }
  for (const dir of folders.values()) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies, ...manifest.peerDependencies })
    for (const name of names.filter((n) => folders.has(n))) {
      const link = join(dir, 'node_modules', ...name.split('/'))
      mkdirSync(dirname(link), { recursive: true })
      symlinkSync(folders.get(name), link, 'dir')
    }
  }
}

/** Reads the version of every published package in a copy. */
export function versionsIn(root) {
  return Object.fromEntries(publishedPackages(root).map((pkg) => [pkg.name, pkg.version]))
}

/** Reads a package's manifest in a copy. */
export function manifestIn(root, name) {
  const pkg = publishedPackages(root).find((p) => p.name === name)
  return JSON.parse(readFileSync(join(root, pkg.dir, 'package.json'), 'utf8'))
}
