// The shapes a model-file scan returns: one finding per suspicious thing, at a byte offset, with a severity.

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** Severities from worst to mildest; the index is the rank used by --fail-on. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Rank of a severity: critical 4 … info 0. */
export function severityRank(s: Severity): number {
  return 4 - SEVERITIES.indexOf(s);
}

export interface Finding {
  /** File path; for archive members `archive.zip!member/name`. */
  file: string;
  /** Byte offset of the offending opcode or structure inside `file` (inside the member for archives). */
  offset: number;
  severity: Severity;
  /** Stable rule id, e.g. `scan.dangerous_call`. */
  rule: string;
  module?: string;
  name?: string;
  message: string;
}

export interface ScannedFile {
  file: string;
  /** What the content was recognised as (`pickle`, `zip`, `safetensors`, …), never from the file name. */
  format: string;
  bytes: number;
  /** Pickle opcodes interpreted in this file (0 for formats without pickles). */
  opcodes: number;
}

export interface ScanReport {
  root: string;
  files: ScannedFile[];
  findings: Finding[];
  /** Worst severity found, or null when there are no findings. */
  worst: Severity | null;
}

export interface ScanOptions {
  /** Largest file read whole into memory (pickles must be read whole); default 4 GiB. */
  maxFileBytes?: number;
  /** Largest archive member inflated for scanning; default 2 GiB. */
  maxMemberBytes?: number;
  /**
   * Most archive members scanned in one file, nested archives included; default 100,000. Past it the
   * rest is not scanned and `scan.archive_limit` (high) says so.
   */
  maxArchiveMembers?: number;
  /**
   * Most member bytes (after inflating) scanned in one file, nested archives included; default 64 GiB.
   * Bounds zip bombs built from many members that each stay under `maxMemberBytes`.
   */
  maxArchiveBytes?: number;
}
