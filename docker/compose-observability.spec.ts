import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.join(__dirname, '..');
const yamlFile = (file: string) => parse(readFileSync(path.join(ROOT, file), 'utf8'), { merge: true });
const compose = yamlFile('docker-compose.yml');
const services: Record<
  string,
  { command?: string[]; environment?: Record<string, string>; volumes?: string[] }
> = compose.services;

/** A bind mount's host path and where it lands in the container. */
const mounts = (service: string) =>
  (services[service].volumes ?? [])
    .filter((v) => v.startsWith('./'))
    .map((v) => {
      const [from, to] = v.split(':');
      return { from, to };
    });

/** The port a CodePix service serves its metrics on, as docker-compose.yml starts it. */
function metricsPort(service: string): string | undefined {
  const { command = [], environment = {} } = services[service];
  if (service === 'hub') return environment.METRICS_PORT;
  const port = command.indexOf('--port');
  return port >= 0 ? command[port + 1] : undefined;
}

/**
 * docker-compose.yml cannot be run here (no Docker engine), so what the Prometheus and Grafana
 * services need of it is checked by reading it: the files they mount exist, Prometheus scrapes the
 * services by the names and ports they have, Grafana finds the data source and dashboards where they
 * are mounted.
 */
describe('Prometheus and Grafana in docker-compose.yml', () => {
  it('mounts files and folders that exist in the repo', () => {
    for (const service of ['prometheus', 'grafana']) {
      expect(mounts(service).length).toBeGreaterThan(0);
      for (const { from } of mounts(service))
        expect(existsSync(path.join(ROOT, from)) ? from : `missing ${from}`).toBe(from);
    }
  });

  it('scrapes the hub and every bank service by name, on the port each serves its metrics on', () => {
    const config = yamlFile('docker/prometheus/prometheus.yml');
    const targets = config.scrape_configs.flatMap((job: { static_configs: { targets: string[] }[] }) =>
      job.static_configs.flatMap((c) => c.targets),
    );
    const banks = Object.keys(services).filter((name) => name.startsWith('bank-'));
    const expected = ['hub', ...banks].map((name) => `${name}:${metricsPort(name)}`);
    expect(targets.sort()).toEqual(expected.sort());
    const configMount = mounts('prometheus').find((m) => m.from === './docker/prometheus/prometheus.yml');
    expect(services.prometheus.command).toContain(`--config.file=${configMount?.to}`);
  });

  it('points Grafana at the Prometheus service and at the mounted dashboards', () => {
    const [source] = yamlFile('docker/grafana/provisioning/datasources/prometheus.yml').datasources;
    expect(source.url).toBe('http://prometheus:9090');
    const [provider] = yamlFile('docker/grafana/provisioning/dashboards/codepix.yml').providers;
    const dashboards = mounts('grafana').find((m) => m.from === './docker/grafana/dashboards');
    expect(provider.options.path).toBe(dashboards?.to);
    const home = services.grafana.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH;
    expect(home).toBe(`${dashboards?.to}/codepix.json`);
    expect(mounts('grafana')).toContainEqual({
      from: './docker/grafana/provisioning',
      to: '/etc/grafana/provisioning',
    });
  });
});
