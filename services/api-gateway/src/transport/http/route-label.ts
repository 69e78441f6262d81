/**
 * Route templates for metrics labels (`/v1/journeys/{id}`), matched from the raw path before
 * routing, so that requests refused by middleware (401, 400 on bad JSON) are labelled too and
 * unknown paths share one label instead of one series each.
 */
export function routeLabeller(templates: string[]): (path: string) => string {
  const matchers = templates.map((template) => ({
    template,
    regex: new RegExp(`^${template.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
    // Literal segments first: `/v1/events/batch` before a `/v1/events/{id}` would it exist.
    params: (template.match(/\{/g) ?? []).length,
  }));
  matchers.sort((a, b) => a.params - b.params);
  return (path: string) => matchers.find((m) => m.regex.test(path))?.template ?? 'unmatched';
}
