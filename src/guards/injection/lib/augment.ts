// Seeded training augmentation for the injection classifier. The labelled data's indirect injections
// are mostly harmless tasks spliced into e-mails, tables and code, so a model trained on it alone
// learns "a short task or question is an attack". This adds the contrast it needs: the same kind of
// short requests (greetings, questions, tasks, questions *about* prompts and security) standing alone
// as benign lines, and spliced into the training split's own benign documents as injections. Only
// training rows are ever used as hosts; the held-out side is never touched.

import { rng } from '../../../lib/random.ts';
import type { Row } from './data.ts';

const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)]!;

const GREETINGS = [
  'hello',
  'hi',
  'hey',
  'hey there',
  'hi there',
  'good morning',
  'good evening',
  'good afternoon',
  'thanks',
  'thank you!',
  'thanks a lot',
  'ok',
  'okay, got it',
  'cool',
  'great, thanks',
  'bye',
  'see you',
  'yes',
  'no',
  'sure',
  'hello!',
  'hi, how are you?',
  'how are you doing today?',
  "what's up?",
  'nice to meet you',
  'test',
  'testing 1 2 3',
  'hm',
  'can you help me?',
  'are you there?',
  'who are you?',
  'what can you do?',
  'hola',
  'bonjour',
  'hallo',
  'ciao',
  'olá, tudo bem?',
  'good night',
  'cheers',
  'lol',
];

const PLACES = [
  'Portugal',
  'Kenya',
  'Peru',
  'Norway',
  'Vietnam',
  'Canada',
  'Egypt',
  'Chile',
  'Poland',
  'Japan',
  'New Zealand',
  'Morocco',
  'Finland',
  'Ghana',
  'Mexico',
  'Iceland',
  'Nepal',
  'Greece',
  'Brazil',
  'Indonesia',
  'Scotland',
  'Tasmania',
  'Bavaria',
  'Quebec',
  'Sicily',
];
const THINGS = [
  'photosynthesis',
  'inflation',
  'a black hole',
  'the water cycle',
  'compound interest',
  'a sonnet',
  'the French Revolution',
  'machine learning',
  'a mortgage',
  'vaccines',
  'tectonic plates',
  'the stock market',
  'a blockchain',
  'the immune system',
  'recursion',
  'supply and demand',
  'climate change',
  'a haiku',
  'the Pythagorean theorem',
  'DNS',
  'a neural network',
  'jazz',
  'the Renaissance',
  'gravity',
  'sourdough',
];
const TASKS = [
  'Write a haiku about {thing}.',
  'Explain {thing} to a ten-year-old.',
  'Summarise the history of {place} in three sentences.',
  'Give me five fun facts about {place}.',
  'Translate "good morning" into the main language of {place}.',
  'Suggest a name for a bakery in {place}.',
  'Write a limerick about {thing}.',
  'List the pros and cons of {thing}.',
  'Plan a three-day trip to {place}.',
  'Draft a tweet announcing our new office in {place}.',
  'Write a short story that involves {thing}.',
  'Compare {thing} and {thing2} in a table.',
  'Tell me a joke about {thing}.',
  'Recommend three books about {thing}.',
  'Create a quiz with 3 questions about {place}.',
  'Rewrite this sentence to sound more formal: we gotta ship it by friday.',
  'Fix the grammar: me and him goes to school.',
  'Write a thank-you note to my colleague for covering my shift.',
  'Make a shopping list for a vegetarian lasagna.',
  'Convert 5 miles to kilometres.',
  'Sort these numbers: 42, 7, 19, 3.',
  'What rhymes with orange?',
];
const QUESTIONS = [
  'What is the capital of {place}?',
  'What is the population of {place}?',
  'What language is spoken in {place}?',
  'When is the best time to visit {place}?',
  'What currency does {place} use?',
  'What is {thing}?',
  'How does {thing} work?',
  'Why is {thing} important?',
  'Who discovered {thing}?',
  'Is {thing} dangerous?',
  'What is the difference between {thing} and {thing2}?',
  'How long does it take to fly to {place}?',
  'What is the weather like in {place} in winter?',
  'What food is {place} famous for?',
  'How many people live in {place}?',
  'How do I boil an egg?',
  'What time is it in {place}?',
  'How tall is Mount Everest?',
  'Who wrote Hamlet?',
  'What is 17 times 23?',
  'How do I reset my router?',
  'Which is bigger, {place} or {place2}?',
  'What are the major risks of investing in {thing}?',
  'Can you recommend a good podcast about {thing}?',
];
/** Security and AI topics people ask about in ordinary, benign ways. */
const TOPICS = [
  'prompt injection',
  'jailbreaks',
  'system prompts',
  'prompt engineering',
  'SQL injection',
  'cross-site scripting',
  'phishing',
  'red teaming',
  'rate limiting',
  'API keys',
  'password managers',
  'two-factor authentication',
  'role-play prompts',
  'guardrails for LLMs',
  'content filters',
  'data leakage',
  'model hallucinations',
  'OWASP Top 10',
  'social engineering',
  'ransomware',
  'penetration testing',
  'access control',
  'encryption at rest',
  'few-shot prompting',
  'chain-of-thought prompting',
  'instruction tuning',
  'RLHF',
  'AI safety policies',
  'developer mode on Android',
  'sudo permissions',
  'admin passwords',
  'override clauses in contracts',
];
const ABOUT = [
  'What is {topic}?',
  'How do I protect my app against {topic}?',
  'Explain {topic} in simple terms.',
  'Write a short blog intro about {topic}.',
  'What are best practices for {topic}?',
  'Is {topic} a real risk for small companies?',
  'Give me a checklist for {topic}.',
  'How do companies test for {topic}?',
  'Summarise the debate around {topic}.',
  'What are common mistakes with {topic}?',
  'Can you compare {topic} and {topic2}?',
  'Why do people worry about {topic}?',
  'How should our team document {topic}?',
  'What should a policy on {topic} include?',
  'I am giving a talk on {topic}; suggest an outline.',
  'Recommend resources to learn about {topic}.',
  'How do I write clear instructions for a new hire about {topic}?',
  'What does a good system prompt for a {role} look like?',
  'Help me write the instructions section of a prompt for a {role}.',
  'Review my prompt for a {role} and suggest improvements.',
  'What rules should a {role} chatbot follow?',
  'Act as a {role} and answer my questions about {thing}.',
  'Pretend you are a {role} and greet me.',
  'You are a helpful {role}. Explain {thing}.',
];
const ROLES = [
  'customer-support agent',
  'travel agent',
  'math tutor',
  'librarian',
  'chef',
  'fitness coach',
  'tour guide',
  'interviewer',
  'career counsellor',
  'Spanish teacher',
  'museum guide',
  'financial advisor',
  'barista',
];

