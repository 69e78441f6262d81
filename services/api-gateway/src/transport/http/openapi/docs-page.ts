/**
 * GET /docs: the OpenAPI document as one self-contained HTML page (no scripts, no external
 * assets: nothing outside this machine may be reachable). Rendered once at boot.
 */

type Json = Record<string, unknown>;

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** A string field of the document, escaped ('' when absent). */
const text = (value: unknown) =>
  escape(typeof value === 'string' || typeof value === 'number' ? String(value) : '');

function refName(value: unknown): string | undefined {
  const r = (value as Json | undefined)?.$ref;
  return typeof r === 'string' ? r.split('/').pop() : undefined;
}

function schemaLink(schema: unknown): string {
  const name = refName(schema);
  return name
    ? `<a href="#schema-${escape(name)}">${escape(name)}</a>`
    : `<code>${escape(JSON.stringify(schema))}</code>`;
}

/** The first example of a media type object, as a block ('' when it has none). */
function exampleBlock(media: Json | undefined): string {
  const first = Object.values((media?.examples as Json | undefined) ?? {})[0] as Json | undefined;
  if (!first) return '';
  const value = typeof first.value === 'string' ? first.value : JSON.stringify(first.value, null, 2);
  return `<details><summary>${text(first.summary) || 'Example'}</summary><pre>${escape(value)}</pre></details>`;
}

const firstMedia = (content: unknown) =>
  Object.values((content as Json | undefined) ?? {})[0] as Json | undefined;

function renderOperation(path: string, method: string, op: Json): string {
  const params = ((op.parameters as Json[] | undefined) ?? [])
    .map((p) => `<li><code>${text(p.name)}</code> (${text(p.in)}) ${text(p.description)}</li>`)
    .join('');
  const requestSchema = ((op.requestBody as Json | undefined)?.content as Json | undefined)?.[
    'application/json'
  ] as Json | undefined;
  const responses = Object.entries((op.responses as Json) ?? {})
    .map(([status, res]) => {
      const name = refName(res);
      const content = ((res as Json).content as Json | undefined)?.['application/json'] as Json | undefined;
      const what = name
        ? `see <a href="#response-${escape(name)}">${escape(name)}</a>`
        : content
          ? schemaLink(content.schema)
          : text((res as Json).description);
      return `<li><strong>${escape(status)}</strong> ${what}${exampleBlock(firstMedia((res as Json).content))}</li>`;
    })
    .join('');
  return `<section class="op" id="op-${text(op.operationId)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
<p>${text(op.summary)}</p>${op.description ? `<p class="desc">${text(op.description)}</p>` : ''}
${params ? `<p>Parameters:</p><ul>${params}</ul>` : ''}
${requestSchema ? `<p>Request body: ${schemaLink(requestSchema.schema)}</p>` : ''}${exampleBlock(
    Object.values(((op.requestBody as Json | undefined)?.content as Json | undefined) ?? {}).find(
      (m) => (m as Json).examples,
    ) as Json | undefined,
  )}
<p>Responses:</p><ul>${responses}</ul></section>`;
}

export function renderDocsPage(doc: Json): string {
  const info = doc.info as Json;
  const paths = doc.paths as Record<string, Json>;
  const components = doc.components as { schemas: Record<string, Json>; responses: Record<string, Json> };
  const operations = Object.entries(paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => renderOperation(path, m, item[m] as Json)),
  );
  const index = Object.entries(paths)
    .flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map(
        (m) =>
          `<li><a href="#op-${text((item[m] as Json).operationId)}">${m.toUpperCase()} ${escape(path)}</a></li>`,
      ),
    )
    .join('');
  const responses = Object.entries(components.responses)
    .map(
      ([name, r]) =>
        `<li id="response-${escape(name)}"><strong>${escape(name)}</strong>: ${text(r.description)}${exampleBlock(firstMedia(r.content))}</li>`,
    )
    .join('');
  const schemas = Object.entries(components.schemas)
    .map(
      ([name, s]) =>
        `<section id="schema-${escape(name)}"><h3>${escape(name)}</h3><pre>${escape(JSON.stringify(s, null, 2))}</pre></section>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${text(info.title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
code,pre{font-family:ui-monospace,monospace}pre{background:#f5f5f5;padding:.75rem;overflow:auto;font-size:.8rem}
.op{border-top:1px solid #ddd;padding:.5rem 0}.method{display:inline-block;min-width:3.5rem;padding:.1rem .3rem;color:#fff;border-radius:3px;font-size:.8rem;text-align:center}
.get{background:#2f7ed8}.post{background:#2e9e4f}.put{background:#c77c0e}.patch{background:#8a5ec4}.delete{background:#c0392b}.desc{color:#555}
</style></head><body>
<h1>${text(info.title)} <small>${text(info.version)}</small></h1>
<p>${text(info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${text(doc.openapi)}).</p>
<h2>Operations</h2><ul>${index}</ul>
${operations.join('\n')}
<h2>Error responses</h2><ul>${responses}</ul>
<h2>Schemas</h2>${schemas}
</body></html>`;
}
