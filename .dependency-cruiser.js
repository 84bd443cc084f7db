/** Layer rules of the hexagon: the domain stands alone; the application knows only the domain. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'src/domain imports nothing outside src/domain (no framework, no node built-ins, no packages).',
      severity: 'error',
      from: { path: '^src/domain' },
      to: { pathNot: '^src/domain' },
    },
    {
      name: 'application-knows-only-the-domain',
      comment: 'Use cases and ports import the domain and each other, never adapters or packages.',
      severity: 'error',
      from: { path: '^src/application' },
      to: { pathNot: '^src/(domain|application)' },
    },
    {
      name: 'bank-domain-is-pure',
      comment: 'bank-simulator/domain imports only itself and the hub domain (src/domain).',
      severity: 'error',
      from: { path: '^bank-simulator/domain' },
      to: { pathNot: '^(bank-simulator/domain|src/domain)' },
    },
    {
      name: 'bank-application-knows-only-domains',
      comment: "The bank's use cases and ports import its domain, the hub domain and each other only.",
      severity: 'error',
      from: { path: '^bank-simulator/application' },
      to: { pathNot: '^(bank-simulator/(domain|application)|src/domain|src/application/testing)' },
    },
    {
      name: 'shared-package-stands-alone',
      comment:
        'lib/ (messaging, security, persistence and observability plumbing) serves the hub and the banks alike, so it imports neither.',
      severity: 'error',
      from: { path: '^lib' },
      to: { path: '^(src|bank-simulator|cmd|bench|chaos|stack|test)/' },
    },
    {
      name: 'shared-package-layers',
      comment:
        'Inside lib/: observability <- persistence <- security <- messaging; a lower folder never imports a higher one.',
      severity: 'error',
      from: { path: '^lib/(observability|persistence|security)/' },
      to: { path: '^lib/messaging/' },
    },
    {
      name: 'shared-package-lower-layers',
      severity: 'error',
      from: { path: '^lib/(observability|persistence)/' },
      to: { path: '^lib/security/' },
    },
    {
      name: 'shared-package-lowest-layer',
      severity: 'error',
      from: { path: '^lib/observability/' },
      to: { path: '^lib/persistence/' },
    },
    {
      name: 'simulator-imports-domain-and-shared-package',
      comment:
        "A simulated bank talks to the hub as any bank would: it may use the hub domain (value objects), the generated contract (src/gen, from proto/) and lib/, never hub use cases or adapters. Test fixtures may share the hub's.",
      severity: 'error',
      from: { path: '^bank-simulator', pathNot: '/testing/' },
      to: { path: '^src/', pathNot: '^src/(domain|gen)/' },
    },
    {
      name: 'hub-adapter-folders-form-no-cycle',
      comment:
        'persistence/ is below relay/, grpc/ and sweeps/: a repository never reaches back into the doors that use it.',
      severity: 'error',
      from: { path: '^src/infrastructure/(persistence|proto|config|metrics)/' },
      to: { path: '^src/infrastructure/(relay|grpc|sweeps|local)/' },
    },
    {
      name: 'the-stack-harness-stays-outside',
      comment:
        'stack/ starts the hub, the banks and the CLI as processes, for the tests, the benchmarks and the fault runs; what it runs never imports it.',
      severity: 'error',
      from: { path: '^(lib|src|bank-simulator|cmd)/' },
      to: { path: '^stack/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.spec\\.ts$' },
  },
};
