import { createLogger } from '../../lib/observability/logger';
import { bankFixture, claimMessage, hubClaim } from '../application/testing/bank-fixture';
import { startClaimAcknowledger } from './claim-acknowledger';

const until = async (done: () => boolean) => {
  for (let i = 0; !done(); i++) {
    if (i > 200) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** The acknowledger over the in-memory bank and the fake hub, with a retry every 20 ms. */
describe('startClaimAcknowledger', () => {
  async function started() {
    const f = bankFixture();
    const claim = hubClaim();
    f.hubClaims.add(claim);
    await f.apply.execute([claimMessage(claim)]);
    const acknowledger = startClaimAcknowledger({
      acknowledge: f.acknowledgeClaims,
      logger: createLogger('error'),
      intervalMs: 20,
    });
    const status = () => f.uow.state.claims.get(claim.id)?.status;
    return { ...f, claim, acknowledger, status };
  }

  it('acknowledges the claims a batch left open at once', async () => {
    const f = await started();
    f.acknowledger.opened([f.claim.id]);
    await f.acknowledger.stop();
    expect(f.status()).toBe('waiting_resolution');
  });

  it('retries the stored open claims until the hub takes them, and stops cleanly', async () => {
    const f = await started();
    f.hubClaims.down = true;
    f.acknowledger.opened([f.claim.id]);
    await until(() => f.hubClaims.calls.filter((c) => c.startsWith('acknowledge')).length >= 3);
    expect(f.status()).toBe('open');
    f.hubClaims.down = false;
    await until(() => f.status() === 'waiting_resolution');
    await f.acknowledger.stop();
    const calls = f.hubClaims.calls.length;
    f.acknowledger.opened([f.claim.id]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(f.hubClaims.calls).toHaveLength(calls);
  });
});