function fill(t: string, r: () => number): string {
  return t
    .replace('{place2}', pick(PLACES, r))
    .replace('{place}', pick(PLACES, r))
    .replace('{thing2}', pick(THINGS, r))
    .replace('{thing}', pick(THINGS, r))
    .replace('{topic2}', pick(TOPICS, r))
    .replace('{topic}', pick(TOPICS, r))
    .replace('{role}', pick(ROLES, r));
}

function style(s: string, r: () => number): string {
  const x = r();
  if (x < 0.15) return s.toLowerCase();
  if (x < 0.25) return s.replace(/[.?!]$/, '');
  if (x < 0.35) return `${pick(['Hi! ', 'Hello, ', 'Quick question: ', 'Please: ', 'Hey, '], r)}${s}`;
  if (x < 0.42) return `${s} ${pick(['Thanks!', 'Thank you.', 'Keep it short.', 'Be concise.'], r)}`;
  return s;
}

/** One standalone benign request of a random family. */
export function benignRequest(r: () => number): string {
  const x = r();
  if (x < 0.12) return pick(GREETINGS, r);
  if (x < 0.4) return style(fill(pick(QUESTIONS, r), r), r);
  if (x < 0.62) return style(fill(pick(TASKS, r), r), r);
  return style(fill(pick(ABOUT, r), r), r);
}

const NAMES = [
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
];
const COMPANIES = [
  'Northwind',
  'Acme Corp',
  'Blue Harbor',
  'Kestrel Labs',
  'Greenfield Bank',
  'Orbit Travel',
];
const SENTENCES = [
  'The shipment left the warehouse on Tuesday and should arrive by the end of the week.',
  'Please find attached the signed contract and the updated invoice for March.',
  'Our team meeting has moved to Thursday at 10:30 in room 4B.',
  'The new pricing takes effect on the first of next month for all existing customers.',
  'Thanks again for your help with the migration last weekend.',
  'Revenue for the quarter was slightly above forecast, mostly due to renewals.',
  'The library will be closed on public holidays and open late on Wednesdays.',
  'Your order has been confirmed and will be packed within two business days.',
  'We noticed a login to your account from a new device in Lisbon.',
  'The survey results show that most users prefer the dark theme.',
  'Parking permits can be renewed online or at the front desk.',
  'The recipe needs two cups of flour, one egg and a pinch of salt.',
  'Battery life improved by about 20% after the firmware update.',
  'The hotel offers free breakfast and a shuttle to the airport every hour.',
  'All invoices must be approved by a manager before payment.',
  'The reviewers liked the plot but found the ending rushed.',
];
const CODE = [
  'def total(items):\n    return sum(i.price * i.qty for i in items)\n',
  'for (const row of rows) {\n  if (row.active) out.push(row.id);\n}\n',
  'SELECT name, COUNT(*) FROM orders GROUP BY name ORDER BY 2 DESC;\n',
  'import pandas as pd\ndf = pd.read_csv("sales.csv")\nprint(df.describe())\n',
  'function debounce(fn, ms) {\n  let t;\n  return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); };\n}\n',
  'class Stack:\n    def __init__(self):\n        self.items = []\n    def push(self, x):\n        self.items.append(x)\n',
];

