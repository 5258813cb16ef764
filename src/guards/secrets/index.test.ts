import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { scanSecrets } from './scan.ts';

const opts = { disable: new Set<string>(), minEntropy: 3.5 };
const types = (text: string) => scanSecrets(text, opts).map((h) => h.type);

// Random bodies generated per run, so no real-looking credential is committed.
function pick(alphabet: string, n: number): string {
  const bytes = randomBytes(n);
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[bytes[i]! % alphabet.length];
  return s;
}
const UP = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const B32 = `${UP}234567`;
const ALNUM = `${UP}abcdefghijklmnopqrstuvwxyz0123456789`;
const B64URL = `${ALNUM}_-`;
const HEX = '0123456789abcdef';

const positives: [string, string][] = [
  ['aws_access_key_id', `key: AKIA${pick(B32, 16)} ok`],
  ['aws_access_key_id', `ASIA${pick(B32, 16)}`],
  ['aws_secret_access_key', `aws_secret_access_key = ${pick(`${ALNUM}/+`, 40)}`],
  ['github_token', `token ghp_${pick(ALNUM, 36)}.`],
  ['github_token', `github_pat_${pick(`${ALNUM}_`, 82)}`],
  ['gitlab_token', `glpat-${pick(B64URL, 20)}`],
  ['slack_token', `xoxb-${pick('0123456789', 12)}-${pick('0123456789', 12)}-${pick(ALNUM, 24)}`],
  ['slack_webhook', `https://hooks.slack.com/services/T${pick(UP, 9)}/B${pick(UP, 9)}/${pick(ALNUM, 24)}`],
  ['stripe_secret_key', `sk_live_${pick(ALNUM, 24)}`],
  ['stripe_secret_key', `rk_test_${pick(ALNUM, 40)}`],
  ['openai_api_key', `OPENAI_KEY=sk-proj-${pick(B64URL, 120)}`],
  ['openai_api_key', `sk-${pick(ALNUM, 20)}T3BlbkFJ${pick(ALNUM, 20)}`],
  ['anthropic_api_key', `sk-ant-api03-${pick(B64URL, 93)}AA`],
  ['google_api_key', `AIza${pick(B64URL, 35)}`],
  ['gcp_service_account_key', `{"type": "service_account", "private_key_id": "${pick(HEX, 40)}"}`],
  [
    'azure_storage_key',
    `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${pick(`${ALNUM}+/`, 86)}==;`,
  ],
  ['azure_client_secret', `secret ${pick(ALNUM, 3)}8Q~${pick(`${ALNUM}_~.-`, 34)} end`],
  [
    'azure_shared_access_key',
    `Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=R;SharedAccessKey=${pick(`${ALNUM}+/`, 43)}=`,
  ],
  ['google_oauth_client_secret', `"client_secret":"GOCSPX-${pick(B64URL, 28)}"`],
  ['slack_token', `xapp-1-${pick(ALNUM, 40)}`],
  ['twilio_api_key', `SK${pick(HEX, 32)}`],
  ['sendgrid_api_key', `SG.${pick(B64URL, 22)}.${pick(B64URL, 43)}`],
  ['npm_token', `//registry.npmjs.org/:_authToken=npm_${pick(ALNUM, 36)}`],
  ['pypi_token', `pypi-AgEIcHlwaS5vcmc${pick(B64URL, 70)}`],
  ['huggingface_token', `hf_${pick(ALNUM, 34)}`],
  ['private_key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----'],
  ['private_key', '"-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAA'],
  ['private_key', '-----BEGIN PRIVATE KEY-----'],
  ['jwt', `Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${pick(B64URL, 43)}`],
  ['database_url_password', 'DATABASE_URL=postgres://app:s3cr3tPa55@db.internal:5432/app'],
  ['database_url_password', 'mongodb+srv://root:Xy7%40q@cluster0.mongodb.net/test'],
  ['generic_secret', `api_key: "${pick(ALNUM, 32)}"`],
  ['generic_secret', `"client_secret": "${pick(B64URL, 40)}"`],
  ['password', 'password = Tr0ub4dor&3x'],
];

for (const [type, text] of positives) {
  test(`finds ${type} in ${text.slice(0, 24)}…`, () => {
    assert.ok(types(text).includes(type), `expected ${type}, got ${types(text).join(',')}`);
  });
}

