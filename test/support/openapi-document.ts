import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/*
 * An OpenAPI 3.1 document as a test reads it, and ajv checks of real answers against it: the schema
 * objects of OpenAPI 3.1 are JSON Schema 2020-12, so ajv's 2020 dialect validates them as they are.
 */

export interface Operation {
  parameters?: { in: string; name: string; required?: boolean; schema: object }[];
  requestBody?: { content: Record<string, { schema: object }> };
  /** The credentials that may be shown, any one of them; `[]` for an open route. */
  security?: Record<string, string[]>[];
  responses: Record<
    string,
    { description: string; headers?: object; content?: Record<string, { schema: object }> }
  >;
}
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object>; securitySchemes?: Record<string, object> };
}
/** An answer as it came, its body parsed (JSON) or not (text). */
export interface Seen {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

const ID = 'https://codepix.test/openapi.json';
/** A JSON pointer segment (RFC 6901). */
const segment = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');

export class DocumentedAnswers {
  // Strict, but union types (`type: [string, integer]`) are plain JSON Schema.
  readonly ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });

  constructor(readonly doc: OpenApiDocument) {
    addFormats(this.ajv);
    // The document's own keywords: known to ajv, never read as schema, so refs into it resolve.
    this.ajv.addVocabulary(['openapi', 'info', 'paths', 'components', 'tags', 'servers']);
    this.ajv.addSchema({ ...doc, $id: ID });
  }

  operations(): { path: string; method: string; operation: Operation }[] {
    return Object.entries(this.doc.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, operation]) => ({ path, method, operation })),
    );
  }

  /** A validator of the schema at this JSON pointer into the document; throws if a $ref does not resolve. */
  validator(...pointer: string[]) {
    return this.ajv.compile({ $ref: `${ID}#/${pointer.map(segment).join('/')}` });
  }

  /** Throws unless the answer fits what its operation documents for its status, headers included. */
  expectDocumented(method: string, url: string, answer: Seen): void {
    const at = `${method} ${url} → ${answer.status}`;
    // The documented path this one is an instance of: `{name}` stands for one segment.
    const concrete = url.split('?')[0];
    const path = Object.keys(this.doc.paths).find((p) =>
      new RegExp(`^${p.replace(/\{\w+\}/g, '[^/]+')}$`).test(concrete),
    );
    const verb = method.toLowerCase();
    const responses = path && this.doc.paths[path][verb]?.responses;
    if (!path || !responses) throw new Error(`${at}: no such operation in the document`);
    const status = String(answer.status);
    const code = status in responses ? status : `${status[0]}XX`;
    const response = responses[code];
    if (!response) throw new Error(`${at}: the document names no such response`);
    // An answer with no body (204) fits a response documented with no content.
    if (answer.body === undefined && !response.content && !answer.headers['content-type']) return;
    const media = String(answer.headers['content-type']).split(';')[0];
    if (!response.content?.[media]) throw new Error(`${at}: not documented as ${media}`);
    const validate = this.validator('paths', path, verb, 'responses', code, 'content', media, 'schema');
    if (!validate(answer.body)) throw new Error(`${at}: ${this.ajv.errorsText(validate.errors)}`);
    for (const name of Object.keys(response.headers ?? {})) {
      const header = this.validator('paths', path, verb, 'responses', code, 'headers', name, 'schema');
      const value = answer.headers[name];
      if (!header(Number.isNaN(Number(value)) ? value : Number(value)))
        throw new Error(`${at}: header ${name}: ${value}`);
    }
  }

  /** Throws unless the answer has the document's component schema `name`. */
  expectShape(name: string, answer: Seen): void {
    const validate = this.validator('components', 'schemas', name);
    if (!validate(answer.body)) throw new Error(`${answer.status}: ${this.ajv.errorsText(validate.errors)}`);
  }
}