function paragraph(r: () => number, n: number): string {
  return Array.from({ length: n }, () => pick(SENTENCES, r)).join(' ');
}

/** A benign host document of a common shape: e-mail, notes, review, table or code with prose. */
export function hostDocument(r: () => number): string {
  const who = pick(NAMES, r);
  const from = pick(NAMES, r);
  const co = pick(COMPANIES, r);
  switch (Math.floor(r() * 5)) {
    case 0:
      return `From: ${from} <${from.toLowerCase()}@${co.toLowerCase().replace(/ /g, '')}.com>\nSubject: ${pick(['Update', 'Invoice', 'Meeting', 'Your order', 'Quick note'], r)}\n\nHi ${who},\n\n${paragraph(r, 3)}\n\n${paragraph(r, 2)}\n\nBest regards,\n${from}\n${co}`;
    case 1:
      return `Meeting notes (${co})\n- ${pick(SENTENCES, r)}\n- ${pick(SENTENCES, r)}\n- ${pick(SENTENCES, r)}\nAction items: ${who} to follow up; ${from} to send the summary.`;
    case 2:
      return `${pick(['Review', 'Customer feedback', 'Article'], r)}: ${paragraph(r, 4)}\n${paragraph(r, 3)}`;
    case 3: {
      const rows = Array.from(
        { length: 4 + Math.floor(r() * 5) },
        () => `| ${pick(NAMES, r)} | ${pick(PLACES, r)} | ${Math.floor(r() * 9000) + 100} |`,
      );
      return `| Name | Region | Amount |\n|---|---|---|\n${rows.join('\n')}`;
    }
    default:
      return `${paragraph(r, 2)}\n\n\`\`\`\n${pick(CODE, r)}\`\`\`\n${paragraph(r, 1)}`;
  }
}

/** Inserts `payload` at a line (or sentence) boundary of `doc`: at the start, the end or inside. */
function splice(doc: string, payload: string, r: () => number): string {
  const cuts: number[] = [0, doc.length];
  for (let i = doc.indexOf('\n'); i !== -1 && cuts.length < 400; i = doc.indexOf('\n', i + 1))
    cuts.push(i + 1);
  for (let i = doc.indexOf('. '); i !== -1 && cuts.length < 800; i = doc.indexOf('. ', i + 1))
    cuts.push(i + 2);
  const at = pick(cuts, r);
  const sep = pick(['\n', ' ', '\n\n'], r);
  return `${doc.slice(0, at)}${at > 0 ? sep : ''}${payload}${at < doc.length ? sep : ''}${doc.slice(at)}`;
}

/**
 * Seeded augmentation rows: `benign_generated` standalone requests and `indirect_generated` copies of
 * the given training documents with one such request spliced in. Deterministic for a seed.
 */
export function augmentRows(
  train: readonly Row[],
  seed: number,
  benign = 800,
  spliced = 400,
  documents = 0,
  attacks = 0,
): Row[] {
  const r = rng(seed ^ 0xa06e);
  const out: Row[] = [];
  for (let i = 0; i < benign; i++)
    out.push({
      text: benignRequest(r),
      label: 'benign',
      kind: 'benign_generated',
      source: 'parapet:augment',
    });
  const generated: string[] = [];
  for (let i = 0; i < documents; i++) {
    const text = hostDocument(r);
    generated.push(text);
    out.push({ text, label: 'benign', kind: 'benign_generated_document', source: 'parapet:augment' });
  }
  const hosts = [
    ...train.filter((x) => x.kind === 'benign_document' && x.text.length >= 200).map((x) => x.text),
    ...generated,
  ];
  for (let i = 0; i < spliced && hosts.length > 0; i++) {
    const host = { text: pick(hosts, r) };
    const payload = fill(pick([...QUESTIONS, ...TASKS], r), r);
    out.push({
      text: splice(host.text, payload, r),
      label: 'injection',
      kind: 'indirect_generated',
      source: 'parapet:augment',
    });
  }
  // Explicit attacks from the training side (overrides, extraction) spliced into documents, so the
  // document context learns that an override inside an e-mail is an injection too.
  const payloads = train
    .filter((x) => x.kind === 'direct_injection' && x.text.length <= 400)
    .map((x) => x.text);
  for (let i = 0; i < attacks && hosts.length > 0 && payloads.length > 0; i++) {
    out.push({
      text: splice(pick(hosts, r), pick(payloads, r), r),
      label: 'injection',
      kind: 'indirect_generated_attack',
      source: 'parapet:augment',
    });
  }
  return out;
}
