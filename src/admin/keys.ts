// /admin/keys: list, create and revoke API keys over HTTP, for admins (`keys:manage`).

import { deny } from '../errors/index.ts';
import { createKey, createKeyInput, listKeys, revokeKey } from '../identity/keys/index.ts';
import type { Store } from '../store/index.ts';
import { type AdminRoute, json } from './index.ts';

export function keyRoutes(store: Store): AdminRoute[] {
  return [
    {
      method: 'GET',
      path: '/keys',
      action: 'keys:manage',
      resource: 'Keys',
      handle: async () => json(200, { data: await listKeys(store) }),
    },
    {
      method: 'POST',
      path: '/keys',
      action: 'keys:manage',
      resource: 'Keys',
      async handle({ body }) {
        const input = createKeyInput.safeParse(body);
        if (!input.success) {
          const issue = input.error.issues[0]!;
          return deny('admin.invalid', `${issue.path.join('.') || 'body'}: ${issue.message}`);
        }
        const made = await createKey(store, input.data);
        return json(201, made);
      },
    },
    {
      method: 'POST',
      path: '/keys/:id/revoke',
      action: 'keys:manage',
      resource: 'Keys',
      async handle({ params }) {
        if (!(await revokeKey(store, params.id!))) return deny('admin.invalid', `no key ${params.id}`);
        return json(200, { id: params.id, revoked: true });
      },
    },
  ];
}
