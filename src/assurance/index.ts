// Assurance: suites that attack and measure the models before release. Red teaming lives in redteam/.

export * from './redteam/index.ts';
