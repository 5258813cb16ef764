// The unicode guard: hidden and look-alike characters (tag characters, bidi controls, invisible
// fillers, zero-width joiners in words, mixed-script homoglyphs), and the source of derived
// segments — what base64, hex, URL escapes, rot13, leetspeak and tag characters hide.

import { z } from 'zod';
import type { DerivedSegment, Finding, GuardModule } from '../types.ts';
import { scanChars } from './chars.ts';
import { deriveSegments, type Encoding } from './decode.ts';

const encoding = z.enum(['base64', 'hex', 'url', 'rot13', 'leetspeak', 'tag_characters']);

const config = z
  .object({
    /** Finding types to switch off, e.g. `[mixed_script]`. */
    disable: z.array(z.string()).default([]),
    /** Decodings exposed to the other guards as derived segments. */
    decode: z.array(encoding).default(['base64', 'hex', 'url', 'rot13', 'leetspeak', 'tag_characters']),
    /** Shortest base64 / hex run worth decoding. */
    min_encoded_length: z.number().int().min(8).max(4096).default(16),
    /** Also report each decoded payload as an `encoded_<encoding>` finding. */
    flag_encoded: z.boolean().default(false),
    /** Cap on the characters of all derived segments of one request. */
    max_decoded_chars: z.number().int().positive().default(1_048_576),
  })
  .strict();

type Config = z.infer<typeof config>;

/** Greek and Cyrillic letters and the zero-width (non-)joiner: what a leetspeak copy can change. */
const LEET_SENSITIVE = /[\u0370-\u04ff\u200c\u200d]/;

/**
 * Would the characters of this derived copy give only the findings of the text it copies (which is
 * scanned too, and whose findings the runner keeps first)? A rot13 copy only swaps Latin letters for
 * Latin letters. A leetspeak copy turns digits and `@ $ ! |` into Latin letters, which is new only
 * beside a Greek or Cyrillic letter (a mixed-script word) or a zero-width joiner (now between two
 * letters). Skipping those copies spares a scan of up to the whole text.
 */
function sameFindings(text: string, encoding: string | undefined): boolean {
  return encoding === 'rot13' || (encoding === 'leetspeak' && !LEET_SENSITIVE.test(text));
}

const unicode: GuardModule<Config> = {
  manifest: {
    name: 'unicode',
    description:
      'Invisible, tag, bidi and look-alike characters; decodes hidden payloads for the other guards.',
    // On streams too: hidden characters are masked in the released text; decoding there sees the
    // encoded runs that fit in the window.
    stages: ['input', 'output', 'output_stream'],
    streamWindow: 256,
    findingTypes: [
      'tag_characters',
      'bidi_control',
      'invisible',
      'zero_width_joiner',
      'mixed_script',
      ...encoding.options.map((e) => `encoded_${e}`),
    ],
    config,
    defaultAction: 'mask',
    frameworks: { owasp: ['LLM01:2025'], atlas: ['AML.T0051'] },
  },
  create(cfg) {
    const disabled = new Set(cfg.disable);
    return ({ segments }) => {
      const out: Finding[] = [];
      segments.forEach((s, segment) => {
        const from = (s as Partial<DerivedSegment>).encoding;
        if (!sameFindings(s.text, from))
          for (const hit of scanChars(s.text)) {
            if (disabled.has(hit.type)) continue;
            out.push({
              segment,
              start: hit.start,
              end: hit.end,
              type: hit.type,
              score: 1,
              replacement: hit.replacement,
              reason: `chars: ${hit.type}`,
            });
          }
        if (cfg.flag_encoded && from)
          out.push({
            segment,
            start: 0,
            end: s.text.length,
            type: `encoded_${from}`,
            score: 0.5,
            reason: `decoded: ${from}`,
          });
      });
      return out;
    };
  },
  hooks(cfg) {
    const opts = {
      encodings: new Set<Encoding>(cfg.decode),
      minLength: cfg.min_encoded_length,
      maxChars: cfg.max_decoded_chars,
      depth: 2,
    };
    return { derive: (segments) => deriveSegments(segments, opts) };
  },
};

export default unicode;
