// The browsable API reference at /api: rendered on the server from the OpenAPI
// document itself, so it lists exactly what the document (and the validation) says.
import { h, Fragment, type Child, type Raw } from '../web/jsx.ts';
import { Layout, type PageContext } from '../web/layout.tsx';
import type { OpenApiDocument, Operation, Parameter } from './openapi.ts';
import type { JsonSchema } from './schema-kit.ts';

const refName = (s: JsonSchema): string | undefined => (typeof s.$ref === 'string' ? s.$ref.split('/').pop() : undefined);

function TypeOf({ schema }: { schema: JsonSchema }): Raw {
  const name = refName(schema);
  if (name) return <a href={`#schema-${name}`}>{name}</a>;
  if (Array.isArray(schema.enum)) {
    const values = schema.enum.map(String);
    return <>one of {values.map((v, i) => <>{i > 0 ? ', ' : ''}<code>{v === '' ? '""' : v}</code></>)}</>;
  }
  const types = ([] as unknown[]).concat(schema.type ?? 'any').map(String);
  const main = types.filter((t) => t !== 'null');
  const orNull = types.includes('null') ? ' or null' : '';
  if (main[0] === 'array') return <>list of <TypeOf schema={(schema.items ?? {}) as JsonSchema} />{orNull}</>;
  const format = typeof schema.format === 'string' ? ` (${schema.format})` : '';
  return <>{main.join(' or ')}{format}{orNull}</>;
}

function limits(schema: JsonSchema): string {
  const out: string[] = [];
  if (schema.minimum !== undefined) out.push(`≥ ${String(schema.minimum)}`);
  if (schema.maximum !== undefined) out.push(`≤ ${String(schema.maximum)}`);
  if (schema.maxLength !== undefined) out.push(`up to ${String(schema.maxLength)} characters`);
  if (schema.minItems !== undefined) out.push(`at least ${String(schema.minItems)}`);
  return out.join(', ');
}

const example = (schema: JsonSchema): string | undefined => (Array.isArray(schema.examples) && schema.examples.length > 0 ? JSON.stringify(schema.examples[0]) : undefined);

function Fields({ schema }: { schema: JsonSchema }): Raw {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as string[];
  return (
    <div class="table-scroll">
      <table>
        <thead><tr><th scope="col">field</th><th scope="col">type</th><th scope="col">notes</th></tr></thead>
        <tbody>
          {Object.entries(properties).map(([name, prop]) => (
            <tr>
              <td><code>{name}</code>{required.includes(name) ? '' : ' (optional)'}</td>
              <td><TypeOf schema={prop} /></td>
              <td>{[prop.description, limits(prop)].filter(Boolean).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Shape({ schema }: { schema: JsonSchema }): Raw {
  if (refName(schema) || schema.type !== 'object') return <p>Body: <TypeOf schema={schema} /></p>;
  return <Fields schema={schema} />;
}

function Parameters({ list }: { list: Parameter[] }): Raw {
  return (
    <div class="table-scroll">
      <table>
        <thead><tr><th scope="col">parameter</th><th scope="col">in</th><th scope="col">type</th><th scope="col">notes</th><th scope="col">example</th></tr></thead>
        <tbody>
          {list.map((p) => (
            <tr>
              <td><code>{p.name}</code>{p.required ? ' (required)' : ''}</td>
              <td>{p.in}</td>
              <td><TypeOf schema={p.schema} /></td>
              <td>{[p.description, limits(p.schema)].filter(Boolean).join('; ')}</td>
              <td>{example(p.schema) ? <code>{example(p.schema)}</code> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const AUTH: Record<string, string> = { required: 'Needs a token or login session.', optional: 'Works without credentials; a token or session may see more (restricted works, your own).' };
const authOf = (op: Operation): string => (!op.security ? '' : op.security.some((s) => Object.keys(s).length === 0) ? AUTH.optional! : AUTH.required!);

function OperationEntry({ method, path, op }: { method: string; path: string; op: Operation }): Raw {
  return (
    <section class="api-operation" id={op.operationId}>
      <h3><code>{method.toUpperCase()} {path}</code></h3>
      <p>{op.summary}. {op.description ?? ''} {authOf(op)}</p>
      {op.parameters?.length ? <Parameters list={op.parameters} /> : null}
      {op.requestBody?.content['application/json'] ? <><h4>Request body (JSON)</h4><Shape schema={op.requestBody.content['application/json'].schema} /></> : null}
      {op.requestBody && !op.requestBody.content['application/json'] ? <><h4>Request body</h4><p>{Object.keys(op.requestBody.content).join(', ')}</p></> : null}
      <h4>Responses</h4>
      <ul>
        {Object.entries(op.responses).map(([status, r]) => {
          const types = Object.keys(r.content ?? {});
          const json = r.content?.['application/json']?.schema;
          return (
            <li>
              <strong>{status}</strong> {r.description}
              {json ? <>: <TypeOf schema={json} /></> : types.length ? <>: {types.join(', ')}</> : null}
              {json && !refName(json) && json.type === 'object' ? <Fields schema={json} /> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function ApiReference({ page, doc }: { page: PageContext; doc: OpenApiDocument }): Raw {
  const byTag = (tag: string) => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).filter(([, op]) => op.tags.includes(tag)).map(([method, op]) => ({ method, path, op })));
  const sections: Child[] = doc.tags.map((t) => {
    const ops = byTag(t.name);
    if (ops.length === 0) return null;
    return (
      <section aria-labelledby={`tag-${t.name}`}>
        <h2 id={`tag-${t.name}`}>{t.description}</h2>
        {ops.map((o) => <OperationEntry method={o.method} path={o.path} op={o.op} />)}
      </section>
    );
  });
  return (
    <Layout page={page} title="API reference" description={`The ${page.siteName} JSON API`}>
      <div class="api-ref">
        <h1>API reference</h1>
        <p>{doc.info.description}</p>
        <p>Machine-readable: <a href="/api/v1/openapi.json">OpenAPI 3.1 document</a>. Tokens: <a href="/tokens">API tokens</a>.</p>
        <nav aria-label="Endpoints">
          <ul>
            {Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => <li><a href={`#${op.operationId}`}><code>{method.toUpperCase()} {path}</code></a> {op.summary}</li>))}
          </ul>
        </nav>
        {sections}
        <h2 id="schemas">Shapes</h2>
        {Object.entries(doc.components.schemas).map(([name, schema]) => (
          <section id={`schema-${name}`} class="api-schema">
            <h3>{name}</h3>
            {schema.description ? <p>{String(schema.description)}</p> : null}
            <Fields schema={schema} />
          </section>
        ))}
      </div>
    </Layout>
  );
}
