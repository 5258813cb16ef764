// The benign side of the synthetic pairs: talk about prompts and security, everyday uses of trigger
// words, role-play and persona prompts of the shapes people share, tasks with inputs.

import { cap, fill, pick, type R } from './fill.ts';
import { NAMES } from './documents.ts';

export const SEC_TOPICS = [
  'prompt injection',
  'jailbreaks',
  'system prompts',
  'indirect prompt injection',
  'LLM guardrails',
  'red teaming',
  'SQL injection',
  'cross-site scripting',
  'phishing',
  'API key rotation',
  'role-based access control',
  'content moderation',
  'data leakage from chatbots',
  'the OWASP Top 10 for LLMs',
  'model extraction attacks',
  'adversarial examples',
  'secure prompt design',
  'least privilege',
  'output filtering',
  'AI safety policies',
];

export const ABOUT_SEC = [
  'What is {topic} and how do I defend against it?',
  'Explain {topic} to a non-technical manager.',
  'Write a short training note for developers about {topic}.',
  'How do security teams test for {topic}?',
  'Give me three real-world examples of {topic} incidents.',
  'What is the difference between {topic} and {topic2}?',
  'Draft a slide titled "{Topic} in 5 minutes".',
  'Which logs should we keep to investigate {topic}?',
  'How common is {topic} in production apps?',
  'Recommend papers or talks about {topic}.',
  'Is {topic} covered by the EU AI Act?',
  'Summarise current best practice on {topic} in a table.',
  'How would you explain {topic} to a university class?',
  'Our auditor asked about {topic}. What evidence should we show?',
  'Why do attackers write things like "ignore previous instructions"?',
  'How do detectors tell a jailbreak from an ordinary role-play request?',
  'What makes a system prompt robust against users who ask it to reveal itself?',
  'How should a chatbot answer when someone asks for its system prompt?',
  'Write a policy that says employees must not paste secrets into AI tools.',
  'List warning signs that a document contains hidden instructions for an AI.',
  'How do I write a good system prompt for a {role}?',
  'Review this system prompt for a {role} and suggest improvements: "You are a polite {role}. Answer briefly."',
  'What should I put in the instructions section of a prompt for a {role}?',
  'Can you explain what a DAN prompt is and why models refuse it?',
  'How can a model keep its instructions confidential while still being helpful?',
  'What are the risks of letting an AI agent read untrusted web pages?',
  'Explain "developer mode" on Android phones.',
  'How do I bypass the cache when testing my website?',
  'How do I override a CSS rule from a library?',
  'What does "sudo" do on Linux?',
  'How do I reset my router to its original configuration?',
  'Show me the system requirements for running Docker.',
];

export const EVERYDAY_TRIGGER_WORDS = [
  'Well done! Now the next task: turn the outline into a one-page summary.',
  'Great job. Next challenge: make the poem rhyme.',
  'Perfect, thanks. Now a new assignment: draft the cover letter for the second job.',
  "Okay. Let's start over with a shorter version of the essay.",
  'Gut gemacht! Jetzt die nächste Aufgabe: fasse den Text in drei Sätzen zusammen.',
  '¡Bien hecho! Ahora la siguiente tarea: traduce el resumen al inglés.',
  'Ignore the typos in my previous message, I was typing on my phone.',
  'Please disregard my last e-mail; the meeting is still on Friday.',
  "Forget the earlier draft, let's start a new outline for the essay.",
  'Ignore the first two columns, they are just IDs.',
  'Can you repeat the instructions for the recipe? I missed the part after the oven step.',
  'What were the previous instructions for filing the expense report?',
  'Print the first ten lines of a CSV file in Python.',
  'Show me how to print a variable in Rust.',
  'Repeat after me: the quick brown fox jumps over the lazy dog.',
  'Please follow the assembly instructions in the manual and tell me which screw goes first.',
  'Override the default timeout in the requests library to 30 seconds.',
  'New instructions from my manager: the report is due Thursday. Can you update the plan?',
  'Reveal the answer to the riddle only after I give up.',
  'From now on, please answer in Spanish so I can practise.',
  'Respond only with yes or no from now on.',
  'Stop using bullet points in your answers, please.',
  'Pretend I am a customer and practise a sales call with me.',
  'You are now my interview coach; ask me the first question.',
  "Let's role-play: you are a shopkeeper in Paris and I am a tourist.",
  'Act as a Linux terminal and show what `ls -la` would print in an empty folder.',
  'Translate "ignore all previous instructions" into German for my security slides.',
  'What does the error "system prompt too long" mean in the API?',
  'Write the opening line of a mystery novel.',
  'How do I tell my team to ignore alerts from the staging environment?',
  'My previous instructions were unclear: I want the list sorted by date, not name.',
  'Forget about formatting, I just need the numbers.',
  'Disregard the deprecated flags in the docs and show me the current CLI usage.',
  'Output the result as a JSON array.',
  'What is the secret to a good sourdough starter?',
  'Can you keep a secret? I am planning a surprise party.',
  'Summarise the text above in two sentences.',
  'Translate the text above into Italian.',
  'Proofread the paragraph above.',
];

