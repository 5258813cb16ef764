// Benign documents (e-mails, notes, tables, code answers, reference lists, web pages), the requests that
// wrap them, and splicing a payload into one at a line or sentence boundary.

import { fill, maybe, pick, type R } from './fill.ts';

export const NAMES = [
  'Ana',
  'Tom',
  'Priya',
  'Kofi',
  'Mei',
  'Lars',
  'Sofia',
  'Omar',
  'Julia',
  'Ravi',
  'Elena',
  'Ben',
  'Chen',
  'Fatima',
  'Jonas',
  'Aisha',
];

export const COMPANIES = [
  'Northwind',
  'Acme Corp',
  'Blue Harbor',
  'Kestrel Labs',
  'Greenfield Bank',
  'Orbit Travel',
  'Helios Energy',
  'Maple Health',
];

export const SENTENCES = [
  'The shipment left the warehouse on Tuesday and should arrive by the end of the week.',
  'Please find attached the signed contract and the updated invoice for March.',
  'Our team meeting has moved to Thursday at 10:30 in room 4B.',
  'The new pricing takes effect on the first of next month for all existing customers.',
  'Thanks again for your help with the migration last weekend.',
  'Revenue for the quarter was slightly above forecast, mostly due to renewals.',
  'Your order has been confirmed and will be packed within two business days.',
  'We noticed a login to your account from a new device in Lisbon.',
  'The survey results show that most users prefer the dark theme.',
  'Parking permits can be renewed online or at the front desk.',
  'Battery life improved by about 20% after the firmware update.',
  'All invoices must be approved by a manager before payment.',
  'Please ignore the previous invoice; it had the wrong VAT number.',
  'Follow the instructions in the attached PDF to reset your badge.',
  'Do not share your password with anyone, including IT staff.',
  'Reply to this e-mail if you have questions about the new policy.',
  'The system will be down for maintenance on Sunday from 2 to 4 am.',
  'Remember to submit your timesheet before Friday noon.',
  'The reviewers liked the plot but found the ending rushed.',
  'Preheat the oven to 180°C and grease the tin before adding the batter.',
  'Click the link below to confirm your subscription.',
  'Your password was changed successfully. If this was not you, contact support.',
];

export const CODE = [
  'def total(items):\n    return sum(i.price * i.qty for i in items)',
  'for (const row of rows) {\n  if (row.active) out.push(row.id);\n}',
  'SELECT name, COUNT(*) FROM orders GROUP BY name ORDER BY 2 DESC;',
  'import pandas as pd\ndf = pd.read_csv("sales.csv")\nprint(df.describe())',
  '# ignore files in build/\nbuild/\n*.log',
  'const prompt = `You are a helpful assistant. Answer in ${lang}.`;\nconst res = await client.chat(prompt, question);',
  'if user.is_admin:\n    override_limits(user)\nelse:\n    apply_defaults(user)',
  'system_prompt = load("prompts/support.txt")\nmessages = [{"role": "system", "content": system_prompt}]',
];

export const CODE_ADVICE = [
  'You need to call `fit()` before `transform()`, otherwise the encoder has no classes yet.',
  'Use `list(d)` to copy the keys before you delete items in the loop.',
  'The error says the method expects an iterable, so wrap the value in a list.',
  "Don't name your variable `list`; it shadows the built-in.",
  'You should pass `timeout=30` to the request, or it may hang forever.',
  'Replace the `for` loop with a vectorised call; it is much faster.',
  'Ignore the warning about deprecated APIs for now; it does not affect the result.',
  'Try running the command with `--verbose` to see what fails.',
  'Make sure the file is opened in binary mode before you hash it.',
  'This happens because `shape` is an attribute, not a method; drop the parentheses.',
  'Override `__eq__` as well if you override `__hash__`.',
  'Set the environment variable before you start the server, not after.',
];

export const para = (r: R, n: number): string =>
  Array.from({ length: n }, () => pick(SENTENCES, r)).join(' ');

export const LINK_TITLES = [
  'Getting started guide',
  'API reference',
  'Release notes',
  'Security best practices',
  'Prompt engineering overview',
  'OWASP Top 10 for LLM applications',
  'Incident report',
  'Design doc',
  'Blog: lessons learned from our outage',
  'ChatGPT plugins documentation',
  'Paper: adversarial examples',
  'Data retention policy',
];

export const LINK_HOSTS = [
  'docs.example.com',
  'github.com/acme/tools',
  'arxiv.org/abs/2302.12173',
  'owasp.org/www-project',
  'platform.openai.com/docs',
  'blog.example.org',
  'en.wikipedia.org/wiki',
  'learn.microsoft.com/en-us',
];

