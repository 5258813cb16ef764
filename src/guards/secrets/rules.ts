// Credential formats with a fixed prefix, as bounded regular expressions: each matches the prefix
// plus the minimum body (no open-ended quantifier), and the scanner extends and checks boundaries
// by hand, so a hostile input costs linear time. Each rule names its literal prefixes, so one pass
// tells whether any rule can match at all.

/** One token format. `re` must be global and contain only bounded quantifiers. */
export interface TokenRule {
  readonly type: string;
  readonly re: RegExp;
  /**
   * Literal text every match has at `offset` from its start (0 unless given): one pass for all rules
   * finds whether any can match, and from where.
   */
  readonly prefixes: readonly string[];
  readonly offset?: number;
  /** Characters that continue the token after the regex match (extension up to `max`). */
  readonly body: string;
  readonly max?: number;
  /** Extend the match while the next character is in `body`. */
  readonly extend?: boolean;
  /** Refuse a match glued to more token characters on either side (`AKIA…` inside a longer word). */
  readonly boundary?: boolean;
}

const ALNUM = 'A-Za-z0-9';
const B64URL = 'A-Za-z0-9_-';

export const TOKEN_RULES: readonly TokenRule[] = [
  {
    type: 'aws_access_key_id',
    re: /(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}/g,
    prefixes: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    body: ALNUM,
    boundary: true,
  },
  {
    type: 'github_token',
    re: /gh[pousr]_[A-Za-z0-9]{36}/g,
    prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    body: ALNUM,
    boundary: true,
  },
  {
    type: 'github_token',
    re: /github_pat_[A-Za-z0-9_]{82}/g,
    prefixes: ['github_pat_'],
    body: `${ALNUM}_`,
    boundary: true,
  },
  {
    type: 'gitlab_token',
    re: /glpat-[A-Za-z0-9_-]{20}/g,
    prefixes: ['glpat-'],
    body: B64URL,
    extend: true,
    max: 80,
    boundary: true,
  },
  {
    type: 'slack_token',
    re: /xox[abposre]-[A-Za-z0-9-]{20}|xapp-[0-9]-[A-Za-z0-9-]{20}/g,
    prefixes: ['xoxa-', 'xoxb-', 'xoxp-', 'xoxo-', 'xoxs-', 'xoxr-', 'xoxe-', 'xapp-'],
    body: `${ALNUM}-`,
    extend: true,
    max: 255,
    boundary: true,
  },
  {
    type: 'slack_webhook',
    re: /hooks\.slack\.com\/services\/T[A-Z0-9]{8,12}\/B[A-Z0-9]{8,12}\/[A-Za-z0-9]{24}/g,
    prefixes: ['hooks.slack.com/services/T'],
    body: ALNUM,
    boundary: false,
  },
  {
    type: 'stripe_secret_key',
    re: /[rs]k_(?:live|test)_[A-Za-z0-9]{24}/g,
    prefixes: ['rk_live_', 'rk_test_', 'sk_live_', 'sk_test_'],
    body: ALNUM,
    extend: true,
    max: 107,
    boundary: true,
  },
  {
    type: 'openai_api_key',
    re: /sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40}/g,
    prefixes: ['sk-proj-', 'sk-svcacct-', 'sk-admin-'],
    body: B64URL,
    extend: true,
    max: 300,
    boundary: true,
  },
  {
    type: 'openai_api_key',
    re: /sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}/g,
    prefixes: ['sk-'],
    body: ALNUM,
    boundary: true,
  },
  {
    type: 'anthropic_api_key',
    re: /sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{80}/g,
    prefixes: ['sk-ant-api', 'sk-ant-admin'],
    body: B64URL,
    extend: true,
    max: 200,
    boundary: true,
  },
  { type: 'google_api_key', re: /AIza[0-9A-Za-z_-]{35}/g, prefixes: ['AIza'], body: B64URL, boundary: true },
  {
    type: 'gcp_service_account_key',
    re: /"private_key_id"\s{0,8}:\s{0,8}"[a-f0-9]{40}"/g,
    prefixes: ['"private_key_id"'],
    body: '',
    boundary: false,
  },
  {
    type: 'azure_storage_key',
    re: /AccountKey=[A-Za-z0-9+/]{86}==/g,
    prefixes: ['AccountKey='],
    body: `${ALNUM}+/=`,
    boundary: false,
  },
  {
    type: 'azure_client_secret',
    re: /[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}/g,
    prefixes: ['Q~'],
    offset: 4,
    body: `${ALNUM}_~.-`,
    boundary: true,
  },
  {
    type: 'azure_shared_access_key',
    re: /SharedAccessKey=[A-Za-z0-9+/]{43}=/g,
    prefixes: ['SharedAccessKey='],
    body: `${ALNUM}+/=`,
    boundary: false,
  },
  {
    type: 'google_oauth_client_secret',
    re: /GOCSPX-[A-Za-z0-9_-]{28}/g,
    prefixes: ['GOCSPX-'],
    body: B64URL,
    boundary: true,
  },
  { type: 'twilio_api_key', re: /SK[0-9a-fA-F]{32}/g, prefixes: ['SK'], body: ALNUM, boundary: true },
  {
    type: 'sendgrid_api_key',
    re: /SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/g,
    prefixes: ['SG.'],
    body: B64URL,
    boundary: true,
  },
  { type: 'npm_token', re: /npm_[A-Za-z0-9]{36}/g, prefixes: ['npm_'], body: ALNUM, boundary: true },
  {
    type: 'pypi_token',
    re: /pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50}/g,
    prefixes: ['pypi-AgEIcHlwaS5vcmc'],
    body: B64URL,
    extend: true,
    max: 300,
    boundary: true,
  },
  { type: 'huggingface_token', re: /hf_[A-Za-z0-9]{34}/g, prefixes: ['hf_'], body: ALNUM, boundary: true },
];

/** A 128-entry membership table for an ASCII character-class spec like `A-Za-z0-9_-`. */
export function charTable(spec: string): Uint8Array {
  const t = new Uint8Array(128);
  for (let i = 0; i < spec.length; i++) {
    if (spec[i + 1] === '-' && i + 2 < spec.length) {
      for (let c = spec.charCodeAt(i); c <= spec.charCodeAt(i + 2); c++) t[c] = 1;
      i += 2;
    } else t[spec.charCodeAt(i)] = 1;
  }
  return t;
}

export function inTable(t: Uint8Array, code: number): boolean {
  return code < 128 && t[code] === 1;
}
