/**
 * Builds a URL path whose interpolated values are each percent-encoded as one path segment, so no
 * input can add a segment, a query or a fragment: resourcePath`/subscriptions/${sub}/resourceGroups/${rg}`.
 */
export function resourcePath(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce((path, part, index) => {
    if (index === 0) return part;
    const value = values[index - 1]!;
    if (value === '' || value === '.' || value === '..') throw new Error(`Invalid resource name segment ${JSON.stringify(value)}.`);
    return path + encodeURIComponent(value) + part;
  }, '');
}
