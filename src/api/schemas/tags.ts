// Schemas of the tags API (src/tags/api.ts).
import { ACTIONS } from '../../tags/actions.ts';
import { TAG_NAME_MAX } from '../../tags/names.ts';
import { KIND_LABELS } from '../../tags/repository.ts';
import { arrayOf, bool, component, csrfField, int, nullable, object, parameters, str, strings, withErrors, type ApiSchema } from '../schema-kit.ts';

const KINDS = Object.keys(KIND_LABELS);
const kind = str({ enum: KINDS });
const TagSuggestion = component('TagSuggestion', object({ name: str(), kind, canonical: bool() }));
const TagDetails = component('TagDetails', object({
  name: str(),
  kind,
  canonical: bool(),
  canonical_name: nullable('string', { description: 'The canonical tag this one is filed under (itself when canonical); null when unwrangled' }),
  synonyms: strings(),
  meta: strings({ description: 'Meta tags directly above' }),
  sub: strings({ description: 'Sub tags directly below' }),
  parents: strings({ description: 'Fandoms of a character or relationship, media of a fandom' }),
  works: int({ minimum: 0, description: 'Works this viewer may see that filter under the tag' }),
}));

export const listTags: ApiSchema = {
  operationId: 'listTags',
  summary: 'Autocomplete tag names',
  description: 'Canonical tags first, then the rest, by name.',
  tags: ['tags'],
  auth: 'none',
  querystring: parameters({
    prefix: str({ maxLength: TAG_NAME_MAX, description: 'The start of the name (case-insensitive)', examples: ['Orig'] }),
    kind: str({ description: `One of ${KINDS.join(', ')} (a plural is accepted)`, examples: ['fandom'] }),
    fandom: strings({ description: 'Rank characters, relationships and tags of these fandoms first; repeat or separate with commas', examples: [['Original Work']] }),
    limit: int({ minimum: 1, description: 'At most this many (default 10, never more than 50)', examples: [10] }),
  }),
  replies: withErrors('none', { 200: { description: 'Suggestions', schema: object({ tags: arrayOf(TagSuggestion) }) } }),
};

export const getTag: ApiSchema = {
  operationId: 'getTag',
  summary: 'A tag: its kind, synonyms, meta and sub tags, parents and work count',
  tags: ['tags'],
  auth: 'optional',
  params: parameters({ name: str({ minLength: 1, maxLength: 1000, description: 'Tag name (URL-encoded)', examples: ['Original Work'] }) }, ['name']),
  replies: withErrors('optional', { 200: { description: 'The tag', schema: TagDetails } }, [404]),
};

export const wrangleTags: ApiSchema = {
  operationId: 'wrangleTags',
  summary: 'Wrangle tags (wranglers and admins)',
  description: 'Applies one action to every named tag in one transaction: all change or none.',
  tags: ['tags'],
  auth: 'required',
  body: object({
    // No enum or minItems here: parseWrangleRequest gives the messages wranglers know ("Choose at least one tag").
    action: str({ description: `One of ${ACTIONS.join(', ')}` }),
    tags: strings({ description: 'One to 1,000 tag names' }),
    target: str({ description: 'The other tag: the canonical to merge into, the meta tag, the parent fandom' }),
    kind: str({ description: 'With canonical: the kind to file an unwrangled tag as' }),
    _csrf: csrfField,
  }, ['target', 'kind', '_csrf']),
  replies: withErrors('required', {
    200: {
      description: 'What changed',
      schema: object({ changes: arrayOf(object({ tag: str(), action: str(), detail: str(), works_affected: int({ minimum: 0 }), job_id: nullable('integer', { description: 'A background re-filter job, when many works are affected' }) })) }),
    },
  }, [403, 404]),
};
