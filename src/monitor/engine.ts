// The detectors and the alert gate as one synchronous step: event in, new alerts out. The monitor
// runs it off the request path; the evaluation replays run it directly, with compressed time.

import type { AuditEvent } from '../audit/event.ts';
import { createGate } from './alerts/gate.ts';
import { createDriftDetector } from './detectors/drift.ts';
import { createExtractionDetector } from './detectors/extraction.ts';
import { createLlmDetector } from './detectors/llm.ts';
import { createVolumeDetector } from './detectors/volume.ts';
import type { MonitorSettings } from './options.ts';
import { type Alert, type AlertDraft, type Detector, eventTime } from './types.ts';

export interface Engine {
  readonly detectors: readonly Detector[];
  /** Runs every detector on one event; returns the alerts that pass dedupe and rate limits. */
  process(event: AuditEvent, at?: number): Alert[];
  readonly gate: ReturnType<typeof createGate>;
}

/** Builds the detectors named in the settings. */
export function createEngine(
  s: Pick<MonitorSettings, 'detectors' | 'alerts'>,
  onDraft?: (d: AlertDraft) => void,
): Engine {
  const detectors: Detector[] = [];
  if (s.detectors.extraction !== false) detectors.push(createExtractionDetector(s.detectors.extraction));
  if (s.detectors.volume !== false) detectors.push(createVolumeDetector(s.detectors.volume));
  if (s.detectors.drift !== false) detectors.push(createDriftDetector(s.detectors.drift));
  if (s.detectors.llm !== false) detectors.push(createLlmDetector(s.detectors.llm));
  const gate = createGate(s.alerts);
  let out: Alert[] = [];
  const emit = (d: AlertDraft) => {
    onDraft?.(d);
    const a = gate.admit(d);
    if (a) out.push(a);
  };
  return {
    detectors,
    gate,
    process(e, at = eventTime(e)) {
      out = [];
      for (const d of detectors) d.observe(e, at, emit);
      return out;
    },
  };
}
