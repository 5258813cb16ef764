// The one guard interface. A guard is a folder `src/guards/<name>/` whose `index.ts` default-exports
// a GuardModule: a manifest (data) plus one function that builds its check from validated config.
// The registry (guards/registry.ts) is built from the folders; adding a guard never edits a central file.

import type { z } from 'zod';

/** Where a guard can run: on the request, on a whole response, on a streamed response (sliding window). */
export type Stage = 'input' | 'output' | 'output_stream';

/** What a route does with a finding: refuse (403 `guard.<name>`), replace the span, or only record it. */
export type Action = 'block' | 'mask' | 'flag';

export interface GuardManifest<C = unknown> {
  /** Registry name, also the suffix of its denial code (`guard.<name>`). */
  readonly name: string;
  readonly description: string;
  readonly stages: readonly Stage[];
  /** Validates and defaults the guard's own options from the YAML; errors name the path. */
  readonly config: z.ZodType<C>;
  /** Action when the route does not choose one. */
  readonly defaultAction: Action;
  /** Framework IDs this guard mitigates, for governance evidence. */
  readonly frameworks?: { readonly owasp?: readonly string[]; readonly atlas?: readonly string[] };
  /** Finding types the guard reports; when given, per-type `actions` in the YAML are checked against it. */
  readonly findingTypes?: readonly string[];
  /** Stream stage: characters of context a match can span (the sliding window); default 256. */
  readonly streamWindow?: number;
}

/** One piece of text to inspect and where it came from in the body (`messages[2].content`). */
export interface Segment {
  readonly path: string;
  readonly text: string;
  /** Chat role of the message the text belongs to, when there is one. */
  readonly role?: string;
}

/** Per-request state shared between the stages of one call (canaries, pseudonym maps). */
export interface RequestScope {
  readonly requestId: string;
  /** Identity id, so per-tenant state (the pseudonym vault) is scoped correctly. */
  readonly identity: string;
  readonly tenant?: string;
  readonly model: string;
  readonly values: Map<string, unknown>;
}

export interface GuardInput {
  readonly stage: Stage;
  readonly segments: readonly Segment[];
  /** The parsed JSON request body, for structural guards (validation). Input stage only. */
  readonly body?: unknown;
  readonly scope: RequestScope;
  /** Aborted when the route's guard time budget runs out; long checks should stop early. */
  readonly signal: AbortSignal;
}

/** Text decoded out of an encoded run of an original segment (base64, hex, tag characters, ...). */
export interface DerivedSegment extends Segment {
  /** The encoded original: findings on this segment are reported (and masked) at this span. */
  readonly from: { readonly segment: number; readonly start: number; readonly end: number };
  readonly encoding: string;
  /** Offsets map 1:1 onto `from` (rot13, leetspeak), so a finding keeps its own span. */
  readonly aligned?: boolean;
}

/** Extras a guard offers the runner beside its check; all optional. */
export interface GuardHooks {
  /** Computed once per request; every guard of the stage also scans the segments it returns. */
  derive?(segments: readonly Segment[]): readonly DerivedSegment[];
  /** Input stage, after an allow: text the gateway appends to the system prompt (the canary). */
  systemAddition?(scope: RequestScope): string | undefined;
}

export interface Finding {
  /** Index into GuardInput.segments; -1 for a finding about the body as a whole (validation). */
  readonly segment: number;
  readonly start: number;
  readonly end: number;
  /** What was found: `email`, `aws_access_key`, `injection`, `canary` ... */
  readonly type: string;
  /** 0..1; a rule hit is 1, a classifier gives its calibrated probability. */
  readonly score: number;
  /** For `mask`: the text to put in place of the span (defaults to `[TYPE]`). */
  readonly replacement?: string;
  /** Short, safe explanation (never the matched text): `rule: instruction_override`. */
  readonly reason?: string;
}

export type Check = (input: GuardInput) => readonly Finding[] | Promise<readonly Finding[]>;

export interface GuardModule<C = unknown> {
  readonly manifest: GuardManifest<C>;
  /** Builds the check once, at config load (load weights, compile patterns). */
  create(config: C): Check | Promise<Check>;
  /** Optional hooks beside the check, built from the same validated config. */
  readonly hooks?: (config: C) => GuardHooks;
}
