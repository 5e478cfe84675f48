// Checks .github/workflows/release.yml without GitHub: it must parse as YAML (a syntax
// error fails here), run on pushes to main, hold the permissions the changesets action and
// npm provenance need, build before it publishes, and call the root package.json scripts
// that run `changeset version` and `changeset publish`.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseDocument } from 'yaml'
import { RehearsalFailed } from './run-command.mjs'

const WORKFLOW = '.github/workflows/release.yml'

/** Returns a one-line summary; throws RehearsalFailed listing every problem. */
export function checkReleaseWorkflow(root) {
  const doc = parseDocument(readFileSync(join(root, WORKFLOW), 'utf8'), { prettyErrors: true, uniqueKeys: true })
  if (doc.errors.length > 0) throw new RehearsalFailed(`${WORKFLOW} is not valid YAML:\n${doc.errors.map((e) => e.message).join('\n')}`)
  const workflow = doc.toJS()
  const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts ?? {}
  const problems = []
  if (!workflow.on?.push?.branches?.includes('main')) problems.push('does not run on pushes to main')
  for (const [key, value] of [
    ['contents', 'write'],
    ['pull-requests', 'write'],
    ['id-token', 'write'],
  ]) {
    if (workflow.permissions?.[key] !== value) problems.push(`permissions.${key} is not ${value}`)
  }
  const jobs = Object.entries(workflow.jobs ?? {})
  if (jobs.length !== 1) problems.push(`has ${jobs.length} jobs, expected one`)
  const steps = jobs[0]?.[1]?.steps ?? []
  if (!jobs[0]?.[1]?.['runs-on']) problems.push('the job has no runs-on')
  for (const step of steps) {
    if (step.uses === undefined && step.run === undefined) problems.push(`a step has neither uses nor run: ${JSON.stringify(step)}`)
    if (step.uses !== undefined && !/^[\w.-]+\/[\w.-]+@v\d+$/.test(step.uses)) problems.push(`step uses '${step.uses}': pin a major tag (owner/repo@vN)`)
  }
  const index = (test) => steps.findIndex(test)
  const install = index((s) => /pnpm install --frozen-lockfile/.test(s.run ?? ''))
  const build = index((s) => /pnpm build/.test(s.run ?? ''))
  const action = index((s) => /^changesets\/action@/.test(s.uses ?? ''))
  const node = steps.find((s) => /^actions\/setup-node@/.test(s.uses ?? ''))
  if (install < 0) problems.push('no step runs pnpm install --frozen-lockfile')
  if (build < 0 || build < install) problems.push('no step builds (pnpm build) after installing')
  if (action < 0) problems.push('no step uses changesets/action')
  if (action >= 0 && action < build) problems.push('changesets/action runs before the build')
  if (node?.with?.['registry-url'] !== 'https://registry.npmjs.org') problems.push('setup-node has no registry-url for npm')
  const withs = steps[action]?.with ?? {}
  for (const [input, command] of [
    ['version', 'changeset version'],
    ['publish', 'changeset publish'],
  ]) {
    const script = /^pnpm run ([\w:-]+)$/.exec(withs[input] ?? '')?.[1]
    if (script === undefined) problems.push(`changesets/action's ${input} is not 'pnpm run <script>'`)
    else if (scripts[script] !== command) problems.push(`root script '${script}' is '${scripts[script]}', not '${command}'`)
  }
  const env = steps[action]?.env ?? {}
  for (const name of ['GITHUB_TOKEN', 'NPM_TOKEN']) if (!env[name]) problems.push(`changesets/action has no ${name}`)
  if (problems.length > 0) throw new RehearsalFailed(`${WORKFLOW}:\n  - ${problems.join('\n  - ')}`)
  return `  ok  ${WORKFLOW} parses; on push to main; ${steps.length} steps; changesets/action runs 'pnpm run ${/run (\S+)/.exec(withs.version)[1]}' and 'pnpm run ${/run (\S+)/.exec(withs.publish)[1]}' after the build; id-token: write for provenance`
}
