import { h, Fragment, raw, type Raw } from '../web/jsx.ts';
import { CsrfField, ErrorBox, Layout, type PageContext } from '../web/layout.tsx';
import { tagHref } from '../works/views/blurb.tsx';
import type { FilterJob } from '../db/schema.ts';
import { KIND_LABELS } from './repository.ts';
import type { TagCount, TagDetails, TagRef, UnwrangledTag } from './queries.ts';
import type { Change } from './wrangling.ts';

export const tagPageHref = (name: string): string => `/tags/${encodeURIComponent(name)}`;
const isWrangler = (page: PageContext) => page.user?.role === 'wrangler' || page.user?.role === 'admin';

function TagList({ title, tags }: { title: string; tags: TagRef[] }): Raw {
  if (tags.length === 0) return raw('');
  return (
    <section>
      <h2>{title}</h2>
      <ul class="commas">{tags.map((t) => <li><a class="tag" href={tagPageHref(t.name)}>{t.name}</a></li>)}</ul>
    </section>
  );
}

function CountList({ title, items }: { title: string; items: TagCount[] }): Raw {
  if (items.length === 0) return raw('');
  return (
    <section>
      <h2>{title}</h2>
      <ol class="tag-counts">{items.map((t) => <li><a class="tag" href={tagHref(t.name)}>{t.name}</a> <span class="count">({t.count.toLocaleString('en')})</span></li>)}</ol>
    </section>
  );
}

export function TagPage({ page, d, top }: { page: PageContext; d: TagDetails; top?: Record<string, TagCount[]> }): Raw {
  const status = d.mergerName ? `a synonym of ${d.mergerName}` : d.tag.canonical ? 'canonical' : 'not yet wrangled';
  return (
    <Layout page={page} title={d.tag.name}>
      <h1>{d.tag.name}</h1>
      <p class="tag-kind">{KIND_LABELS[d.tag.kind]} · {status}</p>
      {d.mergerName ? (
        <p class="notice">Works tagged "{d.tag.name}" are listed under <a href={tagPageHref(d.mergerName)}>{d.mergerName}</a>.</p>
      ) : null}
      <p><a href={tagHref(d.mergerName ?? d.tag.name)}>{d.works.toLocaleString('en')} {d.works === 1 ? 'work' : 'works'}</a></p>
      <TagList title="Meta tags" tags={d.meta} />
      <TagList title="Sub tags" tags={d.sub} />
      <TagList title="Synonyms" tags={d.synonyms} />
      <TagList title={d.tag.kind === 'fandom' ? 'Media' : 'Fandoms'} tags={d.parents} />
      {top ? (
        <>
          <CountList title="Top relationships" items={top.relationship ?? []} />
          <CountList title="Top characters" items={top.character ?? []} />
          <CountList title="Top additional tags" items={top.freeform ?? []} />
        </>
      ) : (
        <TagList title="Tags under this one" tags={d.children} />
      )}
      {isWrangler(page) ? <p><a class="button secondary" href={`${tagPageHref(d.tag.name)}/edit`}>Wrangle this tag</a></p> : null}
    </Layout>
  );
}

function ActionForm({ page, tag, action, label, children }: { page: PageContext; tag: string; action: string; label: string; children?: unknown }): Raw {
  return (
    <form method="post" action={`${tagPageHref(tag)}/wrangle`} class="wrangle-form">
      <CsrfField page={page} />
      <input type="hidden" name="action" value={action} />
      {children as Raw}
      <button type="submit">{label}</button>
    </form>
  );
}

