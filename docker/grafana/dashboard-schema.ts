/*
 * The shape of the CodePix dashboard, in Grafana's own types: @grafana/schema is generated from the
 * CUE schema Grafana validates dashboards and panel plugins with (the classic JSON model, what file
 * provisioning loads). dashboard-schema.spec.ts type-checks docker/grafana/dashboards/codepix.json
 * against CodepixDashboard with the TypeScript compiler, so a misspelt option, a wrong enum value or a
 * missing field fails a test rather than a panel in front of an operator.
 */
import type * as common from '@grafana/schema';
import type * as BarGauge from '@grafana/schema/dist/types/raw/composable/bargauge/panelcfg/x/types.gen';
import type * as Stat from '@grafana/schema/dist/types/raw/composable/stat/panelcfg/x/types.gen';
import type * as TimeSeries from '@grafana/schema/dist/types/raw/composable/timeseries/panelcfg/x/types.gen';
import type * as raw from '@grafana/schema/dist/types/raw/dashboard/x/types.gen';

/**
 * A type as a JSON file spells it. Grafana's types name string enums (`GraphDrawStyle.Line`), which JSON
 * can only write as their values ("line"): each becomes the union of its values. Every other type keeps
 * its shape, so unknown properties and wrong literals are still errors.
 */
export type AsJson<T> = T extends string
  ? `${T}`
  : T extends readonly (infer E)[]
    ? AsJson<E>[]
    : T extends object
      ? { [K in keyof T]: AsJson<T[K]> }
      : T;

/**
 * A Prometheus query as Grafana's Prometheus data source stores it. Its schema is not part of
 * @grafana/schema (it ships with the data source plugin), so these are its documented fields; the
 * PromQL in `expr` is checked by running it against a real Prometheus (test/integration/prometheus.test.ts).
 */
export interface PrometheusQuery extends Omit<common.DataQuery, 'datasource'> {
  datasource: common.DataSourceRef;
  expr: string;
  legendFormat?: string;
  range?: boolean;
  instant?: boolean;
  format?: 'time_series' | 'table' | 'heatmap';
  editorMode?: 'code' | 'builder';
}

/** Field options whose `custom` part is the panel plugin's own (none: the plugin has no custom options). */
type FieldConfigSource<Custom> = Omit<raw.FieldConfigSource, 'defaults'> & {
  defaults: Omit<raw.FieldConfig, 'custom'> & { custom?: Custom };
};

/** A panel of one plugin: its options and field options as that plugin's schema has them. */
type PluginPanel<Type extends string, Options, Custom> = Omit<
  raw.Panel,
  'type' | 'options' | 'fieldConfig' | 'targets' | 'datasource'
> & {
  type: Type;
  datasource: common.DataSourceRef;
  options: Options;
  fieldConfig: FieldConfigSource<Custom>;
  targets: PrometheusQuery[];
};

type NoCustomOptions = Record<string, never>;

export type CodepixPanel =
  | PluginPanel<'timeseries', TimeSeries.Options, TimeSeries.FieldConfig>
  | PluginPanel<'stat', Stat.Options, NoCustomOptions>
  | PluginPanel<'bargauge', BarGauge.Options, NoCustomOptions>
  | (Omit<raw.RowPanel, 'panels'> & { panels: [] });

/** The dashboard: Grafana's model, its panels those above in a flat list (rows expanded). */
export type CodepixDashboard = AsJson<Omit<raw.Dashboard, 'panels'> & { panels: CodepixPanel[] }>;
