import { h, Fragment, type Child, type Raw } from '../../web/jsx.ts';
import { Layout, type PageContext } from '../../web/layout.tsx';
import type { WorkList } from '../service.ts';
import type { WorkView } from '../present.ts';
import { Blurb, Pagination } from './blurb.tsx';

export function WorkListPage({ page, title, list, base, intro }: { page: PageContext; title: string; list: WorkList; base: string; intro?: Child }): Raw {
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      {intro}
      <p class="count" role="status">
        {list.total === 0 ? 'No works found.' : `${list.total.toLocaleString('en')} ${list.total === 1 ? 'work' : 'works'}`}
        {list.pages > 1 ? ` (page ${list.page} of ${list.pages})` : ''}
      </p>
      <WorkBlurbs works={list.works} />
      <Pagination page={list.page} pages={list.pages} base={base} />
    </Layout>
  );
}

export function WorkBlurbs({ works }: { works: (WorkView & { snippetHtml?: string })[] }): Raw {
  return <ol class="work-list">{works.map((w) => <Blurb work={w} />)}</ol>;
}