const negatives: [string, string][] = [
  ['an AWS key id one character short', `AKIA${pick(B32, 15)}`],
  ['an AWS key id glued into a longer word', `XAKIA${pick(B32, 16)}`],
  ['an AWS key id with lowercase body', `AKIA${pick('abcdefghijklmnop', 16)}`],
  ['a GitHub token one character short', `ghp_${pick(ALNUM, 35)}`],
  ['a GitHub token one character long', `ghp_${pick(ALNUM, 37)}`],
  ['sk-learn and sk-ant without a body', 'pip install sk-learn; sk-ant-api03-short'],
  ['a Stripe publishable key', `pk_live_${pick(ALNUM, 24)}`],
  ['a short Slack-like prefix', 'xoxb-1234'],
  ['a public key block', '-----BEGIN PUBLIC KEY-----\nMIIBIjAN\n-----END PUBLIC KEY-----'],
  ['a JWT header without payload', 'eyJhbGciOiJIUzI1NiJ9 is a header'],
  ['a database URL without a password', 'postgres://app@db:5432/app and redis://localhost:6379'],
  [
    'a database URL with a placeholder password',
    ['postgres://app:$', '{DB_PASSWORD}@db/app mysql://u:<password>@h/d'].join(''),
  ],
  ['a placeholder api key', 'api_key = "YOUR_API_KEY_HERE" secret: changeme'],
  ['a low-entropy keyed value', 'token: aaaaaaaaaaaaaaaaaaaaaaaa'],
  ['prose mentioning secrets', 'The secret to a good API key policy is rotation. Token budgets matter.'],
  ['a git commit hash', 'fixed in commit 3f786850e387550fdab836ed7e6dc881de23001b'],
  ['a UUID', 'request 123e4567-e89b-12d3-a456-426614174000 done'],
];

for (const [what, text] of negatives) {
  test(`does not flag ${what}`, () => {
    assert.deepEqual(types(text), []);
  });
}

test('spans cover exactly the credential', () => {
  const key = `AKIA${pick(B32, 16)}`;
  const text = `id=${key};`;
  const [hit] = scanSecrets(text, opts);
  assert.equal(text.slice(hit!.start, hit!.end), key);
  const url = 'postgres://app:hunter22@db/app';
  const [pw] = scanSecrets(url, opts);
  assert.equal(url.slice(pw!.start, pw!.end), 'hunter22');
});

test('disabled types are not reported', () => {
  const text = `ghp_${pick(ALNUM, 36)}`;
  assert.deepEqual(
    scanSecrets(text, { disable: new Set(['github_token']), minEntropy: 3.5 }).map((h) => h.type),
    [],
  );
});

test('a key name is found however many blanks stand before its "=" (names are looked for before each sign)', () => {
  const text = `client_secret${' '.repeat(300)}= "k8Jw2Lq9Zr4Xv7Tb"; note: no secret here`;
  assert.deepEqual(
    scanSecrets(text, opts).map((h) => [h.type, text.slice(h.start, h.end)]),
    [['generic_secret', 'k8Jw2Lq9Zr4Xv7Tb']],
  );
  assert.deepEqual(types('the api_key field is documented below, without a value'), []);
});

test('a keyed value at exactly the minimum entropy counts; just under it does not', () => {
  // Eight characters once and four twice over 16: exactly 3.5 bits per character.
  const text = 'token: abcdEFGH11223344';
  assert.deepEqual(types(text), ['generic_secret']);
  assert.deepEqual(scanSecrets(text, { disable: new Set(), minEntropy: 3.5000001 }), []);
});

test('each finding carries the segment it was found in', () => {
  const hits = scanSecrets(`password = "hunter2hunter2" AKIA${pick(B32, 16)}`, opts, 3);
  assert.deepEqual(hits.map((h) => h.segment).sort(), [3, 3]);
});

test('tokens are found wherever the first prefix of any format is, even at the very start of the text', () => {
  // The Azure client secret's literal 'Q~' is four characters into the match; the webhook's prefix is
  // the longest. Token formats are looked for only from the first prefix on, so both ends count.
  const azure = `${pick(ALNUM, 3)}8Q~${pick(`${ALNUM}_~.-`, 34)}`;
  assert.deepEqual(types(`${azure} and more`), ['azure_client_secret']);
  const hook = `hooks.slack.com/services/T${pick(UP, 9)}/B${pick(UP, 9)}/${pick(ALNUM, 24)}`;
  assert.deepEqual(types(hook), ['slack_webhook']);
  assert.deepEqual(types(`${'no secrets in this sentence at all. '.repeat(2000)}${azure}`), [
    'azure_client_secret',
  ]);
});
