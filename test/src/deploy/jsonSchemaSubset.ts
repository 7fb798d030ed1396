/** A JSON Schema (draft 2019-09) as far as the subset below reads it. */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  patternProperties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  required?: string[];
  items?: Schema;
  uniqueItems?: boolean;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  definitions?: Record<string, Schema>;
}

const typeOf = (v: unknown): string =>
  v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v;

/**
 * Validates `value` against `schema` with the keywords the compose-spec schema uses — `$ref` to
 * `#/definitions/…`, `type`, `enum`, `properties`, `patternProperties`, `additionalProperties`,
 * `required`, `items`, `uniqueItems`, `oneOf`, `anyOf`, `allOf`, `minimum`, `maximum` — and returns
 * every violation as `path: why` (empty: valid). `format` and annotations are ignored, as the
 * specification allows.
 */
export function validateSchema(value: unknown, schema: Schema, root: Schema = schema, path = "$"): string[] {
  if (schema.$ref !== undefined) {
    const name = /^#\/definitions\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name === undefined ? undefined : root.definitions?.[name];
    if (target === undefined) return [`${path}: unresolvable $ref ${schema.$ref}`];
    return validateSchema(value, target, root, path);
  }
  const errors: string[] = [];
  const t = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((x) => x === t || (x === "number" && t === "integer")))
      return [`${path}: ${t} where ${types.join(" or ")} is expected`];
  }
  if (schema.enum !== undefined && !schema.enum.some((e) => e === value))
    errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum)
      errors.push(`${path}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum)
      errors.push(`${path}: above ${schema.maximum}`);
  }
  if (t === "object") {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (!(r in obj)) errors.push(`${path}: ${r} is required`);
    for (const [k, v] of Object.entries(obj)) {
      const at = `${path}.${k}`;
      const matched: Schema[] = [];
      if (schema.properties?.[k]) matched.push(schema.properties[k]);
      for (const [re, s] of Object.entries(schema.patternProperties ?? {}))
        if (new RegExp(re, "u").test(k)) matched.push(s);
      if (matched.length === 0) {
        if (schema.additionalProperties === false) errors.push(`${at}: not allowed here`);
        else if (typeof schema.additionalProperties === "object")
          errors.push(...validateSchema(v, schema.additionalProperties, root, at));
      }
      for (const s of matched) errors.push(...validateSchema(v, s, root, at));
    }
  }
  if (t === "array") {
    const arr = value as unknown[];
    if (schema.items)
      for (const [i, v] of arr.entries())
        errors.push(...validateSchema(v, schema.items, root, `${path}[${i}]`));
    if (schema.uniqueItems && new Set(arr.map((v) => JSON.stringify(v))).size !== arr.length)
      errors.push(`${path}: items are not unique`);
  }
  for (const s of schema.allOf ?? []) errors.push(...validateSchema(value, s, root, path));
  if (schema.anyOf && !schema.anyOf.some((s) => validateSchema(value, s, root, path).length === 0))
    errors.push(`${path}: matches none of anyOf`);
  if (schema.oneOf) {
    const passing = schema.oneOf.filter((s) => validateSchema(value, s, root, path).length === 0).length;
    if (passing !== 1) errors.push(`${path}: matches ${passing} of oneOf, not exactly one`);
  }
  return errors;
}