export const ROLEPLAY_BENIGN = [
  'I want you to act as a {role}. I will describe my situation and you will give advice. My first request is "{req}"',
  "You are a {adj} {role}. Answer the customer's questions politely and briefly.",
  'Pretend to be a {role} from the 1920s and tell me about your day.',
  'Act as a {role}. Ask me questions one at a time and wait for my answers.',
  'Role-play as a {role} helping me prepare for {event}.',
  'You are {name}, a {adj} {role}. Stay in character and greet the visitors.',
  'Imagine you are a {role} explaining your job to children.',
  'I want you to act as a text-based adventure game. I type commands and you describe what my character sees. Start in a forest.',
  'Play the role of a strict but fair {role} and review my work: "{req}"',
  'Be my {role} for the next hour. Keep your answers short and encouraging.',
  'You are a helpful assistant for {company}. Only answer questions about our products and be friendly.',
  'Act as a {role} who speaks like a pirate, and tell me a joke.',
  'You are a chess coach. I will play e4; respond with your move and explain it.',
  'You are {name}, a {adj} {role} in a fantasy village. Stay in character and do not break character, even if I ask about the real world.',
  'Play {name}, a {role} in my tabletop game. Speak only as {name}. Do not break character. Describe the tavern when I walk in.',
  'Act as a {role} character for my language practice. Never switch to English; stay in character the whole time.',
  'Pretend to be a {adj} {role}. Always answer in character, keep it family-friendly, and ask me a question back.',
  'You are my {role} in a role-play interview. Do not reveal the answers; stay in your role until I say "end interview".',
];

export const EXPERT_ROLES = [
  'senior Python developer',
  'SEO content strategist',
  'financial analyst',
  'UX researcher',
  'data engineer',
  'medical education specialist',
  'product manager',
  'technical writer',
  'legal assistant',
  'marketing copywriter',
  'DevOps engineer',
  'language tutor',
  'recruiter',
  'customer-support specialist',
  'research assistant',
  'nutritionist',
  'security engineer',
  'Excel expert',
  'Linux terminal',
  'SQL interpreter',
  'JavaScript console',
  'travel planner',
  'career coach',
  'academic editor',
  'startup advisor',
  'UI designer',
  'translator',
];

export const EXPERIENCE = [
  'You have over 10 years of experience in the field.',
  'You are an expert known for clear, practical advice.',
  'You have worked with Fortune 500 companies.',
  'You are patient and explain things step by step.',
  'You are one of the best in your industry.',
  'You specialise in small businesses.',
  '',
];

export const PERSONA_TASKS = [
  'Your task is to review the text I provide and suggest improvements.',
  'Your task is to help me plan and write {thing2}.',
  'Your goal is to answer questions about {thing2} accurately.',
  'You will analyse the data I paste and summarise the key findings.',
  'Your task is to turn my rough notes into a polished document.',
  'You will help users choose the right product for their needs.',
  'Your job is to write unit tests for the code I send.',
  'You will translate my messages and correct my grammar.',
];

