/**
 * @module
 * The sandbox's test users: one per role in the demo organisation, shaped like Entra ID's users
 * (object id, tenant id, app roles, group object ids), plus the claim mapping that makes sense
 * of them. Ids are fixed so a user keeps the same `oid` across restarts and machines.
 */
import type { ClaimMapping } from '../oidc-config.ts';

/** A test user of the sandbox provider. */
export interface SandboxUser {
  /** Sign-in name, also `preferred_username` and `email`. */
  upn: string;
  name: string;
  /** Entra-style object id (a GUID), stable per user. */
  oid: string;
  /** App-role values, as Entra puts them in `roles`. */
  roles?: string[];
  /** Group object ids, as Entra puts them in `groups`. */
  groups?: string[];
  /** A disabled user cannot sign in. */
  disabled?: boolean;
}

/** The demo organisation's tenant id (`tid`). */
export const DEMO_TENANT_ID = '7d3f4c8e-2b1a-4e6f-9c0d-5a8b7e6f1d20';

/** Group object ids of the demo organisation's teams. */
export const DEMO_GROUPS = {
  borgerservice: 'a1c0e3f2-0b6d-4d7e-8f91-3c2b1a0e9d01',
  skole: 'b2d1f4a3-1c7e-4e8f-9a02-4d3c2b1f0e02',
} as const;

/** One user per role; `sender` and `sender2` are in different teams, `teamlead` leads `sender`'s. */
export const DEMO_USERS: readonly SandboxUser[] = [
  { upn: 'admin@demo.example', name: 'Anne Admin', oid: '0b9e1a2c-0000-4000-8000-000000000001', roles: ['Brevdue.Admin'] },
  {
    upn: 'sender@demo.example',
    name: 'Søren Sender',
    oid: '0b9e1a2c-0000-4000-8000-000000000002',
    roles: ['Brevdue.Sender'],
    groups: [DEMO_GROUPS.borgerservice],
  },
  {
    upn: 'sender2@demo.example',
    name: 'Sara Sender',
    oid: '0b9e1a2c-0000-4000-8000-000000000003',
    roles: ['Brevdue.Sender'],
    groups: [DEMO_GROUPS.skole],
  },
  {
    upn: 'teamlead@demo.example',
    name: 'Tine Teamleder',
    oid: '0b9e1a2c-0000-4000-8000-000000000004',
    roles: ['Brevdue.TeamLead'],
    groups: [DEMO_GROUPS.borgerservice],
  },
  { upn: 'archivist@demo.example', name: 'Arne Arkivar', oid: '0b9e1a2c-0000-4000-8000-000000000005', roles: ['Brevdue.Archivist'] },
  { upn: 'auditor@demo.example', name: 'Ida Revisor', oid: '0b9e1a2c-0000-4000-8000-000000000006', roles: ['Brevdue.Auditor'] },
];

/** The group part of the claim mapping for the demo users (app roles use `DEFAULT_APP_ROLES`). */
export const DEMO_GROUP_MAPPING: ClaimMapping['groups'] = {
  [DEMO_GROUPS.borgerservice]: { roles: [], teams: ['borgerservice'] },
  [DEMO_GROUPS.skole]: { roles: [], teams: ['skole'] },
};
