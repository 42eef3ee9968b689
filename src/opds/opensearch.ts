// The OpenSearch 1.1 description that lets e-reader apps search the catalog: one URL template
// per answer format (OPDS 1.2 feed, OPDS 2.0 JSON, the HTML search page).
import { element } from '../feeds/xml.ts';
import { MEDIA } from './navigation.ts';
import type { Site } from './opds1.ts';

export function openSearchDescription(site: Site): string {
  // OpenSearch caps ShortName at 16 characters.
  const shortName = site.name.length > 16 ? site.name.slice(0, 16) : site.name;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">',
    element('ShortName', {}, shortName),
    element('Description', {}, `Search the works of ${site.name} by title, summary, tag or author`),
    element('InputEncoding', {}, 'UTF-8'),
    element('OutputEncoding', {}, 'UTF-8'),
    element('Url', { type: MEDIA.acquisition, template: `${site.url}/opds/search?q={searchTerms}` }),
    element('Url', { type: MEDIA.opds2, template: `${site.url}/opds/v2/search?q={searchTerms}` }),
    element('Url', { type: 'text/html', template: `${site.url}/works?q={searchTerms}` }),
    element('Query', { role: 'example', searchTerms: 'lighthouse' }),
    '</OpenSearchDescription>',
  ].join('\n');
}
