import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { topicNames } from '../../lib/messaging/topics';
import { INSTALL_TIMEOUT_MS } from '../support/debian-package';
import { eventually } from '../support/kafka-probe';
import {
  checkConfig,
  type PrometheusServer,
  type Sample,
  startPrometheus,
} from '../support/prometheus-server';
import { AZUL, joao, transfersFixture, VERDE } from '../support/transfers-fixture';

/**
 * The operators' view, end to end: a real Prometheus (Debian's) scraping a running stack (a hub and the
 * three demo banks, each its own process) every second, with the job names of the docker-compose
 * configuration, while transfers flow; then the dashboard's every query is run against it.
 */
const f = transfersFixture('prometheus');
const ROOT = path.join(__dirname, '..', '..');
const COMPOSE_CONFIG = path.join(ROOT, 'docker', 'prometheus', 'prometheus.yml');
const DASHBOARD = path.join(ROOT, 'docker', 'grafana', 'dashboards', 'codepix.json');

const hostPort = (url: string) => new URL(url).host;

/** docker/prometheus/prometheus.yml with the stack's addresses for its targets, scraping every second. */
function stackConfig(): string {
  const config = parse(fs.readFileSync(COMPOSE_CONFIG, 'utf8'));
  config.global = { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' };
  const targets: Record<string, { targets: string[]; labels?: Record<string, string> }[]> = {
    hub: f.stack.hubs.map((hub) => ({ targets: [hostPort(hub.metricsUrl)] })),
    banks: f.stack.banks.map((bank) => ({ targets: [hostPort(bank.url)], labels: { bank: bank.name } })),
  };
  for (const job of config.scrape_configs) job.static_configs = targets[job.job_name];
  return stringify(config);
}

/** The dashboard's queries and its variables' (label_values(selector, label) as the PromQL it stands for). */
function dashboardQueries(): { title: string; expr: string }[] {
  const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8'));
  const panels = dashboard.panels.flatMap((p: { title: string; targets?: { expr: string }[] }) =>
    (p.targets ?? []).map((t) => ({ title: p.title, expr: t.expr })),
  );
  const variables = dashboard.templating.list.map((v: { name: string; query: string }) => {
    const [, selector, label] = /^label_values\((.+), (\w+)\)$/.exec(v.query) ?? [];
    return { title: `variable ${v.name}`, expr: `count by (${label}) (${selector})` };
  });
  // As Grafana sends them with every bank and instance chosen; a 1 s scrape makes 1m a fair rate window.
  const values: Record<string, string> = { __rate_interval: '1m', instance: '.*', ispb: '.*' };
  return [...panels, ...variables].map(({ title, expr }) => ({
    title,
    expr: expr.replace(/\$(\w+)/g, (word: string, name: string) => values[name] ?? word),
  }));
}

describe('Prometheus scraping a running stack', () => {
  let prometheus: PrometheusServer;
  const samples = async (expr: string): Promise<Sample[]> => {
    const answer = await prometheus.query(expr);
    if (answer.status !== 'success') throw new Error(`${expr}: ${answer.error}`);
    return answer.data.result;
  };

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(f.stack.home, 'prometheus-'));
    prometheus = await startPrometheus(stackConfig(), dir);
    // Traffic only once every target has been scraped: a histogram series appears with its first
    // observation, and a rate counts only what a series gained after Prometheus first saw it. So the
    // transfers go in two rounds, scrapes apart; one is rejected.
    await eventually(async () => ((await samples('up == 1')).length === 4 ? true : undefined), 30_000);
    for (const round of [0, 1]) {
      const sent = [];
      for (let i = 0; i < 3; i++) sent.push(await f.send(f.payer, joao.ownerTaxId, 10n));
      if (round === 1) sent.push(await f.send(f.payer, 'nobody-here@example.com', 10n));
      for (const { body } of sent) await f.finalState(AZUL, body.endToEndId);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    const producer = f.stack.kafkaClient('prometheus-test').producer();
    await producer.connect();
    await producer.send({
      topic: topicNames(f.stack.topicPrefix).bank(VERDE),
      messages: [{ key: 'empty', value: Buffer.alloc(0) }],
    });
    await producer.disconnect();
    await eventually(async () => {
      const [completed] = await samples('sum(codepix_transfers_total{outcome="completed"})');
      const dead = await samples('codepix_dead_letters{cause="UNDECODABLE"}');
      return Number(completed?.value[1]) >= 6 && dead.length > 0 ? true : undefined;
    }, 30_000);
  }, INSTALL_TIMEOUT_MS);
  afterAll(() => prometheus?.stop());

  it('takes the compose configuration as valid (promtool)', async () => {
    await expect(checkConfig(COMPOSE_CONFIG)).resolves.toBeUndefined();
  });

  it('reaches every process: the hub and each bank are up', async () => {
    const up = await samples('up');
    expect(up.map((s) => s.metric.job).sort()).toEqual(['banks', 'banks', 'banks', 'hub']);
    expect(up.every((s) => s.value[1] === '1')).toBe(true);
    for (const target of await prometheus.targets())
      expect(target).toMatchObject({ health: 'up', lastError: '' });
  });

  it('holds the transfer latency histogram, bucket by bucket', async () => {
    const buckets = await samples('codepix_transfer_seconds_bucket{job="hub", to="completed"}');
    const bounds = buckets.map((s) => s.metric.le);
    expect(bounds).toContain('+Inf');
    expect(bounds.length).toBeGreaterThan(10);
    const all = buckets.find((s) => s.metric.le === '+Inf');
    expect(Number(all?.value[1])).toBeGreaterThanOrEqual(6);
  });

  it('answers the p99 of transfer latency with a number of seconds', async () => {
    const [p99] = await samples(
      'histogram_quantile(0.99, sum by (le) (rate(codepix_transfer_seconds_bucket[1m])))',
    );
    const seconds = Number(p99?.value[1]);
    expect(Number.isFinite(seconds)).toBe(true);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(30);
  });

  it("runs every query of the Grafana dashboard, each with data, and the banks' gauges show the dead letter", async () => {
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const { title, expr } of queries) {
      expect(expr).not.toContain('$');
      const answer = await prometheus.query(expr);
      if (answer.status !== 'success') failures.push(`${title}: ${expr}: ${answer.error}`);
      else if (answer.data.result.length === 0) failures.push(`${title}: ${expr}: no data`);
    }
    expect(failures).toEqual([]);
    const [dead] = await samples(`codepix_dead_letters{job="banks", ispb="${VERDE}"}`);
    expect(dead.metric).toMatchObject({
      cause: 'UNDECODABLE',
      topic: topicNames(f.stack.topicPrefix).bank(VERDE),
    });
  });

  it("shows each bank's settlement position and cap from the hub's database", async () => {
    // A settlement account is opened by its first funding: the fixture funds Azul and Verde.
    const caps = await samples('codepix_settlement_net_debit_cap_brl{job="hub"}');
    expect(caps.map((s) => s.metric.ispb).sort()).toEqual([AZUL, VERDE]);
    const [balance] = await samples(`codepix_settlement_balance_brl{ispb="${VERDE}"}`);
    // Funded with 10,000,000 cents; Verde has received what the completed transfers sent it.
    expect(Number(balance.value[1])).toBeGreaterThanOrEqual(100_000);
    const written = await samples(
      `codepix_bank_transfers_total{ispb="${AZUL}", direction="outgoing", status="completed"}`,
    );
    expect(Number(written[0]?.value[1])).toBeGreaterThanOrEqual(6);
  });
});