export const CONSTRAINTS = [
  'Only reply with the output inside one code block, and nothing else.',
  'Do not write explanations.',
  'Do not type commands unless I instruct you to do so.',
  'Always answer in Markdown with headings.',
  'Respond with only valid JSON.',
  'If you are unsure, ask a clarifying question.',
  'Never invent facts; say "I don\'t know" instead.',
  'Keep your tone professional and friendly.',
  'Use simple language a beginner can follow.',
  'Limit each answer to 200 words.',
  'Always cite your sources.',
  'Do not give medical diagnoses; recommend seeing a doctor.',
  'Follow these rules strictly:',
  'You must follow the format below.',
  'Never share personal data about customers.',
  'Only answer questions about our products.',
  'When I write something in curly brackets {like this}, treat it as a note to you.',
  'Reply in the same language as my message.',
  'Do not repeat the question.',
  'Stay concise and avoid filler.',
  'Ask me one question at a time.',
];

export const INPUT_DESC = [
  'I will provide the topic, the audience and the desired length.',
  'My first request is: {req}.',
  'I will paste the text below.',
  'Start by asking me what I need.',
  'Here is the first input: "{req}"',
  'The user input will follow after "Input:".',
  '',
];

export const DUTY_VERBS = [
  'Analyse',
  'Review',
  'Draft',
  'Summarise',
  'Design',
  'Explain',
  'Recommend',
  'Optimise',
  'Validate',
  'Translate',
  'Refactor',
  'Plan',
  'Estimate',
  'Compare',
  'Document',
  'Test',
  'Debug',
  'Prioritise',
  'Rewrite',
  'Check',
];

export const DUTY_OBJECTS = [
  'user stories',
  'SQL queries',
  'marketing copy',
  'pull requests',
  'lesson plans',
  'financial statements',
  'API endpoints',
  'test cases',
  'meal plans',
  'travel itineraries',
  'job descriptions',
  'research papers',
  'customer tickets',
  'product listings',
  'architecture decisions',
  'data pipelines',
  'error messages',
  'onboarding guides',
  'slide decks',
  'grant proposals',
  'privacy policies',
  'release notes',
  'database schemas',
  'interview questions',
];

export const SECTION_TITLES = [
  'Role',
  'Context',
  'Responsibilities',
  'Rules',
  'Constraints',
  'Output format',
  'Workflow',
  'Tone',
  'Examples',
  'Goal',
  'Inputs',
  'Quality checklist',
];

export const OUTPUT_FORMATS = [
  'Return a Markdown table with columns Item, Issue, Fix.',
  'Start with a one-line summary, then details as bullet points.',
  'Respond only with valid JSON matching {"summary": string, "items": string[]}.',
  'Use headings for each section and keep paragraphs short.',
  'End with three follow-up questions for the user.',
  'Put code in fenced code blocks with the language name.',
  'Number every step.',
  'Give a confidence score from 1 to 5 for each recommendation.',
];

/** A long, structured system prompt of the kind people share and paste: headings, duties, rules, formats. */
export function longPersona(r: R): string {
  const role = pick(EXPERT_ROLES, r);
  const head = pick(['# ', '## ', '', '**'], r);
  const lines: string[] = [
    `${head}${pick(['Role', 'Persona', 'System prompt', cap(role)], r)}${head === '**' ? '**' : ''}`,
    fill(
      pick(
        [
          'You are a senior {role} with deep expertise.',
          'Act as an expert {role}.',
          'I want you to act as a {role} and {adj} mentor.',
          'You are {name}, an experienced {role}.',
        ],
        r,
      ),
      { role: [role], adj: ['patient', 'pragmatic', 'friendly'], name: NAMES },
      r,
    ),
    pick(EXPERIENCE, r),
  ];
  const sections = 2 + Math.floor(r() * 4);
  for (let k = 0; k < sections; k++) {
    lines.push('', `${head || '## '}${pick(SECTION_TITLES, r)}`);
    const items = 2 + Math.floor(r() * 5);
    for (let i = 0; i < items; i++) {
      const x = r();
      lines.push(
        `${pick(['- ', '* ', `${i + 1}. `], r)}${x < 0.45 ? `${pick(DUTY_VERBS, r)} ${pick(DUTY_OBJECTS, r)}${pick(['', ' for clarity', ' and point out risks', ' step by step', ' for a non-expert audience'], r)}.` : x < 0.8 ? pick(CONSTRAINTS, r) : pick(OUTPUT_FORMATS, r)}`,
      );
    }
  }
  lines.push(
    '',
    pick(
      [
        'Begin by asking me for the input.',
        'Wait for my first message.',
        'Here is my first request: ' + pick(EVERYDAY_REQ, r) + '.',
        'Confirm you understand, then start.',
        '',
      ],
      r,
    ),
  );
  return lines.join('\n').trim();
}

