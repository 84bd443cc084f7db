/** Unit specs sit beside the code; integration tests start real Postgres and Kafka once for the whole run. */
const transform = { '^.+\\.ts$': 'ts-jest' };
/** Jest's node environment, showing a test's logs only when it fails. */
const testEnvironment = '<rootDir>/test/log-environment.ts';
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment,
      transform,
      testMatch: [
        '<rootDir>/lib/**/*.spec.ts',
        '<rootDir>/src/**/*.spec.ts',
        '<rootDir>/cmd/**/*.spec.ts',
        '<rootDir>/bank-simulator/**/*.spec.ts',
        '<rootDir>/test/vectors/*.spec.ts',
        '<rootDir>/docs/*.spec.ts',
        '<rootDir>/scripts/*.spec.ts',
        '<rootDir>/docker/**/*.spec.ts',
      ],
    },
    {
      displayName: 'integration',
      testEnvironment,
      transform,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
};
