export { type Code, catalogue, type ErrorSpec, isCode } from './catalogue.ts';
export { type Denial, DenialError, deny, fail, ok, type Result } from './denial.ts';