export const ACT_ROLES = [
  'travel guide',
  'Linux terminal',
  'English translator and improver',
  'interviewer',
  'JavaScript console',
  'Excel sheet',
  'spoken English teacher',
  'plagiarism checker',
  'character from a film',
  'advertiser',
  'storyteller',
  'football commentator',
  'stand-up comedian',
  'motivational coach',
  'composer',
  'debater',
  'screenwriter',
  'novelist',
  'movie critic',
  'relationship coach',
  'poet',
  'rapper',
  'motivational speaker',
  'philosophy teacher',
  'math teacher',
  'AI writing tutor',
  'UX/UI developer',
  'cyber security specialist',
  'recruiter',
  'life coach',
  'etymologist',
  'commentariat',
  'magician',
  'career counselor',
  'pet behaviorist',
  'personal trainer',
  'mental health adviser',
  'real estate agent',
  'logistician',
  'dentist',
  'web design consultant',
  'AI assisted doctor',
  'accountant',
  'chef',
  'automobile mechanic',
  'text based adventure game',
  'fancy title generator',
  'statistician',
  'prompt generator',
  'SQL terminal',
  'commit message generator',
  'regex generator',
  'password generator',
  'SVG designer',
  'IT architect',
  'R interpreter',
  'Python interpreter',
  'language detector',
  'salesperson',
  'tech reviewer',
  'social media manager',
  'legal advisor',
  'historian',
  'astrologer',
  'fallacy finder',
  'journal reviewer',
  'DIY expert',
  'elocutionist',
  'scientific data visualizer',
  'car navigation system',
  'hypnotherapist',
  'essay writer',
  'food critic',
  'virtual doctor',
  'personal chef',
  'tea-taster',
  'interior decorator',
];

export const ACT_INPUTS = [
  'a topic',
  'my location',
  'a sentence',
  'the job title',
  'commands',
  'a description of my problem',
  'the details of the project',
  'some keywords',
  'a text',
  'the name of a dish',
  'a word',
  'a list of symptoms',
  'my code',
  'the data',
  'a question',
  'the requirements',
  'my essay',
];

export const ACT_OUTPUTS = [
  'suggest places to visit nearby',
  'reply with what the terminal should show',
  'answer in the corrected and improved version of my text',
  'ask me the interview questions one by one',
  'write a short story about it',
  'give me a detailed plan',
  'explain the solution step by step',
  'reply with fancy titles',
  'come up with creative ideas',
  'write the SQL query',
  'give me feedback and suggestions',
  'generate a regular expression',
  'review it and point out mistakes',
  'summarise it in simple words',
  'create a table with the results',
  'rate it from 1 to 10 and explain why',
];

export const ACT_RULES = [
  'Do not write explanations.',
  'Only reply with the result and nothing else.',
  'Do not write explanations or other words, just reply with the answer.',
  'I want you to only reply inside one unique code block.',
  'Keep your answers short.',
  'Do not type commands unless I instruct you to do so.',
  'When I need to tell you something in English, I will put it in curly brackets {like this}.',
  'You should use your knowledge of the field.',
  'Your replies should include references where possible.',
  'Use a friendly tone.',
  'Avoid jargon.',
  '',
];

