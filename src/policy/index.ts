// Authorisation: Cedar policies, default deny, role templates plus the operator's own policies.
export {
  type ActionName,
  type Authorizer,
  type AuthzRequest,
  createAuthorizer,
  type Decision,
  type Principal,
} from './authorize.ts';
export { type LoadedPolicy, loadPolicies, type Template, templates } from './load.ts';
