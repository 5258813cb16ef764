// The red-team plugin contracts: a probe says what is tested, a strategy how it is delivered, a grader
// who decides. Each is a file in its folder default-exporting one of these; the registry finds them.

/** A chat message as sent to a target. */
export interface Message {
  readonly role: 'system' | 'user' | 'assistant' | 'tool';
  readonly content: string;
  readonly name?: string;
  readonly tool_call_id?: string;
}

/** A function the target is told it may call (OpenAI `tools` shape, parameters as JSON Schema). */
export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  readonly parameters: Record<string, unknown>;
}

/** Which grader decides a case, with its options (validated by the grader's own schema). */
export interface GradeSpec {
  readonly grader: string;
  readonly options?: Record<string, unknown>;
}

/** One generated test: the attacker-controlled payload and the scene around it. */
export interface TestCase {
  /** Stable within the probe: `<probe>/<n>`. */
  readonly id: string;
  readonly system?: string;
  /** Messages before the attack turn (retrieved documents, earlier dialogue). */
  readonly context?: readonly Message[];
  /** The text the attacker controls; strategies transform it. */
  readonly payload: string;
  /** The user turn around the payload; `{{payload}}` marks where it goes. Default: the payload alone. */
  readonly frame?: string;
  readonly tools?: readonly ToolSpec[];
  readonly grade: GradeSpec;
  /** Benign look-alikes: obfuscating strategies do not apply (they would change what is asked). */
  readonly benign?: boolean;
}

/** What a strategy hands to the target: the scene plus one or more user turns sent in order. */
export interface Conversation {
  readonly system?: string;
  readonly context: readonly Message[];
  /** User turns; with more than one, each is sent after the target's reply to the one before. */
  readonly turns: readonly string[];
  readonly tools?: readonly ToolSpec[];
}

/** A deterministic random source (seeded), so a run's cases are reproducible. */
export interface Rng {
  next(): number;
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  /** 128 bits from the OS (not the seed) as 32 hex digits: for canaries and markers. */
  hex128(): string;
}

export interface Frameworks {
  /** OWASP LLM Top 10 2025 ids: `LLM01:2025`. */
  readonly owasp: readonly string[];
  /** MITRE ATLAS technique ids: `AML.T0051.000`. */
  readonly atlas: readonly string[];
}

export interface Probe {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly frameworks: Frameworks;
  /** Strategy names this probe is run with by default (the run may narrow it). */
  readonly strategies: readonly string[];
  /** Builds up to `n` cases (a probe may return fewer). */
  cases(rng: Rng, n: number): TestCase[];
}

export interface Strategy {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  /** ATLAS techniques the delivery itself uses (obfuscation, indirect placement). */
  readonly atlas?: readonly string[];
  /** Undefined when the strategy does not apply to this case. */
  apply(tc: TestCase, rng: Rng): Conversation | undefined;
}

/** A tool call the target made. */
export interface ToolCall {
  readonly name: string;
  readonly arguments: string;
}

/** What the target answered to the last turn. */
export type Reply =
  | {
      readonly kind: 'ok';
      readonly text: string;
      readonly toolCalls: readonly ToolCall[];
      readonly completionTokens?: number;
    }
  /** A gateway or guard refused it (`guard.*`, `policy.*`, `limit.*`, `auth.blocked`). */
  | { readonly kind: 'blocked'; readonly code: string; readonly status: number; readonly message: string }
  | { readonly kind: 'error'; readonly message: string; readonly status?: number };

/** A grader's decision: did the attack succeed on this reply? */
export type Verdict =
  | { readonly outcome: 'success' | 'resisted'; readonly reason: string }
  | { readonly outcome: 'unscored'; readonly reason: string };

export interface GradeContext {
  readonly tc: TestCase;
  readonly conversation: Conversation;
  /** Set when an LLM judge is configured. */
  readonly judge?: (prompt: string) => Promise<Reply>;
}

export interface Grader {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  /** Hash of the pinned rubric (LLM judge) or of the rules, recorded for reproducibility. */
  readonly rubricHash?: string;
  grade(reply: Extract<Reply, { kind: 'ok' }>, ctx: GradeContext): Verdict | Promise<Verdict>;
}
