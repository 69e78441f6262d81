import { Liquid } from 'liquidjs';

type TagImplementation = Parameters<Liquid['registerTag']>[1];

/** Longest template source accepted (characters). */
export const MAX_TEMPLATE_LENGTH = 100_000;
/** Longest one render may take (ms): a loop over a huge array must not stall the worker. */
export const RENDER_TIME_LIMIT_MS = 200;
/** Bound on objects and strings created while rendering (liquidjs memory units). */
export const RENDER_MEMORY_LIMIT = 10_000_000;
/** Longest output accepted (characters). */
export const MAX_OUTPUT_LENGTH = 1_000_000;

// Templates live in node configs, never on disk: a template may not pull in another one.
const noInclude = (tag: string): TagImplementation => ({
  parse() {
    throw new Error(`{% ${tag} %} is not supported: put the whole message in this field`);
  },
  *render() {
    // Unreachable: parse always throws.
  },
});

function build(escape: boolean): Liquid {
  const engine = new Liquid({
    ownPropertyOnly: true,
    strictFilters: true,
    strictVariables: false,
    // An empty in-memory store: no lookup ever reaches the file system.
    templates: {},
    parseLimit: MAX_TEMPLATE_LENGTH,
    renderLimit: RENDER_TIME_LIMIT_MS,
    memoryLimit: RENDER_MEMORY_LIMIT,
    ...(escape ? { outputEscape: 'escape' as const } : {}),
  });
  for (const tag of ['include', 'render', 'layout']) engine.registerTag(tag, noInclude(tag));
  return engine;
}

/** Plain text (subjects, SMS, push, JSON bodies) and HTML (values escaped unless `| raw`). */
export const engines = { text: build(false), html: build(true) } as const;
