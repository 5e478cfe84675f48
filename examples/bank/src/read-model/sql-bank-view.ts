import type { Knex } from 'knex'
import { byAccountId, type BalanceRow, type BankView, type LedgerRow } from './bank-view.js'

const BALANCES = 'bank_balances'
const TRANSFERS = 'bank_transfers'

interface BalanceRecord {
  account_id: string
  owner: string
  balance: number
  status: BalanceRow['status']
  version: number
}

interface TransferRecord {
  transfer_id: string
  from_account: string
  to_account: string
  amount: number
  status: LedgerRow['status']
}

/**
 * Creates the read model's two tables (`bank_balances`, `bank_transfers`) if they are
 * missing. Safe to run at every start.
 *
 * @example
 * ```ts
 * await migrateBankView(db)
 * const view = new SqlBankView(db)
 * ```
 */
export async function migrateBankView(db: Knex): Promise<void> {
  if (!(await db.schema.hasTable(BALANCES))) {
    await db.schema.createTable(BALANCES, (t) => {
      t.string('account_id').primary()
      t.string('owner').notNullable()
      t.bigInteger('balance').notNullable()
      t.string('status').notNullable()
      t.integer('version').notNullable()
    })
  }
  if (!(await db.schema.hasTable(TRANSFERS))) {
    await db.schema.createTable(TRANSFERS, (t) => {
      t.increments('seq')
      t.string('transfer_id').notNullable().unique()
      t.string('from_account').notNullable()
      t.string('to_account').notNullable()
      t.bigInteger('amount').notNullable()
      t.string('status').notNullable()
    })
  }
}

/**
 * A {@link BankView} in two SQL tables, in the same database as the events. The view
 * and the handler's bookmark both outlive the process, so a later run resumes the
 * handler where it stopped instead of replaying everything. Run {@link migrateBankView}
 * first.
 *
 * @example
 * ```ts
 * const bank = createBank(provider, new SqlBankView(db))
 * ```
 */
export class SqlBankView implements BankView {
  constructor(private readonly db: Knex) {}

  async balance(accountId: string): Promise<BalanceRow | undefined> {
    const row = await this.db<BalanceRecord>(BALANCES).where({ account_id: accountId }).first()
    return row === undefined ? undefined : toBalance(row)
  }

  async allBalances(): Promise<BalanceRow[]> {
    const rows = await this.db<BalanceRecord>(BALANCES).select()
    return rows.map(toBalance).sort(byAccountId)
  }

  async transfers(): Promise<LedgerRow[]> {
    const rows = await this.db<TransferRecord & { seq: number }>(TRANSFERS).select().orderBy('seq')
    return rows.map((r) => ({
      transferId: r.transfer_id,
      from: r.from_account,
      to: r.to_account,
      amount: Number(r.amount),
      status: r.status,
    }))
  }

  async putBalance(row: BalanceRow): Promise<void> {
    const record: BalanceRecord = {
      account_id: row.accountId,
      owner: row.owner,
      balance: row.balance,
      status: row.status,
      version: row.version,
    }
    await this.db(BALANCES).insert(record).onConflict('account_id').merge()
  }

  async insertTransfer(row: LedgerRow): Promise<void> {
    const record: TransferRecord = {
      transfer_id: row.transferId,
      from_account: row.from,
      to_account: row.to,
      amount: row.amount,
      status: row.status,
    }
    await this.db(TRANSFERS).insert(record).onConflict('transfer_id').ignore()
  }

  async setTransferStatus(transferId: string, status: LedgerRow['status']): Promise<void> {
    await this.db(TRANSFERS).where({ transfer_id: transferId }).update({ status })
  }

  async clear(): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx(BALANCES).delete()
      await trx(TRANSFERS).delete()
    })
  }
}

function toBalance(r: BalanceRecord): BalanceRow {
  return {
    accountId: r.account_id,
    owner: r.owner,
    balance: Number(r.balance),
    status: r.status,
    version: Number(r.version),
  }
}
