import { containerSpec } from '../src/container-spec.js'
import { mongoUrlWithDatabase } from '../src/drivers/mongo.js'
import { IMAGES, createTestDatabase, imageFor, isLocalImage, isTestDatabaseError, urlVariable } from '../src/index.js'
import { redact } from '../src/server-version.js'

describe('image selection', () => {
  it('uses official images unless told otherwise', () => {
    expect(imageFor('postgres', {})).toBe(IMAGES.postgres.official)
    expect(isLocalImage(imageFor('neo4j35', {}))).toBe(false)
  })
  it('switches every kind to local images with EVTSTORE_TEST_IMAGES=local', () => {
    expect(imageFor('mongo', { EVTSTORE_TEST_IMAGES: 'local' })).toBe('evtstore-test/ferretdb:1.24')
    expect(imageFor('neo4j44', { EVTSTORE_TEST_IMAGES: 'local' })).toBe('evtstore-test/neo4j:4.4')
  })
  it('lets one variable per kind win over both', () => {
    const env = { EVTSTORE_TEST_IMAGES: 'local', EVTSTORE_POSTGRES_IMAGE: 'postgres:16' }
    expect(imageFor('postgres', env)).toBe('postgres:16')
    expect(imageFor('mariadb', env)).toBe(IMAGES.mariadb.local)
  })
  it('names the URL variables', () => {
    expect(urlVariable('neo4j44')).toBe('EVTSTORE_NEO4J44_URL')
  })
})

describe('container settings', () => {
  it('gives official images the port as a server option and local ones EVTSTORE_PORT', () => {
    const official = containerSpec('postgres', IMAGES.postgres.official, 5555)
    expect(official.command).toEqual(expect.arrayContaining(['-p', '5555']))
    expect(official.readyTimes).toBe(2)
    const local = containerSpec('postgres', IMAGES.postgres.local, 5555)
    expect(local.env.EVTSTORE_PORT).toBe('5555')
    expect(local.command).not.toContain('-p')
  })
  it('waits for the MariaDB line that names the real port, not the temporary server', () => {
    const spec = containerSpec('mariadb', IMAGES.mariadb.official, 4444)
    expect(spec.readyLog.test("Version: '10.11.14-MariaDB'  socket: '/run/mysqld/mysqld.sock'  port: 4444")).toBe(true)
    expect(spec.readyLog.test("Version: '10.11.14-MariaDB'  socket: '/run/mysqld/mysqld.sock'  port: 0")).toBe(false)
  })
  it('binds official Neo4j images to loopback with no HTTP', () => {
    expect(containerSpec('neo4j5', IMAGES.neo4j5.official, 7001).env).toMatchObject({
      NEO4J_server_bolt_listen__address: '127.0.0.1:7001',
      NEO4J_server_http_enabled: 'false',
    })
    expect(containerSpec('neo4j35', IMAGES.neo4j35.official, 7002).env).toMatchObject({
      NEO4J_dbms_connector_bolt_listen__address: '127.0.0.1:7002',
    })
  })
})

describe('URLs', () => {
  it('puts a database name into a Mongo URL, keeping hosts and options', () => {
    expect(mongoUrlWithDatabase('mongodb://a:1,b:2/admin?replicaSet=r', 'x1')).toBe('mongodb://a:1,b:2/x1?replicaSet=r')
    expect(mongoUrlWithDatabase('mongodb://127.0.0.1:27017', 'x1')).toBe('mongodb://127.0.0.1:27017/x1')
  })
  it('hides passwords in messages', () => {
    expect(redact('postgres://u:secret@h:1/db')).toBe('postgres://u:***@h:1/db')
  })
  it('rejects a prefix that is not a plain identifier before any I/O', async () => {
    const error = await createTestDatabase('postgres', 'postgres://nowhere:1/x', 'a"; drop').catch((e: unknown) => e)
    expect(isTestDatabaseError(error) && error.code).toBe('TEST_DATABASE_CREATE_FAILED')
  })
})
