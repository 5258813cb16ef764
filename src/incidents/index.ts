// Incidents and response: the records (alerts, incidents, timelines, actions), the lifecycle,
// playbooks, response actions and the confidence perturbation the gateway applies to suspects.

export {
  type ActionRequest,
  actionRequest,
  PERTURB_PREFIX,
  perturbationsFromFlags,
  type ResponderDeps,
  type RollbackHook,
  runAction,
  THROTTLE_PREFIX,
  throttlesFromFlags,
} from './actions.ts';
export { groupKey, recordAlert, type TransitionResult, transition } from './lifecycle.ts';
export { type PerturbOptions, perturbConfidences, perturbOptions } from './perturb.ts';
export { loadPlaybooks, type Playbook, playbookFor } from './playbooks.ts';
export { type AlertFilter, type IncidentStore, incidentStore } from './store.ts';
export type { ActionName, ActionRecord, Incident, IncidentStatus, TimelineEntry } from './types.ts';
