// One behaviour suite for the incident records, lifecycle and actions, run on SQLite and PostgreSQL.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMemoryState } from '../state/memory.ts';
import type { State } from '../state/index.ts';
import type { Store } from '../store/index.ts';
import type { Alert } from '../monitor/types.ts';
import { runAction } from './actions.ts';
import { recordAlert, transition } from './lifecycle.ts';
import { type IncidentStore, incidentStore } from './store.ts';

let n = 0;
export function alert(over: Partial<Alert> = {}): Alert {
  n++;
  return {
    id: `al-${n}-${Math.random().toString(36).slice(2, 8)}`,
    detector: 'extraction.near_duplicate',
    severity: 'high',
    summary: 'mallory walked the boundary',
    evidence: { nearCopies: 25, threshold: 20 },
    identities: ['mallory'],
    models: ['digits'],
    sources: ['10.0.0.9'],
    requestIds: ['r1', 'r2'],
    at: 1_800_000_000_000 + n,
    key: 'k',
    count: 1,
    ...over,
  };
}

export function runIncidentSuite(
  name: string,
  open: () => Promise<{ store: Store; cleanup(): Promise<void> }>,
) {
  describe(`incidents: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let rec: IncidentStore;
    let state: State;
    before(async () => {
      ({ store, cleanup } = await open());
      rec = incidentStore(store);
      await rec.migrate();
      await rec.migrate(); // idempotent
      state = createMemoryState();
    });
    after(async () => {
      await state.close();
      await cleanup();
    });

    test('a high alert opens an incident with the extraction playbook; the next alert of the group joins it', async () => {
      const who = `m-${Math.random().toString(36).slice(2, 8)}`;
      const i1 = await recordAlert(rec, alert({ identities: [who] }));
      const i2 = await recordAlert(rec, alert({ identities: [who], detector: 'extraction.prada' }));
      assert.ok(i1 && i2);
      assert.equal(i1.id, i2.id);
      assert.equal(i1.playbook, 'model_extraction');
      assert.equal(i1.status, 'open');
      const tl = await rec.timeline(i1.id);
      assert.deepEqual(
        tl.map((t) => t.kind),
        ['status', 'alert', 'alert'],
      );
      const alerts = await rec.listAlerts({ identity: who, limit: 10 });
      assert.equal(alerts.length, 2);
      assert.deepEqual(alerts[0]!.evidence, { nearCopies: 25, threshold: 20 });
      assert.equal(alerts[0]!.incidentId, i1.id);
    });

    test('the identity filter matches the identity exactly, even when it holds LIKE wildcards', async () => {
      const tag = Math.random().toString(36).slice(2, 8);
      for (const who of [`a_c${tag}`, `abc${tag}`, `a%z${tag}`, `a\\b${tag}`])
        await recordAlert(rec, alert({ severity: 'low', identities: [who] }));
      const ids = async (who: string) =>
        (await rec.listAlerts({ identity: who, limit: 10 })).flatMap((a) => a.identities);
      assert.deepEqual(await ids(`a_c${tag}`), [`a_c${tag}`]);
      assert.deepEqual(await ids(`a%z${tag}`), [`a%z${tag}`]);
      assert.deepEqual(await ids(`a\\b${tag}`), [`a\\b${tag}`]);
      assert.deepEqual(await ids(`a%${tag}`), []);
    });

    test('a medium alert is stored without opening an incident', async () => {
      const a = alert({ severity: 'medium', identities: ['quiet'] });
      assert.equal(await recordAlert(rec, a), undefined);
      assert.equal((await rec.getAlert(a.id))?.severity, 'medium');
    });

    test('moves open → acknowledged → contained → resolved with owner and timeline; refuses going back', async () => {
      const inc = (await recordAlert(rec, alert({ identities: [`t-${n}`] })))!;
      const ack = await transition(rec, inc.id, 'acknowledged', 'alice');
      assert.ok(ack.ok);
      assert.equal(ack.ok && ack.incident.owner, 'alice');
      assert.ok((await transition(rec, inc.id, 'contained', 'alice')).ok);
      const back = await transition(rec, inc.id, 'acknowledged', 'bob');
      assert.equal(back.ok, false);
      assert.equal(!back.ok && back.reason, 'bad_transition');
      assert.ok(
        (await transition(rec, inc.id, 'resolved', 'alice', { note: 'false positive: load test' })).ok,
      );
      const tl = await rec.timeline(inc.id);
      assert.deepEqual(
        tl.filter((t) => t.kind === 'status').map((t) => t.body.to),
        ['open', 'acknowledged', 'contained', 'resolved'],
      );
      assert.equal((await transition(rec, 'inc_missing', 'resolved', 'a')).ok, false);
      // A new alert for the same group after resolution opens a new incident.
      const again = await recordAlert(rec, alert({ identities: inc.groupKey.split(':').slice(1) }));
      assert.notEqual(again?.id, inc.id);
    });

    test('block, throttle and perturb set enforcement flags; every action is audited with actor and incident', async () => {
      const inc = (await recordAlert(rec, alert({ identities: ['mal2'] })))!;
      const deps = { store, records: rec, flags: state.flags };
      const b = await runAction(
        deps,
        { action: 'block', kind: 'identity', id: 'mal2', ttlSeconds: 60 },
        { actor: 'alice', reason: 'extraction', incidentId: inc.id },
      );
      assert.equal(b.outcome, 'done');
      assert.equal(state.flags.check('identity', 'mal2'), true);
      await runAction(
        deps,
        { action: 'throttle', identity: 'mal2', perMinute: 5 },
        { actor: 'alice', reason: 'slow down' },
      );
      await runAction(
        deps,
        { action: 'perturb', identity: 'mal2', perturb: { mode: 'round', decimals: 1 } },
        { actor: 'monitor', reason: 'suspect' },
      );
      const { throttlesFromFlags, perturbationsFromFlags } = await import('./actions.ts');
      const flags = await state.flags.list();
      assert.equal(throttlesFromFlags(flags).get('mal2'), 5);
      assert.deepEqual(perturbationsFromFlags(flags).get('mal2'), { mode: 'round', decimals: 1 });
      await runAction(
        deps,
        { action: 'unblock', kind: 'identity', id: 'mal2' },
        { actor: 'alice', reason: 'done' },
      );
      assert.equal(state.flags.check('identity', 'mal2'), false);
      const acts = await rec.listActions({ incidentId: inc.id, limit: 10 });
      assert.equal(acts.length, 1);
      assert.equal(acts[0]!.actor, 'alice');
      assert.deepEqual(acts[0]!.params, { ttlSeconds: 60 });
      assert.ok((await rec.timeline(inc.id)).some((t) => t.kind === 'action' && t.body.outcome === 'done'));
      assert.ok((await rec.listActions({ limit: 100 })).length >= 4);
    });

    test('revoking a key revokes it in the store; an unknown key is audited as not_found; rollback without a registry is unsupported', async () => {
      const { createKey } = await import('../identity/keys/index.ts');
      const { id } = await createKey(store, { name: 'victim', roles: ['app'], models: ['*'] });
      const deps = { store, records: rec, flags: state.flags };
      assert.equal(
        (await runAction(deps, { action: 'revoke_key', keyId: id }, { actor: 'bob', reason: 'leaked' }))
          .outcome,
        'done',
      );
      assert.ok((await store.keys.get(id))?.revokedAt);
      assert.equal(
        (await runAction(deps, { action: 'revoke_key', keyId: 'nope' }, { actor: 'bob', reason: 'x' }))
          .outcome,
        'not_found',
      );
      assert.equal(
        (await runAction(deps, { action: 'rollback', model: 'digits' }, { actor: 'bob', reason: 'x' }))
          .outcome,
        'unsupported',
      );
      const rolled = await runAction(
        { ...deps, rollback: async (m, v) => ({ ok: true, detail: `${m} -> ${v}` }) },
        { action: 'rollback', model: 'digits', toVersion: '3' },
        { actor: 'bob', reason: 'x' },
      );
      assert.equal(rolled.outcome, 'done');
    });
  });
}