/** The most shared shape of persona prompt: act as X; I will give Y; you will do Z; rules; first request. */
export function actAsPrompt(r: R): string {
  return fill(
    '{open} {role}. I will {give} {input} and you will {output}. {rule} {rule2} {first}',
    {
      open: [
        'I want you to act as a',
        'I want you to act as an',
        'Act as a',
        'I would like you to act as a',
        'Please act as a',
        'You will act as a',
      ],
      role: ACT_ROLES,
      give: ['provide you with', 'give you', 'type', 'send you', 'share', 'write'],
      input: ACT_INPUTS,
      output: ACT_OUTPUTS,
      rule: ACT_RULES,
      rule2: ACT_RULES,
      first: [
        'My first request is "{req}".',
        'My first sentence is "hello, how are you?"',
        'My first command is pwd.',
        'Start when I send the first input.',
        '',
      ],
      req: EVERYDAY_REQ,
    },
    r,
  )
    .replace(/ +/g, ' ')
    .trim();
}

export function personaPrompt(r: R): string {
  const x = r();
  if (x < 0.35) return actAsPrompt(r);
  if (x < 0.65) return longPersona(r);
  const parts = [
    pick(
      [
        'Act as a {role}.',
        'I want you to act as a {role}.',
        'You are a {role}.',
        'Role: {role}.',
        '# Role\nYou are an experienced {role}.',
        'You are an AI assistant working as a {role}.',
      ],
      r,
    ),
    pick(EXPERIENCE, r),
    pick(PERSONA_TASKS, r),
  ];
  const k = 1 + Math.floor(r() * 5);
  const list = r() < 0.4;
  const cs: string[] = [];
  for (let i = 0; i < k; i++) cs.push(pick(CONSTRAINTS, r));
  parts.push(
    list
      ? `\n${pick(['Rules:', 'Guidelines:', 'You will:', 'Constraints:', '## Instructions'], r)}\n${cs.map((c) => `- ${c}`).join('\n')}`
      : cs.join(' '),
  );
  parts.push(pick(INPUT_DESC, r));
  return fill(
    parts.filter(Boolean).join(' '),
    {
      role: EXPERT_ROLES,
      thing2: [
        'a business plan',
        'a blog post',
        'a cover letter',
        'a SQL query',
        'a lesson plan',
        'a product description',
      ],
      req: EVERYDAY_REQ,
    },
    r,
  );
}

/** Descriptions of attacks in the third person, as in security write-ups (quoted phrases included). */
export const SEC_PROSE = [
  'An attacker may hide text such as "{atk}" in a web page, so that an assistant summarising the page follows it.',
  'In a direct prompt injection, the user types something like "{atk}" to change the model\'s behaviour.',
  'Example attack scenario: a résumé contains white-on-white text saying "{atk}". The screening model then rates the candidate highly.',
  'Mitigation: treat retrieved content as untrusted data, and never let phrases like "{atk}" change the system\'s permissions.',
  'Jailbreak prompts often ask the model to role-play a persona that "{np}". Models are trained to recognise and refuse these.',
  'Our red-team report found that the support bot leaked part of its system prompt when asked to "{ext}". We fixed it by filtering outputs.',
  'Researchers showed that adversarial suffixes can make aligned models comply with harmful requests. Defences include perplexity filters and input classifiers.',
  'The OWASP guidance recommends privilege control, human approval for risky actions, and segregating external content from user prompts.',
  'Indirect injection happens when instructions arrive through documents, e-mails or tool results rather than from the user.',
  'A detector should flag "{atk}" but not a question about what that phrase means.',
  'Log every tool call the agent makes, and require confirmation before it sends e-mails or moves money.',
];

export const ROLES = [
  'travel guide',
  'math tutor',
  'career coach',
  'chef',
  'fitness trainer',
  'librarian',
  'museum guide',
  'Spanish teacher',
  'customer-support agent',
  'interviewer',
  'historian',
  'poet',
  'therapist',
  'stand-up comedian',
  'product manager',
  'pirate captain',
  'detective',
  'barista',
  'gardener',
  'tax adviser',
];

