import { GroupCommit } from './group-commit';

/** A commit that records each group it was given and fails any group holding a job named 'bad'. */
function recordingCommit() {
  const groups: string[][] = [];
  let release: (() => void) | undefined;
  const commit = async (jobs: string[]) => {
    groups.push(jobs);
    if (groups.length === 1) await new Promise<void>((resolve) => (release = resolve));
    if (jobs.includes('bad')) throw new Error(`bad in ${jobs.join(',')}`);
    return jobs.map((job) => `${job}!`);
  };
  return { groups, commit, release: () => release?.() };
}

describe('GroupCommit', () => {
  it('commits a job alone at once when nothing is in flight', async () => {
    const groups: string[][] = [];
    const lane = new GroupCommit(async (jobs: string[]) => {
      groups.push(jobs);
      return jobs.map((j) => j.toUpperCase());
    });
    await expect(lane.submit('a')).resolves.toBe('A');
    expect(groups).toEqual([['a']]);
  });

  it('gathers the jobs that arrive during a commit into the next one', async () => {
    const c = recordingCommit();
    const lane = new GroupCommit(c.commit);
    const results = [lane.submit('a'), lane.submit('b'), lane.submit('c'), lane.submit('d')];
    c.release();
    await expect(Promise.all(results)).resolves.toEqual(['a!', 'b!', 'c!', 'd!']);
    expect(c.groups).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('splits a failed group: only the failing job hears its error', async () => {
    const c = recordingCommit();
    const lane = new GroupCommit(c.commit);
    const first = lane.submit('a');
    const rest = [lane.submit('b'), lane.submit('bad'), lane.submit('c')].map((p) =>
      p.then(
        (ok) => ({ ok }),
        (error: Error) => ({ error: error.message }),
      ),
    );
    c.release();
    await first;
    expect(await Promise.all(rest)).toEqual([{ ok: 'b!' }, { error: 'bad in bad' }, { ok: 'c!' }]);
    expect(c.groups).toEqual([['a'], ['b', 'bad', 'c'], ['b'], ['bad'], ['c']]);
  });

  it('puts no more than jobs_max jobs in one transaction', async () => {
    const c = recordingCommit();
    const lane = new GroupCommit(c.commit, 2);
    const all = ['a', 'b', 'c', 'd', 'e'].map((j) => lane.submit(j));
    c.release();
    await Promise.all(all);
    expect(c.groups).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
  });
});
