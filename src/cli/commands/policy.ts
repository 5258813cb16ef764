// `parapet policy check | templates | validate`: explain an authorisation decision, list the role
// templates, and validate operator policy files against Parapet's schema before deploying them.

import type { Command } from 'commander';
import { action, CliError } from '../fail.ts';

function parsePrincipal(spec: string) {
  const fields: Record<string, string> = {};
  for (const part of spec.split(/,(?=[a-z]+=)/)) {
    const eq = part.indexOf('=');
    if (eq < 1) throw new CliError(`--principal: expected key=value pairs, got "${part}"`, 2);
    fields[part.slice(0, eq)] = part.slice(eq + 1);
  }
  const list = (v: string | undefined) => (v ? v.split(/[+;|]|,(?![a-z]+=)/).filter(Boolean) : []);
  return {
    id: fields.id ?? 'cli',
    kind: fields.kind ?? 'api_key',
    roles: list(fields.roles ?? fields.role),
    models: fields.models ? list(fields.models) : ['*'],
    tenant: fields.tenant,
  };
}

export function register(program: Command): void {
  const policy = program.command('policy').description('Explain and validate authorisation policies (Cedar)');

  policy
    .command('check')
    .description('Explain a decision: ALLOW or DENY, and the policies that determined it')
    .requiredOption(
      '--principal <spec>',
      "e.g. 'id=alice,roles=app,models=gpt-4o-mini' (lists joined with +)",
    )
    .requiredOption(
      '--action <name>',
      'invoke, list_models, audit:read, keys:manage, registry:promote, respond …',
    )
    .requiredOption('--resource <type:id>', 'model:NAME, or audit:audit, keys:keys, registry:NAME …')
    .option('--risk-tier <tier>', 'for a model resource', 'low')
    .option(
      '--context <json>',
      'e.g. \'{"source":"10.1.2.3","alias":"production","now":"2026-11-24T22:00:00Z"}\'',
    )
    .option('--policies <file...>', 'operator policy files to add to the templates')
    .action(
      action(
        async (o: {
          principal: string;
          action: string;
          resource: string;
          riskTier: string;
          context?: string;
          policies?: string[];
        }) => {
          const { createAuthorizer } = await import('../../policy/index.ts');
          const colon = o.resource.indexOf(':');
          if (colon < 1) throw new CliError('--resource: expected type:id, e.g. model:gpt-4o-mini', 2);
          const rtype = o.resource.slice(0, colon).toLowerCase();
          const id = o.resource.slice(colon + 1);
          const type = rtype === 'model' ? 'Model' : rtype[0]!.toUpperCase() + rtype.slice(1);
          let ctx: Record<string, unknown> = {};
          if (o.context) {
            try {
              ctx = JSON.parse(o.context) as Record<string, unknown>;
            } catch (err) {
              throw new CliError(`--context: not valid JSON: ${(err as Error).message}`, 2);
            }
          }
          const authz = await createAuthorizer({ extraPolicyFiles: o.policies });
          if (!authz.ok) throw new CliError(authz.denial.message, 2);
          const d = authz.value.authorize({
            principal: parsePrincipal(o.principal),
            action: o.action,
            resource: {
              type,
              id,
              attrs: type === 'Model' ? { name: id, risk_tier: o.riskTier, tags: [] } : undefined,
            },
            context: {
              source: typeof ctx.source === 'string' ? ctx.source : '127.0.0.1',
              stream: ctx.stream === true,
              route: typeof ctx.route === 'string' ? ctx.route : '',
              alias: typeof ctx.alias === 'string' ? ctx.alias : undefined,
              now: typeof ctx.now === 'string' ? new Date(ctx.now) : undefined,
            },
          });
          const origin = new Map(authz.value.policies.map((p) => [p.id, p.origin]));
          process.stdout.write(`${d.allowed ? 'ALLOW' : 'DENY'}\n`);
          if (d.policies.length)
            for (const id of d.policies)
              process.stdout.write(`  determined by ${id} — ${origin.get(id) ?? ''}\n`);
          else if (!d.allowed) process.stdout.write('  no policy permits this (default deny)\n');
          for (const e of d.errors) process.stdout.write(`  error: ${e}\n`);
          if (!d.allowed) process.exitCode = 3;
        },
      ),
    );

  policy
    .command('templates')
    .description('List the shipped role templates')
    .option('--show', 'print each template’s Cedar text')
    .action(
      action(async (o: { show?: boolean }) => {
        const { templates } = await import('../../policy/index.ts');
        for (const t of templates())
          process.stdout.write(
            o.show ? `${t.text}\n` : `${t.name.padEnd(12)} ${t.description.replace(/^[a-z-]+ — /, '')}\n`,
          );
      }),
    );

  policy
    .command('validate')
    .argument('<files...>', 'Cedar policy files')
    .description('Parse and validate policy files against Parapet’s schema (with the templates)')
    .action(
      action(async (files: string[]) => {
        const { createAuthorizer } = await import('../../policy/index.ts');
        const r = await createAuthorizer({ extraPolicyFiles: files });
        if (!r.ok) throw new CliError(r.denial.message, 2);
        const mine = r.value.policies.filter((p) => p.id.startsWith('file:'));
        process.stdout.write(
          `ok — ${mine.length} polic${mine.length === 1 ? 'y' : 'ies'} in ${files.length} file(s) validate\n`,
        );
      }),
    );
}
