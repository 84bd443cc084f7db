import { fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { type CallOptions, type Client, type ClientDuplexStream, status } from '@grpc/grpc-js';
import {
  clientFor,
  deadline,
  type HealthClient,
  healthClient,
  healthStatus,
  REFLECTION_PROTO,
} from '../support/standard-clients';
import { startTestHub, type TestHub } from '../support/test-hub';
import { operatorCredentials } from '../support/test-identities';

/**
 * The standard services generic tooling relies on (load balancers and orchestrators probe
 * grpc.health.v1; grpcurl, Postman and friends discover the API through reflection), called with
 * clients built from the protos the upstream packages ship, not from our own generated code.
 */

interface ReflectionResponse {
  messageResponse: 'listServicesResponse' | 'fileDescriptorResponse' | 'errorResponse';
  listServicesResponse?: { service: { name: string }[] };
  fileDescriptorResponse?: { fileDescriptorProto: Buffer[] };
  errorResponse?: { errorCode: number; errorMessage: string };
}

interface ReflectionClient extends Client {
  serverReflectionInfo(options: Partial<CallOptions>): ClientDuplexStream<object, ReflectionResponse>;
}

let t: TestHub;
let health: HealthClient;
let reflection: ReflectionClient;

beforeAll(async () => {
  t = await startTestHub('health_reflection');
  health = healthClient(t.address);
  reflection = new (clientFor(REFLECTION_PROTO, 'grpc.reflection.v1.ServerReflection'))(
    t.address,
    operatorCredentials(),
  ) as unknown as ReflectionClient;
});
afterAll(async () => {
  health?.close();
  reflection?.close();
  await t?.stop();
});

const check = (service: string) => healthStatus(health, service);

/** Sends the requests on one ServerReflectionInfo bidi stream and collects one response per request. */
function reflect(requests: object[]): Promise<ReflectionResponse[]> {
  return new Promise((resolve, reject) => {
    const stream = reflection.serverReflectionInfo(deadline());
    const responses: ReflectionResponse[] = [];
    stream.on('data', (response: ReflectionResponse) => {
      responses.push(response);
      if (responses.length === requests.length) stream.end();
    });
    stream.on('error', reject);
    stream.on('end', () => resolve(responses));
    for (const request of requests) stream.write(request);
  });
}

describe('grpc.health.v1', () => {
  it.each(['', 'codepix.v1.PixKeyService', 'codepix.v1.BankService'])(
    'reports %p as SERVING',
    async (service) => {
      expect(await check(service)).toBe('SERVING');
    },
  );

  it('answers NOT_FOUND for a service it does not have', async () => {
    await expect(check('codepix.v1.NoSuchService')).rejects.toMatchObject({ code: status.NOT_FOUND });
  });
});

describe('grpc.reflection.v1 server reflection', () => {
  it('lists the codepix services and grpc.health.v1.Health', async () => {
    const [listed] = await reflect([{ listServices: '' }]);
    expect(listed.messageResponse).toBe('listServicesResponse');
    expect(listed.listServicesResponse?.service.map((s) => s.name).sort()).toEqual([
      'codepix.v1.BankService',
      'codepix.v1.ClaimService',
      'codepix.v1.PixKeyService',
      'codepix.v1.TransferService',
      'grpc.health.v1.Health',
    ]);
  });

  it('returns the file descriptor of grpc.health.v1.Health, so a reflection client can call it', async () => {
    const [found] = await reflect([{ fileContainingSymbol: 'grpc.health.v1.Health' }]);
    expect(found.messageResponse).toBe('fileDescriptorResponse');
    const [file] = (found.fileDescriptorResponse?.fileDescriptorProto ?? []).map((bytes) =>
      fromBinary(FileDescriptorProtoSchema, bytes),
    );
    expect(file.package).toBe('grpc.health.v1');
    expect(file.service.find((s) => s.name === 'Health')?.method.map((m) => m.name)).toEqual(
      expect.arrayContaining(['Check', 'Watch']),
    );
  });

  it('returns a file descriptor for codepix.v1.PixKeyService, with the files it depends on', async () => {
    const [found] = await reflect([{ fileContainingSymbol: 'codepix.v1.PixKeyService' }]);
    expect(found.messageResponse).toBe('fileDescriptorResponse');
    const files = (found.fileDescriptorResponse?.fileDescriptorProto ?? []).map((bytes) =>
      fromBinary(FileDescriptorProtoSchema, bytes),
    );
    // The files of proto/ as compiled, with their imports, so a client can resolve every type.
    const [file] = files;
    expect(file.name).toBe('codepix/v1/pix_key.proto');
    expect(file.package).toBe('codepix.v1');
    expect([...file.dependency].sort()).toEqual([
      'codepix/v1/common.proto',
      'google/protobuf/timestamp.proto',
    ]);
    expect(files.map((f) => f.name).sort()).toEqual([
      'codepix/v1/common.proto',
      'codepix/v1/pix_key.proto',
      'google/protobuf/timestamp.proto',
    ]);
    const service = file.service.find((s) => s.name === 'PixKeyService');
    expect(service?.method.map((m) => [m.name, m.inputType, m.outputType])).toEqual(
      expect.arrayContaining([
        ['RegisterPixKey', expect.stringMatching(/RegisterPixKeyRequest$/), expect.stringMatching(/PixKey$/)],
        ['FindPixKey', expect.stringMatching(/FindPixKeyRequest$/), expect.stringMatching(/PixKey$/)],
        [
          'DeletePixKey',
          expect.stringMatching(/DeletePixKeyRequest$/),
          expect.stringMatching(/DeletePixKeyResponse$/),
        ],
        [
          'ListPixKeys',
          expect.stringMatching(/ListPixKeysRequest$/),
          expect.stringMatching(/ListPixKeysResponse$/),
        ],
        [
          'GetLookupAllowance',
          expect.stringMatching(/GetLookupAllowanceRequest$/),
          expect.stringMatching(/LookupAllowance$/),
        ],
      ]),
    );
    expect(service?.method).toHaveLength(5);
    expect(file.messageType.map((m) => m.name)).toEqual(expect.arrayContaining(['PixKey', 'Account']));
    const common = files.find((f) => f.name === 'codepix/v1/common.proto');
    expect(common?.enumType.map((e) => e.name)).toEqual(['KeyKind', 'AccountType']);
    expect(file.messageType.find((m) => m.name === 'Account')?.field.map((f) => f.name)).toContain(
      'owner_tax_id',
    );
    // The Timestamp that PixKey.created_at uses comes along.
    const wkt = files.find((f) => f.package === 'google.protobuf');
    expect(wkt?.messageType.map((m) => m.name)).toContain('Timestamp');
  });

  it('answers an unknown symbol with NOT_FOUND in an error response', async () => {
    const [missing] = await reflect([{ fileContainingSymbol: 'codepix.v1.NoSuchService' }]);
    expect(missing.messageResponse).toBe('errorResponse');
    expect(missing.errorResponse?.errorCode).toBe(status.NOT_FOUND);
  });
});
