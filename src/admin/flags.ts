// /admin/flags: response actions an operator takes by hand — block an identity or a source address,
// disable a model or route — enforced by every gateway node within a second through shared state.

import { z } from 'zod';
import { deny } from '../errors/index.ts';
import type { State } from '../state/index.ts';
import { type AdminRoute, json } from './index.ts';

const flagInput = z
  .object({
    kind: z.enum(['identity', 'source', 'route', 'model']),
    id: z.string().min(1).max(256),
    ttlSeconds: z.number().int().positive().optional(),
    reason: z.string().max(500).default('operator action'),
  })
  .strict();

export function flagRoutes(state: State): AdminRoute[] {
  return [
    {
      method: 'GET',
      path: '/flags',
      action: 'respond',
      resource: 'Actions',
      handle: async () => json(200, { data: await state.flags.list() }),
    },
    {
      method: 'POST',
      path: '/flags',
      action: 'respond',
      resource: 'Actions',
      async handle({ body, ctx }) {
        const input = flagInput.safeParse(body);
        if (!input.success) {
          const issue = input.error.issues[0]!;
          return deny('admin.invalid', `${issue.path.join('.') || 'body'}: ${issue.message}`);
        }
        const { kind, id, ttlSeconds, reason } = input.data;
        await state.flags.set(kind, id, { ttlSeconds, reason: `${reason} (by ${ctx.identity!.id})` });
        return json(201, { kind, id, ttlSeconds, reason });
      },
    },
    {
      method: 'DELETE',
      path: '/flags/:kind/:id',
      action: 'respond',
      resource: 'Actions',
      async handle({ params }) {
        const kind = flagInput.shape.kind.safeParse(params.kind);
        if (!kind.success) return deny('admin.invalid', 'kind: expected identity, source, route or model');
        await state.flags.clear(kind.data, params.id!);
        return json(200, { kind: kind.data, id: params.id, cleared: true });
      },
    },
  ];
}
