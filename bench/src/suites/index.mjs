// Loads a suite module by name. A suite whose provider package cannot be loaded (not
// built yet, say) is reported as not ready, with the reason, instead of failing the run.

/** Resolves to the suite's definition, or throws an Error whose message says why it is not ready. */
export async function loadSuite(name) {
  try {
    return (await import(`./${name}.mjs`)).default
  } catch (error) {
    throw new Error(`suite ${name} is not ready: ${error.message.split('\n')[0]}`, { cause: error })
  }
}
