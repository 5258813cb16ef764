// SARIF 2.1.0 for scan reports, so code-scanning UIs and CI gates read Parapet's findings.

import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ScanReport, Severity } from './types.ts';

/** Absolute paths become file: URIs; relative ones stay relative references (to the scan root's cwd). */
function uri(path: string): string {
  return isAbsolute(path) ? pathToFileURL(path).href : encodeURI(path.split('\\').join('/'));
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};
/** GitHub reads `security-severity` (0–10) to rank security results. */
const SCORE: Record<Severity, string> = {
  critical: '9.8',
  high: '8.0',
  medium: '5.0',
  low: '2.0',
  info: '0.0',
};

/** Render a scan report as a SARIF 2.1.0 log: one result per finding, with byte offset and global. */
export function toSarif(report: ScanReport): Record<string, unknown> {
  const rules = [...new Set(report.findings.map((f) => f.rule))].sort();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'parapet-scan',
            informationUri: 'https://github.com/parapet/parapet/blob/main/docs/scan.md',
            rules: rules.map((id) => ({ id, shortDescription: { text: id } })),
          },
        },
        results: report.findings.map((f) => {
          const bang = f.file.indexOf('!');
          const outer = bang < 0 ? f.file : f.file.slice(0, bang);
          return {
            ruleId: f.rule,
            ruleIndex: rules.indexOf(f.rule),
            level: LEVEL[f.severity],
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: uri(outer) },
                  region: { byteOffset: f.offset, byteLength: 1 },
                },
                ...(bang < 0
                  ? {}
                  : { logicalLocations: [{ fullyQualifiedName: f.file.slice(bang + 1), kind: 'member' }] }),
              },
            ],
            properties: {
              severity: f.severity,
              'security-severity': SCORE[f.severity],
              ...(f.module === undefined
                ? {}
                : { module: f.module, name: f.name, global: `${f.module}.${f.name}` }),
              ...(bang < 0 ? {} : { member: f.file.slice(bang + 1) }),
            },
          };
        }),
      },
    ],
  };
}
