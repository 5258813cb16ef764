// The feature schema check for JSON models: an operator's JSON Schema compiled once by ajv, and its
// errors turned into `features[2]: must be <= 120` — the field and the rule, never the value.

import { Ajv, type ErrorObject } from 'ajv';

export type SchemaCheck = (body: unknown) => string | undefined;

/** Compiles `schema` (applied at JSON pointer `pointer` of the body); throws on an invalid schema. */
export function compileSchema(schema: Record<string, unknown>, pointer: string): SchemaCheck {
  const ajv = new Ajv({ allErrors: false, strict: true, validateFormats: false });
  let validate: ReturnType<typeof ajv.compile>;
  try {
    validate = ajv.compile(schema);
  } catch (err) {
    throw new Error(`invalid schema: ${(err as Error).message}`, { cause: err });
  }
  const keys = parsePointer(pointer);
  return (body) => {
    let node: unknown = body;
    for (const k of keys) {
      if (node === null || typeof node !== 'object' || !Object.hasOwn(node, k))
        return `${pathOf(keys, '')}: is required`;
      node = (node as Record<string, unknown>)[k];
    }
    if (validate(node)) return undefined;
    const e = validate.errors?.[0];
    return e ? describe(keys, e) : `${pathOf(keys, '')}: is invalid`;
  };
}

function parsePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** `features[2].age` from the pointer keys and an ajv instance path (`/2/age`). */
function pathOf(base: readonly string[], instancePath: string): string {
  const keys = [...base, ...parsePointer(instancePath)];
  let out = '';
  for (const k of keys) out += /^\d+$/.test(k) ? `[${k}]` : out ? `.${k}` : k;
  return out || 'body';
}

function describe(base: readonly string[], e: ErrorObject): string {
  const at = pathOf(base, e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `${at === 'body' ? '' : `${at}.`}${String(p.missingProperty)}: is required`;
    case 'additionalProperties':
      return `${at === 'body' ? '' : `${at}.`}${String(p.additionalProperty)}: is not allowed`;
    case 'enum':
      return `${at}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${at}: ${e.message ?? 'is invalid'}`;
  }
}
