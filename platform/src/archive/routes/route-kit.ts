/**
 * @module
 * What the archive's route files share: answer helpers and the OpenAPI tag.
 */
import { errorResponse, json } from '../../http/openapi-schemas.ts';

export { json };
export const tags = ['archive'];
export const errors = {
  400: errorResponse('Invalid request'),
  403: errorResponse('Role not allowed'),
  404: errorResponse('Not found (or another organisation\u2019s)'),
};
