// Schemas of the users API (src/accounts/api.ts).
import { arrayOf, bool, component, int, object, parameters, str, withErrors, type ApiSchema } from '../schema-kit.ts';
import { WorkPage } from './works.ts';
import { userWorksQuery } from './search.ts';

const Pseud = component('Pseud', object({
  name: str(),
  description: str(),
  default: bool({ description: "The user's default pseud" }),
  works: int({ minimum: 0, description: 'Works by this pseud the viewer may see (anonymous works are not counted for others)' }),
}));
const User = component('User', object({
  login: str(),
  joined_at: str({ format: 'date-time' }),
  works: int({ minimum: 0, description: 'Works the viewer may see (anonymous works are not counted for others)' }),
  pseuds: arrayOf(Pseud),
}));

const loginParams = parameters({ login: str({ minLength: 1, maxLength: 100, description: 'User name', examples: ['mira'] }) }, ['login']);

export const getUser: ApiSchema = {
  operationId: 'getUser',
  summary: 'A user\'s public profile: pseuds and work counts',
  tags: ['users'],
  auth: 'optional',
  params: loginParams,
  replies: withErrors('optional', { 200: { description: 'The profile', schema: User } }, [404]),
};

export const listUserWorks: ApiSchema = {
  operationId: 'listUserWorks',
  summary: 'A user\'s works (or one pseud\'s), with every search parameter',
  description: 'The same as listWorks with user=LOGIN. Anonymous works are listed here only for their creator (and admins).',
  tags: ['users'],
  auth: 'optional',
  params: loginParams,
  querystring: userWorksQuery,
  replies: withErrors('optional', { 200: { description: 'One page of works', schema: WorkPage } }, [404]),
};
