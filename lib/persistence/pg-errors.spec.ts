import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { isTransientDatabaseError } from './pg-errors';

const failed = (driverError: object) => new QueryFailedError('SELECT 1', [], driverError as Error);
const nodeError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

describe('isTransientDatabaseError', () => {
  it.each([
    ['a refused connection', nodeError('ECONNREFUSED')],
    ['a reset connection', nodeError('ECONNRESET')],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
    ['a pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['an admin shutdown (57P01)', failed({ code: '57P01', message: 'terminating connection' })],
    [
      'a server starting up (57P03)',
      failed({ code: '57P03', message: 'the database system is starting up' }),
    ],
    ['a connection failure (08006)', failed({ code: '08006', message: 'connection failure' })],
    ['a deadlock (40P01)', failed({ code: '40P01', message: 'deadlock detected' })],
    ['a serialization failure (40001)', failed({ code: '40001', message: 'could not serialize' })],
    ['too many connections (53300)', failed({ code: '53300', message: 'too many clients' })],
    ['a runner released when its connection died', new QueryRunnerAlreadyReleasedError()],
    ['a runner provider released', new QueryRunnerProviderAlreadyReleasedError()],
  ])('counts %s as the database’s failure', (_, error) => {
    expect(isTransientDatabaseError(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', failed({ code: '23505', message: 'duplicate key' })],
    ['a check violation (23514)', failed({ code: '23514', message: 'violates check constraint' })],
    ['a NUL in text (22021)', failed({ code: '22021', message: 'invalid byte sequence' })],
    ['a bug', new TypeError('cannot read properties of undefined')],
    ['not an error at all', 'oops'],
    ['nothing', undefined],
  ])('counts %s as the work’s failure', (_, error) => {
    expect(isTransientDatabaseError(error)).toBe(false);
  });
});