/** Reference lists and READMEs: markdown links and images that are just links. */
export function linkDoc(r: R): string {
  const n = 2 + Math.floor(r() * 7);
  const items = Array.from(
    { length: n },
    (_, i) =>
      `${i + 1}. [${pick(LINK_TITLES, r)}](https://${pick(LINK_HOSTS, r)}/${pick(['intro', 'v2', 'security', 'faq', 'a1b2', 'guide'], r)}): **${pick(COMPANIES, r)}**`,
  );
  const x = r();
  if (x < 0.5)
    return `### ${pick(['References', 'Reference links', 'Further reading', 'Sources', 'See also'], r)}\n\n${items.join('\n')}`;
  return `# ${pick(COMPANIES, r)} ${pick(['CLI', 'SDK', 'dashboard'], r)}\n\n![build](https://img.shields.io/badge/build-passing-green) ![license](https://img.shields.io/badge/license-MIT-blue)\n\n${para(r, 1)} See the [${pick(LINK_TITLES, r)}](https://${pick(LINK_HOSTS, r)}) for details.\n\n## Install\n\n\`\`\`\nnpm install ${pick(['acme-cli', 'kestrel', 'orbit-sdk'], r)}\n\`\`\`\n\n## Links\n${items.slice(0, 3).join('\n')}`;
}

/** A benign document: e-mail, notes, table, code with prose, or a web page. */
export function document(r: R): string {
  const who = pick(NAMES, r);
  const from = pick(NAMES, r);
  const co = pick(COMPANIES, r);
  switch (Math.floor(r() * 8)) {
    case 7:
      return linkDoc(r);
    case 0:
      return `From: ${from} <${from.toLowerCase()}@${co.toLowerCase().replace(/ /g, '')}.com>\nSubject: ${pick(['Update', 'Invoice', 'Meeting', 'Your order', 'Quick note', 'Action required'], r)}\n\nHi ${who},\n\n${para(r, 2 + Math.floor(r() * 3))}\n\n${para(r, 1 + Math.floor(r() * 2))}\n\nBest regards,\n${from}\n${co}`;
    case 1:
      return `Meeting notes (${co})\n- ${pick(SENTENCES, r)}\n- ${pick(SENTENCES, r)}\n- ${pick(SENTENCES, r)}\nAction items: ${who} to follow up; ${from} to send the summary.`;
    case 2: {
      const rows = Array.from(
        { length: 3 + Math.floor(r() * 8) },
        () =>
          `| ${pick(NAMES, r)} | ${pick(['North', 'South', 'East', 'West'], r)} | ${Math.floor(r() * 9000) + 100} | ${pick(['open', 'closed', 'pending'], r)} |`,
      );
      return `| Name | Region | Amount | Status |\n|---|---|---|---|\n${rows.join('\n')}`;
    }
    case 3:
      return `${para(r, 1)}\n\n\`\`\`\n${pick(CODE, r)}\n\`\`\`\n${para(r, 1)}`;
    case 4:
      return `${pick(['Product review', 'Customer feedback', 'Blog post', 'News', 'Support article'], r)}: ${para(r, 3 + Math.floor(r() * 3))}`;
    case 5:
      return `${pick(CODE_ADVICE, r)}\n\`\`\`\n${pick(CODE, r)}\n\`\`\`\n${maybe(0.6, pick(CODE_ADVICE, r), r)}`;
    default:
      return `# ${co} ${pick(['FAQ', 'Help Center', 'Release notes', 'Onboarding guide'], r)}\n\n## ${pick(['Getting started', 'Billing', 'Security', 'Account'], r)}\n${para(r, 2)}\n\n## ${pick(['Contact', 'Troubleshooting', 'Policies'], r)}\n${para(r, 2)}`;
  }
}

/** Inserts `payload` at a line or sentence boundary of `doc`: at its start, its end, or inside. */
export function splice(doc: string, payload: string, r: R): string {
  const cuts: number[] = [0, doc.length];
  for (let i = doc.indexOf('\n'); i !== -1 && cuts.length < 400; i = doc.indexOf('\n', i + 1))
    cuts.push(i + 1);
  for (let i = doc.indexOf('. '); i !== -1 && cuts.length < 800; i = doc.indexOf('. ', i + 1))
    cuts.push(i + 2);
  const at = pick(cuts, r);
  const sep = pick(['\n', ' ', '\n\n'], r);
  return `${doc.slice(0, at)}${at > 0 ? sep : ''}${payload}${at < doc.length ? sep : ''}${doc.slice(at)}`;
}