export function TagEditPage({ page, d, error, changes }: { page: PageContext; d: TagDetails; error?: string; changes?: Change[] }): Raw {
  const name = d.tag.name;
  return (
    <Layout page={page} title={`Wrangle ${name}`}>
      <h1>Wrangle <a href={tagPageHref(name)}>{name}</a></h1>
      <p>{KIND_LABELS[d.tag.kind]} · {d.mergerName ? `synonym of ${d.mergerName}` : d.tag.canonical ? 'canonical' : 'unwrangled'}</p>
      <ErrorBox message={error} />
      <ChangeList changes={changes} />
      {!d.tag.canonical && !d.mergerName ? (
        <ActionForm page={page} tag={name} action="canonical" label="Make canonical">
          <label for="kind">Kind</label>
          <select id="kind" name="kind">
            {(['fandom', 'character', 'relationship', 'freeform'] as const).map((k) => <option value={k} selected={d.tag.kind === k}>{KIND_LABELS[k]}</option>)}
          </select>
        </ActionForm>
      ) : null}
      {d.mergerName ? (
        <ActionForm page={page} tag={name} action="unmerge" label={`Unmerge from ${d.mergerName}`} />
      ) : (
        <ActionForm page={page} tag={name} action="merge" label="Merge as a synonym">
          <label for="merge-into">Canonical tag to merge into</label>
          <input id="merge-into" name="target" required data-autocomplete={d.tag.kind} autocomplete="off" />
        </ActionForm>
      )}
      {d.tag.canonical ? (
        <>
          <ActionForm page={page} tag={name} action="add_meta" label="Add meta tag">
            <label for="meta">Meta tag (a broader canonical tag)</label>
            <input id="meta" name="target" required data-autocomplete={d.tag.kind} autocomplete="off" />
          </ActionForm>
          {d.meta.map((m) => <ActionForm page={page} tag={name} action="remove_meta" label={`Remove meta tag ${m.name}`}><input type="hidden" name="target" value={m.name} /></ActionForm>)}
        </>
      ) : null}
      {d.tag.kind !== 'rating' && d.tag.kind !== 'warning' && d.tag.kind !== 'category' && d.tag.kind !== 'media' ? (
        <>
          <ActionForm page={page} tag={name} action="add_parent" label={d.tag.kind === 'fandom' ? 'Add media' : 'Add parent fandom'}>
            <label for="parent">{d.tag.kind === 'fandom' ? 'Media' : 'Fandom'}</label>
            <input id="parent" name="target" required data-autocomplete={d.tag.kind === 'fandom' ? 'media' : 'fandom'} autocomplete="off" />
          </ActionForm>
          {d.parents.map((p) => <ActionForm page={page} tag={name} action="remove_parent" label={`Remove parent ${p.name}`}><input type="hidden" name="target" value={p.name} /></ActionForm>)}
        </>
      ) : null}
    </Layout>
  );
}

const worksCount = (n: number): string => `${n.toLocaleString('en')} ${n === 1 ? 'work' : 'works'}`;

