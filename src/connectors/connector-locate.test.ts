import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { describe, expect, it } from 'vitest';
import { AzureBlobConnector } from './azure-blob/azure-blob-connector.js';
import { FileServerConnector } from './file-server/file-server-connector.js';
import { HttpServerConnector } from './http-server/http-server-connector.js';

// A client object only: nothing here talks to the network.
const service = BlobServiceClient.fromConnectionString('UseDevelopmentStorage=true');

describe('Connector.locate (callers ask the connector where a path lives, never its type)', () => {
  it('reads the first segment as the container for Blob storage and the file system for ADLS Gen2', () => {
    const blob = new AzureBlobConnector(service);
    expect(blob.locate('logs\\copy/run-1/')).toEqual({
      location: { type: 'AzureBlobStorageLocation', container: 'logs' },
      folder: 'copy/run-1',
    });
    const adls = new AzureBlobConnector(service, 'AzureBlobFS', 'AzureBlobFSLocation');
    expect(adls.locate('/lake/raw')).toEqual({
      location: { type: 'AzureBlobFSLocation', fileSystem: 'lake' },
      folder: 'raw',
    });
    // The located place opens as a store of that connector.
    expect(blob.fileStore(blob.locate('logs/x').location)).toBeDefined();
  });

  it('keeps the whole path as the folder for FileServer and HttpServer', () => {
    const files = new FileServerConnector(mkdtempSync(join(tmpdir(), 'millrace-locate-')));
    expect(files.locate('a\\b/c')).toEqual({ location: { type: 'FileServerLocation' }, folder: 'a/b/c' });
    expect(files.fileStore(files.locate('a').location)).toBeDefined();
    const http = new HttpServerConnector('http://127.0.0.1:1/base/', {});
    expect(http.locate('/data/x/')).toEqual({ location: { type: 'HttpServerLocation' }, folder: 'data/x' });
  });
});
