// The options every guard takes from the framework (action, role overrides, failure mode, stages),
// split from the guard's own options, and zod issues turned into `guards.<name>.<path>: message`.

import { z } from 'zod';

const action = z.enum(['block', 'mask', 'flag']);
const stage = z.enum(['input', 'output', 'output_stream']);

/** Finding type → action (`credit_card: block`, `email: mask`), over the guard's one action. */
const actions = z.record(z.string().min(1), action);

/** A role's choice: one action for all of the guard's findings, or a default and per-type actions. */
const roleChoice = z.union([
  action,
  z.object({ action: action.optional(), actions: actions.optional() }).strict(),
]);

/** Keys the runner owns; everything else in a guard's YAML goes to the guard's own schema. */
export const commonSchema = z
  .object({
    action: action.optional(),
    actions: actions.optional(),
    roles: z.record(z.string(), roleChoice).optional(),
    on_error: z.enum(['deny', 'allow']).default('deny'),
    stages: z.array(stage).min(1).optional(),
  })
  .strict();

export type CommonOptions = z.infer<typeof commonSchema>;
export type RoleChoice = z.infer<typeof roleChoice>;

const COMMON_KEYS = new Set(Object.keys(commonSchema.shape));

/** Splits one guard's YAML value into the framework's keys and the guard's own. */
export function splitOptions(value: unknown): {
  common: Record<string, unknown>;
  own: Record<string, unknown>;
} {
  const common: Record<string, unknown> = {};
  const own: Record<string, unknown> = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) (COMMON_KEYS.has(k) ? common : own)[k] = v;
  }
  return { common, own };
}

/** `guards.injection.threshold: expected number` — the first issue, with its full path. */
export function formatIssue(prefix: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `${prefix}: invalid`;
  let path = prefix;
  for (const key of issue.path) path += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  return `${path}: ${issue.message.replace(/^Invalid input: /, '')}`;
}
