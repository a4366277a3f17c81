import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { tableStoreContractSuite } from '../../contracts/testing/table-store-suite.js';
import { unavailableSecretResolver } from '../secret-value.js';
import { azurePostgreSqlConnector } from './postgresql-connector.js';

// The PostgreSQL of the test machine (trust authentication, database `test`); each run gets its own schema.
const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };

tableStoreContractSuite('postgresql', {
  async create() {
    const schema = `millrace_contract_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = new pg.Client(PG);
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const connector = await azurePostgreSqlConnector.create(
      {
        connectionString: `Host=${PG.host};Port=${PG.port};Database=${PG.database};Username=${PG.user};SSL Mode=Disable`,
      },
      { projectRoot: '/tmp', secrets: unavailableSecretResolver },
    );
    const store = connector.tableStore?.();
    if (!store) throw new Error('a PostgreSQL connector offers tableStore');
    return {
      store,
      schema,
      async close() {
        await connector.close?.();
        const drop = new pg.Client(PG);
        await drop.connect();
        await drop.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await drop.end();
      },
    };
  },
});