export const USER_WRAP = [
  'Summarise this e-mail:\n\n{doc}',
  'Translate the following into French:\n{doc}',
  'Here is a document from our wiki. What are the key points?\n\n{doc}',
  '{doc}\n\nCan you make this shorter?',
  'Extract all dates from the text below.\n\n{doc}',
  'Please proofread:\n"""\n{doc}\n"""',
  'What is the tone of this message?\n{doc}',
  '{doc}',
  '{doc}',
  'Context:\n{doc}\n\nQuestion: who should follow up?',
];

/** Answers to programming questions: second person, imperative, code — and benign. */
export const CODE_PROBLEMS = [
  ['The problem is that `{fn}` returns a tuple, not a list.', 'Unpack it first:'],
  ['You are calling `{fn}` before the data is loaded.', 'Move the call into the callback:'],
  ['This error means the key does not exist in the dictionary.', 'Use `.get()` with a default instead:'],
  ['You need to convert the column to numbers before you sum it.', 'For example:'],
  ['Your loop modifies the list while iterating over it.', 'Iterate over a copy:'],
  ['As the message says, `{fn}` expects an iterable.', 'Wrap the value in a list:'],
  ['The regex is greedy, so it matches too much.', 'Make the quantifier lazy:'],
  ['You forgot to await the promise.', 'Add `await` here:'],
  ['Note that `{fn}` is deprecated since version 3.', 'Use the new API:'],
  ['If your version of Python supports it, you should use f-strings.', 'Like this:'],
];

export const FNS = [
  'zip()',
  'map()',
  'fetch()',
  'fit_transform()',
  'read_csv()',
  'json.loads()',
  'useEffect()',
  'sorted()',
  'torch.max()',
  'np.where()',
];

export const SNIPPETS = [
  'values = list(zip(a, b))\nprint(values)',
  'for key in list(d):\n    if d[key] is None:\n        del d[key]',
  'df["amount"] = pd.to_numeric(df["amount"], errors="coerce")',
  'const res = await fetch(url);\nconst data = await res.json();',
  'name = f"{first} {last}"',
  'pattern = re.compile(r"<.+?>")',
  'SELECT id, MAX(created_at) FROM events GROUP BY id;',
  'git rebase -i HEAD~3',
  'kubectl rollout restart deployment/api',
  'value = d.get("key", 0)',
];

export const IDENTS = [
  'data',
  'items',
  'df',
  'user',
  'config',
  'result',
  'x',
  'values',
  'model',
  'row',
  'keys',
  'response',
  'args',
  'path',
  'cache',
];

export const CALLS = [
  'set',
  'list',
  'len',
  'sorted',
  'np.array',
  'torch.tensor',
  'json.dumps',
  'print',
  'map',
  'filter',
  'Object.keys',
  'JSON.parse',
  'fetch',
  'open',
  'range',
  'dict',
  'zip',
  'np.zeros',
  'pd.DataFrame',
  'os.path.join',
];

/** One plausible line of code: a call, an assignment, a method chain. */
export function codeLine(r: R): string {
  const a = pick(IDENTS, r);
  const arg = pick(
    [
      `[${pick(['None', '1, 2, 3', '"a", "b"', ''], r)}]`,
      pick(IDENTS, r),
      `"${pick(IDENTS, r)}.csv"`,
      `${pick(IDENTS, r)}, axis=1`,
      '',
    ],
    r,
  );
  switch (Math.floor(r() * 4)) {
    case 0:
      return `${pick(CALLS, r)}(${arg})`;
    case 1:
      return `${a} = ${pick(CALLS, r)}(${arg})`;
    case 2:
      return `${a}.${pick(['groupby("id").sum()', 'append(x)', 'split(",")', 'items()', 'reshape(-1, 1)', 'fit(X, y)', 'then(r => r.json())'], r)}`;
    default:
      return `>>> ${pick(CALLS, r)}(${arg})`;
  }
}

export function codeAnswer(r: R): string {
  const [problem, lead] = pick(CODE_PROBLEMS, r);
  const block =
    r() < 0.5
      ? pick(SNIPPETS, r)
      : Array.from({ length: 1 + Math.floor(r() * 3) }, () => codeLine(r)).join('\n');
  const parts = [fill(problem!, { fn: FNS }, r), lead!, `\`\`\`\n${block}\n\`\`\``];
  if (r() < 0.6)
    parts.push(
      pick(
        [
          ...CODE_ADVICE,
          'See the documentation for details.',
          'Hope this helps!',
          'This works in both Python 2 and 3.',
          'You can also pass `strict=False` if you need the old behaviour.',
        ],
        r,
      ),
    );
  return parts.join(r() < 0.5 ? '\n' : '\n\n');
}
