/** Jest: unit specs live beside the code (*.spec.ts), integration and packet tests under test/. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['**/*.spec.ts', '**/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
  testTimeout: 20000,
};