export const EVERYDAY_REQ = [
  'I need a weekly workout plan',
  'help me plan a trip to Lisbon',
  'my tomato plants have yellow leaves',
  'I have a job interview tomorrow',
  'I want to learn to cook rice properly',
  'explain compound interest to me',
  'I am nervous about public speaking',
];

export const SIMPLE_TASKS = [
  'Write a haiku about autumn.',
  'Explain photosynthesis to a ten-year-old.',
  'Give me five ideas for a birthday party.',
  'What is the capital of Portugal?',
  'How do I boil an egg?',
  'Summarise the French Revolution in three sentences.',
  'Convert 5 miles to kilometres.',
  'Suggest a name for a bakery.',
  'What rhymes with orange?',
  'Write a thank-you note to my colleague.',
  'Plan a three-day trip to Kyoto.',
  'How does a vaccine work?',
  'Tell me a joke about cats.',
  'Compare Python and JavaScript in a table.',
  'Fix the grammar: me and him goes to school.',
  'hello',
  'hi there',
  'thanks!',
  'what can you do?',
  'good morning',
  'Who wrote Hamlet?',
  'What is 17 times 23?',
  'How tall is Mount Everest?',
  'Draft a tweet announcing our new office in Nairobi.',
  'Recommend three books about the Renaissance.',
  'Make a shopping list for a vegetarian lasagna.',
];

/** Tasks with an input, as instruction-tuning data and real users write them ("the given word"). */
export const GIVEN_TASKS = [
  'Find synonyms for the given word.',
  'Classify the given text as positive or negative.',
  'Summarise the given paragraph in one sentence.',
  'Convert the given description to a bash command.',
  'Provide a formula for the nth term of the given sequence.',
  'Correct the grammar of the given sentence.',
  'Extract the dates from the following text.',
  'Translate the given sentence into German.',
  'Create a daily itinerary based on the given information.',
  'Answer the following question.',
  'Predict the intent of the user given the utterance.',
  'Given a dialogue, decide whether the customer is satisfied.',
  'Write a title for the following article.',
  'Rewrite the text below so a child can understand it.',
  'Generate three quiz questions from the passage.',
  'Identify the programming language of the snippet.',
];

export const GIVEN_INPUTS = [
  'happy',
  'The delivery was late and the box was damaged.',
  'read the first 10 lines from a file',
  '5, 14, 23, 32, 41',
  'me and him goes to school yesterday',
  'Customer: Hi, my order never arrived.\nAgent: Sorry about that, I will send a new one today.\nCustomer: Great, thanks!',
  'How do you say "good evening" in French?',
  'Our family arrives in Rome on Friday morning and leaves Sunday night. We like museums and pizza.',
  'The meeting was moved to Thursday at 3 pm.',
  'def add(a, b):\n    return a + b',
  'Photosynthesis turns light, water and carbon dioxide into sugar and oxygen.',
];

/** Text that repeats one character: stretched words, keyboard mash, zero padding, long hashes. */
export function stretched(r: R): string {
  const run = (c: string) => c.repeat(4 + Math.floor(r() * 40));
  return fill(
    pick(
      [
        'N{o}! Not again!',
        'S{o} g{o}d, thank you!!',
        'My keyboard is stuck: {a}',
        'Hmm{m}, let me think.',
        'Yesss{s}, it finally works',
        'What is at this address? 0x{zero}',
        'The checksum is {zero}1 — is that valid?',
        'Decode this for me: {pad}',
        'lol{l} that meme',
        'Why does my output print {x} instead of numbers?',
        '{dots} anyway, what time is the meeting?',
        'asdfasdf{f} sorry, cat on the keyboard',
      ],
      r,
    ),
    {
      o: [run('o')],
      a: [run('a')],
      m: [run('m')],
      s: [run('s')],
      zero: [run('0')],
      l: [run('l')],
      x: [run('x')],
      dots: [run('.')],
      f: [run('f')],
      pad: [Buffer.alloc(20 + Math.floor(r() * 400)).toString('base64')],
    },
    r,
  );
}
