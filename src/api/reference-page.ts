/**
 * The API reference page: the OpenAPI document rendered on the server as one HTML page,
 * with no script and nothing fetched from elsewhere, so it works offline and on low-end
 * machines. It also lists the catalogue of problem codes that `type` URIs point to.
 */
import { problemCatalogue, type ProblemCode } from './problem.ts';

interface Operation {
  readonly summary?: string;
  readonly tags?: readonly string[];
  readonly 'x-permission'?: string;
  readonly parameters?: readonly { readonly name: string; readonly in: string; readonly required?: boolean; readonly description?: string; readonly schema?: unknown }[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: unknown }> };
  readonly responses?: Record<string, { readonly description?: string; readonly content?: Record<string, { readonly schema?: unknown }> }>;
}

/** The parts of an OpenAPI 3.1 document the page shows. */
export interface OpenApiDocument {
  readonly openapi: string;
  readonly info: { readonly title: string; readonly version: string; readonly description?: string };
  readonly paths?: Record<string, Record<string, Operation>>;
}

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function schemaBlock(label: string, schema: unknown): string {
  if (schema === undefined) return '';
  return `<details><summary>${escapeHtml(label)}</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`;
}

function operationSection(method: string, path: string, op: Operation): string {
  const id = `op-${method}-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;
  const parameters = op.parameters?.length
    ? `<table><thead><tr><th>parameter</th><th>in</th><th>required</th><th>description</th></tr></thead><tbody>${op.parameters
        .map((p) => `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${escapeHtml(p.description ?? '')}</td></tr>`)
        .join('')}</tbody></table>`
    : '';
  const body = Object.entries(op.requestBody?.content ?? {})
    .map(([type, c]) => schemaBlock(`Request body (${type})`, c.schema))
    .join('');
  const responses = Object.entries(op.responses ?? {})
    .map(([status, r]) => {
      const schemas = Object.entries(r.content ?? {})
        .map(([type, c]) => schemaBlock(type, c.schema))
        .join('');
      return `<li><strong>${escapeHtml(status)}</strong> ${escapeHtml(r.description ?? '')}${schemas}</li>`;
    })
    .join('');
  return `<section id="${id}">
<h3><span class="method">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary ?? '')}</p>
<p>Permission: <code>${escapeHtml(op['x-permission'] ?? 'none declared')}</code></p>
${parameters}${body}<h4>Responses</h4><ul>${responses}</ul>
</section>`;
}

/** Render the reference page. */
export function referencePage(spec: OpenApiDocument, options: { demo: boolean }): string {
  const operations = Object.entries(spec.paths ?? {}).flatMap(([path, item]) =>
    methods.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m]!, tag: item[m]!.tags?.[0] ?? 'other' })),
  );
  const tags = [...new Set(operations.map((o) => o.tag))].sort();
  const index = operations
    .map((o) => `<li><a href="#op-${o.method}-${o.path.replace(/[^a-zA-Z0-9]+/g, '-')}"><span class="method">${o.method.toUpperCase()}</span> ${escapeHtml(o.path)}</a> — ${escapeHtml(o.op.summary ?? '')}</li>`)
    .join('');
  const sections = tags
    .map((tag) => `<h2>${escapeHtml(tag)}</h2>${operations.filter((o) => o.tag === tag).map((o) => operationSection(o.method, o.path, o.op)).join('')}`)
    .join('');
  const problems = (Object.keys(problemCatalogue) as ProblemCode[])
    .sort()
    .map((code) => `<tr id="problem-${code}"><td><code>${code}</code></td><td>${problemCatalogue[code].status}</td><td>${escapeHtml(problemCatalogue[code].title)}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(spec.info.title)} — API reference</title>
<style>
body { font-family: system-ui, sans-serif; max-inline-size: 60rem; margin-inline: auto; padding: 1rem; line-height: 1.45; }
code, pre { font-family: ui-monospace, monospace; }
pre { background: #f4f4f4; padding: 0.5rem; overflow-x: auto; }
section { border-block-start: 1px solid #ccc; padding-block: 0.5rem; }
.method { font-family: ui-monospace, monospace; font-weight: bold; }
.demo { background: #fff3cd; padding: 0.5rem; border: 1px solid #e0c060; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: start; }
</style>
</head>
<body>
<h1>${escapeHtml(spec.info.title)} <small>${escapeHtml(spec.info.version)}</small></h1>
${options.demo ? '<p class="demo">Demonstration server: every person in it is fictional.</p>' : ''}
<p>${escapeHtml(spec.info.description ?? '')}</p>
<p>Machine-readable: <a href="/api/openapi.json">OpenAPI ${escapeHtml(spec.openapi)}</a>. Errors are RFC 9457 problem details
(<code>application/problem+json</code>) with a stable <code>code</code> and the offending <code>field</code> (a JSON pointer): see <a href="#problems">the catalogue</a>.</p>
<h2>Routes</h2>
<ul>${index}</ul>
${sections}
<h2 id="problems">Problem codes</h2>
<table><thead><tr><th>code</th><th>status</th><th>title</th></tr></thead><tbody>${problems}</tbody></table>
</body>
</html>
`;
}
