import { type Snapshot, type StatusChange, watch } from './watch';

/** A source that answers from a script, one entry per read, repeating the last one. */
const scripted = (name: string, script: Array<Snapshot | undefined>) => {
  let reads = 0;
  return {
    name,
    read: async () => script[Math.min(reads++, script.length - 1)],
  };
};

describe('watch', () => {
  it('reports each change once, per source, until done', async () => {
    const seen: StatusChange[] = [];
    const result = await watch({
      sources: [
        scripted('bank', [
          { status: 'pending', at: 't1' },
          { status: 'pending', at: 't1' },
          { status: 'confirmed', at: 't2' },
          { status: 'completed', at: 't3' },
        ]),
        scripted('hub', [undefined, { status: 'pending', at: 'h1' }, { status: 'completed', at: 'h2' }]),
      ],
      done: (latest) => latest.bank?.status === 'completed' && latest.hub?.status === 'completed',
      onChange: (change) => seen.push(change),
      intervalMs: 1,
      timeoutMs: 5_000,
    });
    expect(result.timedOut).toBe(false);
    expect(seen.map((c) => `${c.source}:${c.status}@${c.at}`)).toEqual([
      'bank:pending@t1',
      'hub:pending@h1',
      'bank:confirmed@t2',
      'hub:completed@h2',
      'bank:completed@t3',
    ]);
    expect(result.changes).toEqual(seen);
    expect(result.latest.bank).toEqual({ status: 'completed', at: 't3' });
  });

  it('stamps changes with the observed time when the source gives none, and keeps the reason', async () => {
    const result = await watch({
      sources: [scripted('bank', [{ status: 'rejected', reason: 'KEY_NOT_FOUND' }])],
      done: () => true,
      intervalMs: 1,
      timeoutMs: 1_000,
      now: () => Date.parse('2026-01-31T14:30:00.000Z'),
    });
    expect(result.changes).toEqual([
      {
        source: 'bank',
        status: 'rejected',
        reason: 'KEY_NOT_FOUND',
        at: '2026-01-31T14:30:00.000Z',
        elapsedMs: 0,
      },
    ]);
  });

  it('gives up after the timeout, with what it saw', async () => {
    const result = await watch({
      sources: [scripted('bank', [{ status: 'pending' }])],
      done: () => false,
      intervalMs: 5,
      timeoutMs: 30,
    });
    expect(result.timedOut).toBe(true);
    expect(result.changes.map((c) => c.status)).toEqual(['pending']);
  });

  it('fails when a source fails', async () => {
    const failing = {
      name: 'bank',
      read: async (): Promise<Snapshot | undefined> => {
        throw new Error('cannot reach bank');
      },
    };
    await expect(
      watch({ sources: [failing], done: () => false, intervalMs: 1, timeoutMs: 100 }),
    ).rejects.toThrow('cannot reach bank');
  });
});
