/** Attribute names the pipeline sets itself; a caller may not. */
export const reservedAttributePrefix = 'docsort.';

/** An upload's `metadata` form field, as parsed. */
export interface Metadata {
  tenant: string | null;
  attributes: Record<string, string>;
  correlationId?: string;
}

/**
 * The `metadata` form field: a JSON object with an optional tenant, correlationId and string attributes. Its
 * text, or the value already parsed (the multipart parser parses a part sent as `application/json`).
 */
export function parseMetadata(field: unknown): Metadata | string {
  let value: unknown = field;
  if (typeof field === 'string') {
    try {
      value = JSON.parse(field);
    } catch {
      return 'metadata must be a JSON object';
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'metadata must be a JSON object';
  const { tenant, attributes, correlationId } = value as Record<string, unknown>;
  if (tenant !== undefined && tenant !== null && typeof tenant !== 'string')
    return 'metadata.tenant must be a string';
  if (correlationId !== undefined && typeof correlationId !== 'string')
    return 'metadata.correlationId must be a string';
  const attrs: Record<string, string> = {};
  if (attributes !== undefined) {
    if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
      return 'metadata.attributes must be an object of strings';
    }
    for (const [k, v] of Object.entries(attributes)) {
      if (typeof v !== 'string') return `metadata.attributes.${k} must be a string`;
      // The pipeline's own attributes (an archive member's depth, …) come from trusted state only.
      if (k.startsWith(reservedAttributePrefix))
        return `metadata.attributes.${k}: names starting with "${reservedAttributePrefix}" are reserved`;
      attrs[k] = v;
    }
  }
  return {
    tenant: (tenant as string | undefined) ?? null,
    attributes: attrs,
    ...(correlationId ? { correlationId } : {}),
  };
}
