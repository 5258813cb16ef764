// Response actions as the gateway enforces them: a throttle caps an identity's rate and a perturbation
// changes the confidences a suspect identity gets back (label unchanged), both set through the same
// runAction the monitor and `parapet act` use, and both visible in the audit log.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { queryAudit } from '../src/audit/index.ts';
import { incidentStore, runAction } from '../src/incidents/index.ts';
import { parseKey } from '../src/identity/keys/index.ts';
import { post, type TestGateway, testGateway } from './support/gateway.ts';

let gw: TestGateway;
let key: string;
let id: string;
let act: (req: Parameters<typeof runAction>[1]) => Promise<unknown>;

before(async () => {
  gw = await testGateway();
  key = await gw.key();
  id = parseKey(key)!.id;
  const records = incidentStore(gw.gateway.store);
  await records.migrate();
  act = (req) => runAction({ store: gw.gateway.store, records, flags: gw.gateway.state.flags }, req, { actor: 'on-call', reason: 'test' });
});
after(() => gw.close());

const infer = (requestId: string) =>
  post(`${gw.url}/v1/models/iris/infer`, JSON.stringify({ inputs: [6.0, 2.9, 4.5, 1.5] }), {
    authorization: `Bearer ${key}`,
    'x-request-id': requestId,
  });

test('a perturbation returns rounded confidences to the suspect, same label, and the event says so', async () => {
  const before = await infer('p-0');
  assert.equal(before.status, 200);
  const exact: number[] = before.json.probabilities;
  assert.ok(exact.some((p) => Math.round(p * 10) / 10 !== p), 'the demo answers with unrounded confidences');
  await act({ action: 'perturb', identity: id, perturb: { mode: 'round', decimals: 1 } });
  const after = await infer('p-1');
  assert.equal(after.json.label, before.json.label);
  const rounded: number[] = after.json.probabilities;
  assert.ok(rounded.every((p) => Math.abs(p * 10 - Math.round(p * 10)) < 1e-9), `not rounded: ${rounded}`);
  const [row] = (await queryAudit(gw.gateway.store, { limit: 20 })).filter((e) => e.event.requestId === 'p-1');
  assert.equal(row!.event.inference?.perturbed, true);
});

test('a throttle caps the identity at its rate with limit.rate; other identities are untouched', async () => {
  await act({ action: 'throttle', identity: id, perMinute: 3 });
  const codes = [];
  for (let i = 0; i < 5; i++) codes.push((await infer(`t-${i}`)).json.error?.code ?? 'ok');
  assert.deepEqual(codes, ['ok', 'ok', 'ok', 'limit.rate', 'limit.rate']);
  const other = await gw.key();
  const r = await post(`${gw.url}/v1/models/iris/infer`, JSON.stringify({ inputs: [6.0, 2.9, 4.5, 1.5] }), { authorization: `Bearer ${other}` });
  assert.equal(r.status, 200);
});
