// The Temporal client of the API and the scripts: always with the encrypting payload codec,
// so nothing personal reaches the Temporal server in clear.
import { Client, Connection } from '@temporalio/client';
import type { Database } from './database';
import type { Keyring } from './keyring';
import { dataConverter } from './payload-codec';

/** Connects to a Temporal frontend (host:port) and returns a Client that encrypts payloads. */
export async function connectTemporal(
  address: string,
  namespace: string,
  keys?: Keyring,
  db?: Database,
): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace, dataConverter: dataConverter(keys, db) });
}
