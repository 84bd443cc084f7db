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
