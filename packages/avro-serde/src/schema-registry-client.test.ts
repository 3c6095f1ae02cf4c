import { createServer } from 'node:net';
import { type AvroSchemaObject, isRetriable, PermanentError, SchemaInvalidError } from '@docsort/contracts';
import avro from 'avsc';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfluentAvroSerde } from './confluent-avro-serde.ts';
import { SchemaRegistryClient } from './schema-registry-client.ts';
import { SchemaRegistryError } from './schema-registry-error.ts';
import {
  type ScriptedAnswer,
  type ScriptedRegistry,
  startScriptedRegistry,
} from './testing/scripted-registry.ts';

const probeSchema: AvroSchemaObject = {
  type: 'record',
  name: 'RegistryProbe',
  namespace: 'io.docsort.test',
  fields: [{ name: 'documentId', type: 'string' }],
};
const schemaId = 7;
const framedProbe = Buffer.concat([
  Buffer.from([0, 0, 0, 0, schemaId]),
  avro.Type.forSchema(probeSchema as avro.Schema).toBuffer({ documentId: 'd-1' }),
]);
const proxyPage = '<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>';

let registry: ScriptedRegistry | undefined;
afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

/** A registry that gives `answers` in turn, then the probe schema for every request. */
async function registryAnswering(...answers: ScriptedAnswer[]): Promise<SchemaRegistryClient> {
  registry = await startScriptedRegistry(
    () => answers.shift() ?? { status: 200, body: { schema: JSON.stringify(probeSchema), id: schemaId } },
  );
  return new SchemaRegistryClient({ url: registry.url, timeoutMs: 1_000 });
}

async function failureOf(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('SchemaRegistryClient errors', () => {
  it('a proxy’s 502 page is retriable, not a broken record, and the next attempt decodes', async () => {
    const serde = new ConfluentAvroSerde(await registryAnswering({ status: 502, body: proxyPage }));
    const deserializer = serde.deserializer<{ documentId: string }>(probeSchema);

    const failure = await failureOf(deserializer.deserialize(framedProbe));
    expect(failure).toBeInstanceOf(SchemaRegistryError);
    expect(failure).toMatchObject({ status: 502, retriable: true });
    // What the stream runtime looks at: retriable, so the record is retried, never dead-lettered.
    expect(isRetriable(failure)).toBe(true);
    expect(failure).not.toBeInstanceOf(PermanentError);

    await expect(deserializer.deserialize(framedProbe)).resolves.toEqual({ documentId: 'd-1' });
  });

  it('a 502 page is retriable on lookups and on the calls made without the library too', async () => {
    const client = await registryAnswering(
      { status: 502, body: proxyPage },
      { status: 503, body: proxyPage },
    );
    expect(await failureOf(client.lookup('probe-value', JSON.stringify(probeSchema)))).toMatchObject({
      name: 'SchemaRegistryError',
      status: 502,
      retriable: true,
    });
    expect(await failureOf(client.subjects())).toMatchObject({ status: 503, retriable: true });
  });

  it('401, 403, 422 and a registry’s own 400 are permanent, with their status', async () => {
    const client = await registryAnswering(
      { status: 401, body: 'Unauthorized' },
      { status: 403, body: { error_code: 40301, message: 'forbidden' } },
      { status: 422, body: { error_code: 42201, message: 'Invalid schema' } },
      { status: 400, body: { error_code: 400, message: 'Unrecognized field' } },
      { status: 401, body: { error_code: 401, message: 'Unauthorized' } },
    );
    const schema = JSON.stringify(probeSchema);
    expect(await failureOf(client.lookup('probe-value', schema))).toMatchObject({
      status: 401,
      retriable: false,
    });
    expect(await failureOf(client.writerType(schemaId))).toMatchObject({ status: 403, retriable: false });
    expect(await failureOf(client.register('probe-value', schema))).toMatchObject({
      status: 422,
      retriable: false,
    });
    expect(await failureOf(client.lookup('probe-value', schema))).toMatchObject({
      status: 400,
      retriable: false,
    });
    expect(await failureOf(client.subjects())).toMatchObject({ status: 401, retriable: false });
  });

  it('reads a record of an older version with the reader’s newer schema (BACKWARD)', async () => {
    const newer: AvroSchemaObject = {
      ...probeSchema,
      fields: [...(probeSchema.fields ?? []), { name: 'pages', type: 'int', default: 0 }],
    };
    const serde = new ConfluentAvroSerde(await registryAnswering());
    await expect(serde.deserializer(newer).deserialize(framedProbe)).resolves.toEqual({
      documentId: 'd-1',
      pages: 0,
    });
  });

  it('an unknown schema id is the record’s fault: SCHEMA_INVALID', async () => {
    const serde = new ConfluentAvroSerde(
      await registryAnswering({ status: 404, body: { error_code: 40403, message: 'Schema 7 not found' } }),
    );
    const failure = await failureOf(serde.deserializer(probeSchema).deserialize(framedProbe));
    expect(failure).toBeInstanceOf(SchemaInvalidError);
  });

  it('no registry listening is retriable, without a status', async () => {
    const closedPort = await freePort();
    const client = new SchemaRegistryClient({ url: `http://127.0.0.1:${closedPort}/apis/ccompat/v7` });
    const calls = [
      () => client.writerType(schemaId),
      () => client.lookup('probe-value', '{}'),
      () => client.subjects(),
    ];
    for (const call of calls) {
      const failure = await failureOf(call());
      expect(failure).toBeInstanceOf(SchemaRegistryError);
      expect(failure).toMatchObject({ status: undefined, retriable: true });
    }
  });

  it('a registry that does not answer in time is retriable', async () => {
    registry = await startScriptedRegistry(() => ({ status: 200, hang: true }));
    const client = new SchemaRegistryClient({ url: registry.url, timeoutMs: 100 });
    for (const call of [() => client.writerType(schemaId), () => client.subjects()]) {
      expect(await failureOf(call())).toMatchObject({ name: 'SchemaRegistryError', retriable: true });
    }
  });

  it('sends the credentials on every call', async () => {
    registry = await startScriptedRegistry(() => ({ status: 200, body: [] }));
    const client = new SchemaRegistryClient({ url: registry.url, auth: { username: 'u', password: 'p' } });
    await client.subjects();
    await client.lookup('probe-value', JSON.stringify(probeSchema)).catch(() => undefined);
    expect(registry.requests.map((r) => r.authorization)).toEqual([
      `Basic ${Buffer.from('u:p').toString('base64')}`,
      `Basic ${Buffer.from('u:p').toString('base64')}`,
    ]);
  });
});

/** A port nothing listens on: bound, read, released. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
