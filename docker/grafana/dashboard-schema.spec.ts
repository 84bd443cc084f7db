import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const DASHBOARD = path.join(__dirname, 'dashboards', 'codepix.json');
/** Where the check's source pretends to be, so `./dashboard-schema` and node_modules resolve from here. */
const CHECK = path.join(__dirname, 'codepix-dashboard.check.ts');
const HEADER =
  "import type { CodepixDashboard } from './dashboard-schema';\nexport const dashboard: CodepixDashboard = ";

/**
 * Type-checks a dashboard's JSON text as a literal of CodepixDashboard (Grafana's own schema types,
 * see dashboard-schema.ts): a literal, so excess properties and wrong enum values are errors. Returns
 * each diagnostic with its line in the JSON file.
 */
function schemaErrors(json: string): string[] {
  const source = `${HEADER}${json};\n`;
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => (path.resolve(file) === CHECK ? source : readFile(file));
  host.fileExists = (file) => path.resolve(file) === CHECK || ts.sys.fileExists(file);
  host.getSourceFile = (file, version, ...rest) =>
    path.resolve(file) === CHECK
      ? ts.createSourceFile(file, source, version, true)
      : getSourceFile(file, version, ...rest);
  const program = ts.createProgram([CHECK], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return text;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    const where = d.file.fileName === CHECK ? `codepix.json:${line + 1}` : d.file.fileName;
    return `${where}: ${text}`;
  });
}

describe("the CodePix dashboard against Grafana's schema (@grafana/schema)", () => {
  const json = readFileSync(DASHBOARD, 'utf8');

  it('type-checks as a dashboard of timeseries, stat, bar gauge and row panels', () => {
    expect(schemaErrors(json)).toEqual([]);
  }, 60_000);

  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON, spoilt on purpose where the schema types would refuse
  type Json = { [key: string]: any };
  const firstOf = (d: Json, type: string) => d.panels.find((p: Json) => p.type === type);
  // One fault at a time: TypeScript reports a literal's excess properties before its missing ones.
  it.each<[string, (d: Json) => void, RegExp]>([
    [
      'a wrong enum value',
      (d) => (firstOf(d, 'timeseries').fieldConfig.defaults.custom.drawStyle = 'lines'),
      /"lines"/,
    ],
    ['an unknown option', (d) => (firstOf(d, 'stat').options.textMod = 'auto'), /textMod/],
    ['a missing required option', (d) => delete firstOf(d, 'bargauge').options.displayMode, /displayMode/],
    ['a panel type the schema has no options for', (d) => (firstOf(d, 'stat').type = 'gauge'), /gauge/],
    ['no schemaVersion', (d) => delete d.schemaVersion, /schemaVersion/],
  ])(
    'fails on %s',
    (_, spoil, error) => {
      const dashboard = JSON.parse(json);
      spoil(dashboard);
      expect(schemaErrors(JSON.stringify(dashboard, null, 2)).join('\n')).toMatch(error);
    },
    60_000,
  );
});
