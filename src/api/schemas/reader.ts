// Schemas of the reader's own lists: blocklist (src/search/blocklist-routes.tsx)
// and saved searches (src/search/saved-routes.tsx). All need a token or login session.
import { arrayOf, bool, component, csrfField, int, object, parameters, str, strings, withErrors, type ApiSchema } from '../schema-kit.ts';

const Blocklist = component('Blocklist', object({ tags: strings({ description: 'Blocked tag names' }), users: strings({ description: 'Blocked user logins' }) }));
const SavedSearch = component('SavedSearch', object({
  id: int(),
  name: str(),
  query: str({ description: 'The search parameters, as a query string for /api/v1/works or /works' }),
  feed_url: str({ description: 'Atom feed of the search (secret URL; read as a guest with your blocklist)' }),
  created_at: str({ format: 'date-time' }),
}));

export const getBlocklist: ApiSchema = {
  operationId: 'getBlocklist',
  summary: 'Your blocked tags and creators',
  tags: ['reader'],
  auth: 'required',
  replies: withErrors('required', { 200: { description: 'Your blocklist', schema: Blocklist } }),
};

export const changeBlocklist: ApiSchema = {
  operationId: 'changeBlocklist',
  summary: 'Block or unblock a tag or a creator',
  tags: ['reader'],
  auth: 'required',
  body: object({ tag: str(), user: str({ description: 'A login' }), remove: bool({ description: 'Unblock instead' }), _csrf: csrfField }, ['tag', 'user', 'remove', '_csrf']),
  replies: withErrors('required', { 200: { description: 'Your blocklist after the change', schema: Blocklist } }, [404]),
};

export const listSavedSearches: ApiSchema = {
  operationId: 'listSavedSearches',
  summary: 'Your saved searches',
  tags: ['reader'],
  auth: 'required',
  replies: withErrors('required', { 200: { description: 'Your saved searches', schema: object({ saved_searches: arrayOf(SavedSearch) }) } }),
};

export const saveSearch: ApiSchema = {
  operationId: 'saveSearch',
  summary: 'Save a search',
  tags: ['reader'],
  auth: 'required',
  body: object({ name: str({ minLength: 1, maxLength: 100 }), query: str({ description: 'Search parameters as a query string, e.g. tag=Fluff&complete=true' }), _csrf: csrfField }, ['_csrf']),
  replies: withErrors('required', { 201: { description: 'The saved search', schema: SavedSearch } }),
};

export const deleteSavedSearch: ApiSchema = {
  operationId: 'deleteSavedSearch',
  summary: 'Delete a saved search',
  tags: ['reader'],
  auth: 'required',
  params: parameters({ id: int({ minimum: 1, maximum: 2_147_483_647, examples: [1] }) }, ['id']),
  replies: withErrors('required', { 204: { description: 'Deleted' } }, [404]),
};