export function ChangeList({ changes }: { changes?: Change[] }): Raw {
  if (!changes || changes.length === 0) return raw('');
  return (
    <div class="notice" role="status">
      <ul>
        {changes.map((c) => (
          <li>
            {c.tag}: {c.detail}
            {c.recompute ? (c.recompute.jobId ? ` (${worksCount(c.recompute.affected)} queued for re-filtering, job ${c.recompute.jobId})` : ` (${worksCount(c.recompute.affected)} re-filtered)`) : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function JobsTable({ jobs }: { jobs: FilterJob[] }): Raw {
  if (jobs.length === 0) return <p>No filter recomputes yet.</p>;
  return (
    <table class="jobs">
      <caption>Filter recomputes (newest first)</caption>
      <thead><tr><th scope="col">Job</th><th scope="col">Change</th><th scope="col">Status</th><th scope="col">Progress</th></tr></thead>
      <tbody>
        {jobs.map((j) => (
          <tr>
            <td>{j.id}</td>
            <td>{j.reason}</td>
            <td>{j.status}</td>
            <td><progress max={String(Math.max(1, j.total))} value={String(j.done)}>{j.done}/{j.total}</progress> {j.done.toLocaleString('en')} / {j.total.toLocaleString('en')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function WranglingHome({ page, mine, all, jobs, assignments }: { page: PageContext; mine: string[]; all: { name: string; uses: number }[]; jobs: FilterJob[]; assignments: { login: string; name: string }[] }): Raw {
  const link = (n: string) => <a href={`/wrangling/fandoms/${encodeURIComponent(n)}`}>{n}</a>;
  return (
    <Layout page={page} title="Tag wrangling">
      <h1>Tag wrangling</h1>
      <p><a href="/wrangling/audit">Audit log</a>{page.user?.role === 'admin' ? <> · <a href="/admin/wranglers">Assign wranglers</a></> : null}</p>
      <h2>Your fandoms</h2>
      {mine.length === 0 ? <p>No fandoms assigned to you yet.</p> : <ul>{mine.map((n) => <li>{link(n)}</li>)}</ul>}
      <h2>Progress</h2>
      <JobsTable jobs={jobs} />
      <h2>All fandoms</h2>
      <ul class="columns">{all.map((f) => <li>{link(f.name)} <span class="count">({f.uses.toLocaleString('en')})</span> {assignments.filter((a) => a.name === f.name).map((a) => a.login).join(', ')}</li>)}</ul>
    </Layout>
  );
}

export function FandomWranglingPage({ page, fandom, tags, error, changes }: { page: PageContext; fandom: string; tags: UnwrangledTag[]; error?: string; changes?: Change[] }): Raw {
  return (
    <Layout page={page} title={`Wrangle ${fandom}`}>
      <h1>Unwrangled tags in <a href={tagPageHref(fandom)}>{fandom}</a></h1>
      <ErrorBox message={error} />
      <ChangeList changes={changes} />
      {tags.length === 0 ? <p>Every tag used in this fandom is wrangled.</p> : (
        <form method="post" action="/wrangling/bulk" class="bulk">
          <CsrfField page={page} />
          <input type="hidden" name="fandom" value={fandom} />
          <table>
            <caption>Tick tags, choose an action, and apply it to all of them at once.</caption>
            <thead><tr><th scope="col">Select</th><th scope="col">Tag</th><th scope="col">Kind</th><th scope="col">Works</th></tr></thead>
            <tbody>
              {tags.map((t, i) => (
                <tr>
                  <td><input type="checkbox" name="tags" value={t.name} id={`t-${i}`} /></td>
                  <td><label for={`t-${i}`}>{t.name}</label> <a href={`${tagPageHref(t.name)}/edit`}>edit<span class="sr"> {t.name}</span></a></td>
                  <td>{KIND_LABELS[t.kind]}</td>
                  <td>{t.works}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <fieldset>
            <legend>Action</legend>
            <label class="choice"><input type="radio" name="action" value="canonical" checked /> Make canonical</label>
            <label class="choice"><input type="radio" name="action" value="parent" /> Put under this fandom</label>
            <label class="choice"><input type="radio" name="action" value="canonical_parent" /> Make canonical and put under this fandom</label>
            <label class="choice"><input type="radio" name="action" value="merge" /> Merge into the canonical tag below</label>
            <label for="bulk-target">Canonical tag (for merging)</label>
            <input id="bulk-target" name="target" data-autocomplete="" autocomplete="off" />
          </fieldset>
          <button type="submit">Apply to selected tags</button>
        </form>
      )}
    </Layout>
  );
}

export function AuditPage({ page, rows }: { page: PageContext; rows: { actor: string; action: string; tag_name: string; detail: string; created_at: string }[] }): Raw {
  return (
    <Layout page={page} title="Wrangling audit log">
      <h1>Wrangling audit log</h1>
      <table class="audit">
        <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Tag</th><th scope="col">Change</th></tr></thead>
        <tbody>{rows.map((r) => <tr><td>{r.created_at.replace('T', ' ').slice(0, 19)}</td><td>{r.actor}</td><td><a href={tagPageHref(r.tag_name)}>{r.tag_name}</a></td><td>{r.detail}</td></tr>)}</tbody>
      </table>
    </Layout>
  );
}

export function AssignPage({ page, assignments, error }: { page: PageContext; assignments: { login: string; name: string }[]; error?: string }): Raw {
  return (
    <Layout page={page} title="Assign wranglers">
      <h1>Assign wranglers to fandoms</h1>
      <ErrorBox message={error} />
      <form method="post" action="/admin/wranglers" class="stacked">
        <CsrfField page={page} />
        <label for="login">User name</label>
        <input id="login" name="login" required />
        <label for="fandom">Fandom</label>
        <input id="fandom" name="fandom" required data-autocomplete="fandom" autocomplete="off" />
        <button type="submit">Assign</button>
      </form>
      <table>
        <thead><tr><th scope="col">Wrangler</th><th scope="col">Fandom</th><th scope="col">Remove</th></tr></thead>
        <tbody>
          {assignments.map((a) => (
            <tr>
              <td>{a.login}</td>
              <td>{a.name}</td>
              <td>
                <form method="post" action="/admin/wranglers" class="inline">
                  <CsrfField page={page} />
                  <input type="hidden" name="login" value={a.login} />
                  <input type="hidden" name="fandom" value={a.name} />
                  <input type="hidden" name="remove" value="1" />
                  <button type="submit" class="secondary">Remove<span class="sr"> {a.login} from {a.name}</span></button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
