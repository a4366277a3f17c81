import { describe, expect, it } from 'vitest';
import { connectionStringSecrets, maskConnectionStringSecrets } from './connection-string-secrets.js';
import { SecretRedactor } from './secret-redactor.js';

const storage =
  'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0S2V5VmFsdWU=;EndpointSuffix=core.windows.net';
const sas =
  'BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=b&sp=rl&sig=AbCdEf%2Bsig123';

describe('connection-string secrets', () => {
  it('finds the secret fields of ADO.NET, storage, SAS and URL connection strings', () => {
    expect(connectionStringSecrets('Server=db;User Id=sa;Password=pa55word!;Database=x')).toEqual([
      'pa55word!',
    ]);
    expect(connectionStringSecrets("Host=h;Pwd='with space'")).toEqual(['with space']);
    expect(connectionStringSecrets(storage)).toEqual(['c2VjcmV0S2V5VmFsdWU=']);
    expect(connectionStringSecrets(sas)).toEqual([
      'sv=2022-11-02&ss=b&sp=rl&sig=AbCdEf%2Bsig123',
      'AbCdEf%2Bsig123',
    ]);
    expect(connectionStringSecrets('postgres://bob:p%40ss@h:5432/db')).toEqual(['p%40ss', 'p@ss']);
    // A missing `;` still yields the password.
    expect(connectionStringSecrets('Database=db Password=merged1;User=u')).toEqual(['merged1']);
    expect(connectionStringSecrets('Host=h;Database=d;Username=u')).toEqual([]);
  });

  it('masks secret fields by key, leaving ordinary text alone', () => {
    expect(maskConnectionStringSecrets('database "nodb Password=abc123" does not exist')).toBe(
      'database "nodb Password=***" does not exist',
    );
    expect(maskConnectionStringSecrets(`bad: ${sas}`)).toBe(
      'bad: BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=***',
    );
    expect(maskConnectionStringSecrets('GET https://a/b?sv=1&sig=xyz&se=2 failed')).toBe(
      'GET https://a/b?sv=1&sig=***&se=2 failed',
    );
    expect(maskConnectionStringSecrets('connect postgres://bob:hunter2@h/db')).toBe(
      'connect postgres://bob:***@h/db',
    );
    const plain = 'duplicate key value violates unique constraint: Key (id)=(1) already exists';
    expect(maskConnectionStringSecrets(plain)).toBe(plain);
  });

  it('a registered connection string masks each of its secret parts on its own', () => {
    const r = new SecretRedactor();
    r.add(storage);
    expect(r.redact('auth failed for key c2VjcmV0S2V5VmFsdWU= of acct')).toBe(
      'auth failed for key *** of acct',
    );
    r.add(sas);
    expect(r.redact('signature AbCdEf%2Bsig123 expired')).toBe('signature *** expired');
  });
});
