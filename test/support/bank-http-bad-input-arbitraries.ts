import fc from 'fast-check';

/**
 * Values for fuzzing the bank simulator's HTTP door (test/integration/bank-http-bad-input-*.test.ts):
 * near-valid ones, so requests get deep into the use cases, and hostile ones.
 */

/** One request as the fuzzer sends it. */
export interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const controlChars = fc.string({
  unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 6,
});
const hostileString = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', '\ud800', '\u202e', '🙂', 'null', '%00', "'; DROP TABLE accounts; --"),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.tuple(fc.string({ maxLength: 6 }), controlChars, fc.string({ maxLength: 6 })).map((p) => p.join('')),
  fc.string({ minLength: 1000, maxLength: 4000 }),
  fc.stringMatching(/^\d{1,30}$/),
);
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, -0, 1e308, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER),
  fc.double(),
  fc.integer(),
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant({ toString: 'x', valueOf: 1 }),
);
export const near = <T>(...values: fc.Arbitrary<T>[]) =>
  fc.oneof(...values.map((arbitrary) => ({ arbitrary, weight: 3 })), { arbitrary: hostileJson, weight: 2 });

/** Every byte of the text's UTF-8 (lone surrogates become U+FFFD), or of raw bytes, as %XX. */
const percentEncoded = (value: string | Buffer) =>
  [...Buffer.from(value)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** A path segment: a real account, an unknown one, or anything at all (encoded, or raw and broken). */
export const segment = (real: fc.Arbitrary<string>) =>
  fc.oneof(
    { arbitrary: real, weight: 3 },
    { arbitrary: fc.constantFrom('424242', '0', '1'.repeat(21)), weight: 1 },
    { arbitrary: hostileString.filter((s) => s !== '').map(percentEncoded), weight: 2 },
    {
      arbitrary: fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => percentEncoded(Buffer.from(b))),
      weight: 1,
    },
    {
      arbitrary: fc.constantFrom('%00', '%', '%zz', '%E0%A4%A', '..', '.', '%2F', '%20', '9'.repeat(4000)),
      weight: 1,
    },
  );

/**
 * A JSON object of a route's fields: each near-valid or hostile, some missing; or all valid but one,
 * hostile or missing, so the bad field meets the use case with nothing else in its way.
 */
export const fields = (valid: Record<string, fc.Arbitrary<unknown>>) => {
  const names = Object.keys(valid);
  const nearModel = Object.fromEntries(names.map((n) => [n, near(valid[n])]));
  return fc.oneof(
    fc.record(nearModel, { requiredKeys: [] }),
    fc
      .constantFrom(...names)
      .chain((bad) => fc.record({ ...valid, [bad]: fc.oneof(hostileJson, fc.constant(undefined)) })),
  ) as fc.Arbitrary<Record<string, unknown>>;
};

/** The body: a JSON object of the route's fields, other JSON, not JSON at all, or too large. */
export const body = (fields: fc.Arbitrary<Record<string, unknown>>) =>
  fc.oneof(
    { arbitrary: fields.map((f) => Buffer.from(JSON.stringify(f))), weight: 6 },
    {
      arbitrary: fc
        .tuple(fields, fc.dictionary(fc.string({ maxLength: 10 }), hostileJson, { maxKeys: 3 }))
        .map(([f, extra]) => Buffer.from(JSON.stringify({ ...extra, ...f }))),
      weight: 1,
    },
    {
      arbitrary: fc
        .constantFrom('', 'null', '[]', '"a"', '1', '{', '{"a":', '\ufeff{}', '{}}', 'NaN')
        .map((s) => Buffer.from(s)),
      weight: 1,
    },
    { arbitrary: fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)), weight: 1 },
    {
      arbitrary: fc.integer({ min: 64 * 1024 + 1, max: 80_000 }).map((n) => Buffer.alloc(n, 0x20)),
      weight: 1,
    },
  );

/** Header values as an HTTP client can send them: tab, printable ASCII and Latin-1. */
const headerValue = fc.oneof(
  fc.constantFrom('', ' ', '\t', 'x'.repeat(129), 'a b', 'ação', 'fuzz-reused-key'),
  fc.string({ unit: fc.constantFrom(...'\tAz09 ~!"é\x80\xff'.split('')), maxLength: 200 }),
  fc.uuid().map(String),
);
const headers = (idempotency: boolean) =>
  fc
    .record(
      {
        'content-type': fc.constantFrom(
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/json; charset=latin1',
          '*/*',
          ';;',
        ),
        'idempotency-key': idempotency
          ? fc.oneof(
              { arbitrary: fc.uuid().map(String), weight: 4 },
              { arbitrary: headerValue, weight: 1 },
              { arbitrary: fc.constant(undefined), weight: 1 },
            )
          : headerValue,
        accept: fc.constantFrom('application/json', 'text/html', '*/*'),
      },
      { requiredKeys: idempotency ? ['idempotency-key'] : [] },
    )
    .map(
      (h) =>
        Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>,
    );

export const query = (params: Record<string, fc.Arbitrary<unknown>>) =>
  fc
    .tuple(
      fc.record(params, { requiredKeys: [] }),
      fc.array(fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 })), { maxLength: 3 }),
      fc.constantFrom('', '&', '&%zz', '&limit=1&limit=2'),
    )
    .map(([known, extra, tail]) => {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(known))
        q.append(k, typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
      for (const [k, v] of extra) q.append(k, v);
      const text = q.toString() + tail;
      return text ? `?${text}` : '';
    });

export type Route = { method: Method; template: string; request: fc.Arbitrary<Sent> };
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const NO_BODY = fc.constant(Buffer.alloc(0));
export const route = (
  method: Method,
  template: string,
  parts: { path?: fc.Arbitrary<string>; query?: fc.Arbitrary<string>; body?: fc.Arbitrary<Buffer> } = {},
): Route => ({
  method,
  template,
  request: fc
    .record({
      // Mostly the route's own method; now and then another (405), or one no route has.
      method: fc.oneof(
        { arbitrary: fc.constant(method), weight: 8 },
        { arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'), weight: 1 },
      ),
      path: parts.path ?? fc.constant(template),
      query: parts.query ?? fc.oneof(fc.constant(''), query({})),
      body:
        method === 'POST' || method === 'PUT'
          ? (parts.body ?? body(fc.constant({})))
          : fc.oneof(NO_BODY, NO_BODY, body(fc.constant({}))),
      headers: headers(template === '/transfers' && method === 'POST'),
    })
    // A body always goes with its length: without one a GET's body would be taken for the next request.
    .map(({ method, path, query, body, headers }) => ({
      method,
      path: path + query,
      headers: body.length ? { ...headers, 'content-length': String(body.length) } : headers,
      body,
    })),
});
export const under = (real: fc.Arbitrary<string>, suffix = '') =>
  segment(real).map((n) => `/accounts/${n}${suffix}`);
