import { describe, expect, it } from 'vitest';
import { diffBlobSnapshots, matchesBlobPath, parseBlobEventsSpec, triggerBodyOf } from './blob-events.js';

const spec = parseBlobEventsSpec(
  {
    blobPathBeginsWith: '/landing/blobs/orders/',
    blobPathEndsWith: '.csv',
    ignoreEmptyBlobs: true,
    events: ['Microsoft.Storage.BlobCreated', 'Microsoft.Storage.BlobDeleted'],
    scope: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct',
  },
  'TR_Blob',
);

describe('storage events', () => {
  it('matches ADF begins-with and ends-with paths', () => {
    expect(matchesBlobPath(spec, 'landing/orders/2024/a.csv')).toBe(true);
    expect(matchesBlobPath(spec, 'landing/orders/a.json')).toBe(false);
    expect(matchesBlobPath(spec, 'other/orders/a.csv')).toBe(false);
    const any = parseBlobEventsSpec(
      { blobPathEndsWith: '/raw/blobs/x/a.csv', events: ['Microsoft.Storage.BlobCreated'], scope: 's' },
      'T',
    );
    expect(matchesBlobPath(any, 'raw/x/a.csv')).toBe(true);
    expect(matchesBlobPath(any, 'raw2/x/a.csv')).toBe(false);
  });

  it('diffs listings into created (new or changed, non-empty) and deleted events', () => {
    const prev = new Map([
      ['landing/orders/a.csv', { size: 10, version: '1' }],
      ['landing/orders/b.csv', { size: 10, version: '1' }],
      ['landing/orders/c.csv', { size: 10, version: '1' }],
    ]);
    const next = new Map([
      ['landing/orders/a.csv', { size: 10, version: '1' }],
      ['landing/orders/b.csv', { size: 12, version: '2' }],
      ['landing/orders/d.csv', { size: 5, version: '1' }],
      ['landing/orders/empty.csv', { size: 0, version: '1' }],
    ]);
    expect(diffBlobSnapshots(spec, prev, next).map((c) => `${c.type.slice(18)} ${c.path}`)).toEqual([
      'BlobCreated landing/orders/b.csv',
      'BlobDeleted landing/orders/c.csv',
      'BlobCreated landing/orders/d.csv',
    ]);
  });

  it('gives triggerBody folderPath and fileName', () => {
    expect(
      triggerBodyOf({
        type: 'Microsoft.Storage.BlobCreated',
        path: 'landing/orders/2024/a.csv',
        size: 1,
        version: '1',
      }),
    ).toMatchObject({
      folderPath: 'landing/orders/2024',
      fileName: 'a.csv',
    });
  });
});
