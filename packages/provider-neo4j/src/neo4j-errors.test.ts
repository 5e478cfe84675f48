import { isProviderError } from '@evtstore/core'
import { isConstraintViolation, isRetryableNeo4jError, neo4jProviderError } from './neo4j-errors.js'

describe('Neo4j error classification', () => {
  it('retries transient errors, lost connections and leader switches, nothing else', () => {
    for (const code of [
      'Neo.TransientError.Transaction.DeadlockDetected',
      'Neo.TransientError.Transaction.LockAcquisitionTimeout',
      'Neo.TransientError.General.DatabaseUnavailable',
      'ServiceUnavailable',
      'SessionExpired',
      'Neo.ClientError.Cluster.NotALeader',
      'Neo.ClientError.General.ForbiddenOnReadOnlyDatabase',
    ]) {
      expect(isRetryableNeo4jError({ code })).toBe(true)
    }
    for (const code of [
      'Neo.TransientError.Transaction.Terminated',
      'Neo.TransientError.Transaction.LockClientStopped',
      'Neo.ClientError.Schema.ConstraintValidationFailed',
      'Neo.ClientError.Statement.SyntaxError',
      undefined,
    ]) {
      expect(isRetryableNeo4jError({ code })).toBe(false)
    }
    expect(isRetryableNeo4jError(new Error('plain'))).toBe(false)
  })

  it('retries a query Neo4j 4.4 could not plan while the schema kept changing, and no other execution failure', () => {
    const churn = Object.assign(new Error('Could not compile query due to insanely frequent schema changes'), {
      code: 'Neo.DatabaseError.Statement.ExecutionFailed',
    })
    const other = Object.assign(new Error('/ by zero'), { code: 'Neo.DatabaseError.Statement.ExecutionFailed' })
    expect(isRetryableNeo4jError(churn)).toBe(true)
    expect(isRetryableNeo4jError(other)).toBe(false)
  })

  it('retries the same planning failure as Neo4j 5.26 reports it to a 5.0 driver, and no other unknown error', () => {
    const churn = Object.assign(new Error('Could not compile query due to insanely frequent schema changes'), {
      code: 'Neo.DatabaseError.General.UnknownError',
    })
    const other = Object.assign(new Error('something else went wrong'), { code: 'Neo.DatabaseError.General.UnknownError' })
    const client = Object.assign(new Error('Could not compile query due to insanely frequent schema changes'), {
      code: 'Neo.ClientError.Statement.SyntaxError',
    })
    expect(isRetryableNeo4jError(churn)).toBe(true)
    expect(isRetryableNeo4jError(other)).toBe(false)
    expect(isRetryableNeo4jError(client)).toBe(false)
  })

  it('retries a constraint creation Neo4j 4.4 refused because other constraints changed meanwhile, and no other creation failure', () => {
    const raced = Object.assign(
      new Error(
        "Unable to create Constraint( name='x', type='UNIQUENESS' ): Database constraints have changed (txId=6619) after this transaction (txId=6618) started, which is not yet supported. Please retry your transaction to ensure all constraints are executed.",
      ),
      { code: 'Neo.DatabaseError.Schema.ConstraintCreationFailed' },
    )
    const other = Object.assign(new Error('Unable to create Constraint: existing data violates it'), {
      code: 'Neo.DatabaseError.Schema.ConstraintCreationFailed',
    })
    expect(isRetryableNeo4jError(raced)).toBe(true)
    expect(isRetryableNeo4jError(other)).toBe(false)
  })

  it('recognises a constraint violation by its code only', () => {
    expect(isConstraintViolation({ code: 'Neo.ClientError.Schema.ConstraintValidationFailed' })).toBe(true)
    expect(isConstraintViolation(new Error('Node(1) already exists with label `Events`'))).toBe(false)
  })

  it('wraps a driver error in a ProviderError naming the code, with the cause', () => {
    const cause = Object.assign(new Error('boom'), { code: 'Neo.ClientError.Statement.SyntaxError' })
    const err = neo4jProviderError('neo4j', 'readLog', cause)
    expect(isProviderError(err)).toBe(true)
    expect(err.message).toBe('neo4j.readLog failed: boom (Neo.ClientError.Statement.SyntaxError)')
    expect(err.cause).toBe(cause)
  })
})
