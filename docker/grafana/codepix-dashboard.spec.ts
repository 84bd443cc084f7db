import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const here = (...parts: string[]) => path.join(__dirname, ...parts);
const yamlFile = (...parts: string[]) => parse(readFileSync(path.join(...parts), 'utf8'));

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  gridPos: { x: number; y: number; w: number; h: number };
  fieldConfig?: { defaults: { unit?: string } };
  targets?: { refId: string; datasource?: { type: string; uid: string }; expr: string }[];
}

const dashboard = JSON.parse(readFileSync(here('dashboards', 'codepix.json'), 'utf8'));
const panels: Panel[] = dashboard.panels;
const charts = panels.filter((p) => p.type !== 'row');

/** What an operator relies on in every panel, beyond what Grafana's schema requires. */
describe('the CodePix dashboard', () => {
  it('gives every panel an id of its own', () => {
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reads every panel and query from the provisioned Prometheus data source', () => {
    const [source] = yamlFile(__dirname, 'provisioning', 'datasources', 'prometheus.yml').datasources;
    const ref = { type: source.type, uid: source.uid };
    for (const panel of charts) {
      expect({ title: panel.title, datasource: panel.datasource }).toEqual({
        title: panel.title,
        datasource: ref,
      });
      expect(panel.targets?.length).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) expect(target.datasource).toEqual(ref);
      const refIds = (panel.targets ?? []).map((t) => t.refId);
      expect(new Set(refIds).size).toBe(refIds.length);
    }
  });

  it('sets a unit on every panel', () => {
    const unitless = charts.filter((p) => !p.fieldConfig?.defaults.unit).map((p) => p.title);
    expect(unitless).toEqual([]);
  });

  it('lays the panels out on the 24-column grid without overlaps', () => {
    const cells = new Set<string>();
    for (const { title, gridPos: g } of panels) {
      expect({ title, fits: g.x >= 0 && g.w > 0 && g.x + g.w <= 24 }).toEqual({ title, fits: true });
      for (let x = g.x; x < g.x + g.w; x++) {
        for (let y = g.y; y < g.y + g.h; y++) {
          expect(cells.has(`${x},${y}`) ? title : '').toBe('');
          cells.add(`${x},${y}`);
        }
      }
    }
  });

  it('uses only the variables it defines and those Grafana provides', () => {
    const defined = new Set(dashboard.templating.list.map((v: { name: string }) => v.name));
    const used = charts.flatMap((p) => (p.targets ?? []).flatMap((t) => [...t.expr.matchAll(/\$(\w+)/g)]));
    for (const [, name] of used) expect(name === '__rate_interval' || defined.has(name) ? '' : name).toBe('');
  });
});
