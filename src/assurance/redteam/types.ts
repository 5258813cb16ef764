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
  /**
   * What the attacker wants, in words, for an LLM judge and an attacker model. When a judge is
   * configured and the case's grader is a heuristic (`refusal`), the judge grades against it instead.
   */
  readonly objective?: string;
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
  /**
   * Adaptive strategies (PAIR, Crescendo) drive the conversation themselves with an attacker model;
   * they run only when one is configured, and `apply` is not used for them.
   */
  adaptive?(tc: TestCase, ctx: AdaptiveContext): Promise<AdaptiveRun>;
}

/** What an adaptive strategy may use: each call is counted by the run. */
export interface AdaptiveContext {
  /** The attacker model (pinned system prompt is the strategy's; the run counts calls and failures). */
  attacker(messages: readonly Message[]): Promise<Reply>;
  /** The target under test. */
  target(messages: readonly Message[], tools?: readonly ToolSpec[]): Promise<Reply>;
  /** The probe's own grader on a target answer. */
  grade(reply: Extract<Reply, { kind: 'ok' }>, conversation: Conversation): Promise<Verdict>;
  /** 1–10 from the judge model when one is configured (undefined when it could not say). */
  score?(objective: string, prompt: string, answer: string): Promise<number | undefined>;
  readonly limits: AdaptiveLimits;
  /**
   * True when the grader decides the objective itself (a planted marker or canary, or the judge);
   * false for the refusal heuristic, which only says whether an answer complied with its own question.
   */
  readonly gradesObjective: boolean;
}

export interface AdaptiveLimits {
  /** PAIR: refinements per stream. */
  readonly iterations: number;
  /** PAIR: independent streams (stop at the first success). */
  readonly streams: number;
  /** Crescendo: kept turns of the conversation. */
  readonly turns: number;
  /** Crescendo: refused turns that may be taken back. */
  readonly backtracks: number;
}

/** Counts of one adaptive attack, recorded with the attempt. */
export interface AdaptiveStats {
  iterations: number;
  targetRequests: number;
  attackerRequests: number;
  /** The attacker model refused to write an attack. */
  attackerRefusals: number;
  /** The attacker failed (HTTP error, budget) or wrote something unusable. */
  attackerErrors: number;
  judgeRequests: number;
  /** The judge answered without a readable 1–10 score. */
  judgeUnparseable: number;
  backtracks: number;
  /** Highest judge (or grader-derived) score seen, 1–10. */
  bestScore: number;
}

export interface AdaptiveRun {
  /** The verdict on the best answer; undefined when no answer could be graded. */
  readonly verdict?: Verdict;
  /** The target's last failure when it never answered (blocked or error). */
  readonly failure?: Extract<Reply, { kind: 'blocked' | 'error' }>;
  /** Why no attack reached the target (attacker refused or failed throughout). */
  readonly attackerFailure?: string;
  readonly excerpt?: string;
  /** The prompt (PAIR) or last turn (Crescendo) that produced the verdict. */
  readonly prompt?: string;
  readonly stats: AdaptiveStats;
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
