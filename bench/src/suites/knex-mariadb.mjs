// Suite: @evtstore/provider-knex on MariaDB (mysql2) against raw mysql2 and evtstore@12's knex provider.
import { rawMysql } from '../contenders/raw-mysql.mjs'
import { oursKnex } from './knex-ours.mjs'
import { v12Knex } from './knex-v12.mjs'

export default {
  title: 'provider-knex on MariaDB (mysql2)',
  server: 'mariadb',
  contenders: {
    ours: (store) => oursKnex('ours, knex + MariaDB', store),
    raw: rawMysql,
    v12: (store) => v12Knex('evtstore@12, knex + MariaDB', store),
    emmett: 'Emmett 0.42 has no MariaDB/MySQL event store',
  },
}
