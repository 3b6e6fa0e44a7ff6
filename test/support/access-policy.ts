// The access policy as a person would write it down: route → the roles that may call it. One
// table, read by the authorization matrix test (every route × every role against the real API)
// and by the API fuzzing drill (no role gets a 2xx the table forbids). A route the table does
// not decide fails both, so a new route cannot ship without a decision.
import { writeFileSync } from 'node:fs';
import { ROLES, type Role } from '../../api/access/roles';
import type { DeclaredRoute } from '../../api/route';

const STAFF: Role[] = ['admin', 'program_manager', 'supervisor', 'caseworker'];
const CASE_HANDLERS: Role[] = ['admin', 'supervisor', 'caseworker'];
const MONITORS: Role[] = ['admin', 'program_manager', 'supervisor'];
const MANAGERS: Role[] = ['admin', 'program_manager'];
const ADMIN: Role[] = ['admin'];

/** `method path` → roles allowed past the role check ('public': no key needed). Scope (countries, partner) is checked beyond this. */
export const ACCESS_POLICY: Readonly<Record<string, readonly Role[] | 'public'>> = {
  'get /healthz': 'public',
  'get /readyz': 'public',
  'get /openapi.json': 'public',
  'get /metrics': 'public',
  'post /v1/cases': CASE_HANDLERS,
  'get /v1/cases': ROLES,
  'get /v1/cases/{caseId}': ROLES,
  'get /v1/tasks': CASE_HANDLERS,
  'post /v1/cases/{caseId}/complete-step': CASE_HANDLERS,
  'post /v1/cases/{caseId}/events': [...CASE_HANDLERS, 'partner'],
  'post /v1/cases/{caseId}/hold': CASE_HANDLERS,
  'post /v1/cases/{caseId}/resume': CASE_HANDLERS,
  'post /v1/cases/{caseId}/reassign': ['admin', 'supervisor'],
  'post /v1/cases/{caseId}/close': ['admin', 'supervisor'],
  // The people of a case: personal data, for those who handle cases (in their countries).
  'get /v1/cases/{caseId}/people': CASE_HANDLERS,
  'post /v1/cases/{caseId}/people': CASE_HANDLERS,
  'post /v1/cases/{caseId}/people/{personId}/remove': CASE_HANDLERS,
  // The refugee's consent per partner and the subject access export: case handlers only.
  'put /v1/cases/{caseId}/partners/{partnerId}/consent': CASE_HANDLERS,
  'delete /v1/cases/{caseId}/partners/{partnerId}/consent': CASE_HANDLERS,
  'get /v1/cases/{caseId}/export': CASE_HANDLERS,
  // Erasure: requested by one admin or supervisor, approved by a second.
  'post /v1/cases/{caseId}/erasure': ['admin', 'supervisor'],
  'post /v1/cases/{caseId}/erasure/approve': ['admin', 'supervisor'],
  // Family groups: members shown only where the caller may see the case; a hand release is a supervisor's.
  'post /v1/families': CASE_HANDLERS,
  'get /v1/families/{familyId}': CASE_HANDLERS,
  'post /v1/families/{familyId}/members': CASE_HANDLERS,
  'post /v1/families/{familyId}/members/{caseId}/remove': CASE_HANDLERS,
  'post /v1/families/{familyId}/merge': CASE_HANDLERS,
  'post /v1/families/{familyId}/release': ['admin', 'supervisor'],
  'get /v1/definitions': STAFF,
  'get /v1/definitions/{definitionId}/versions': STAFF,
  'get /v1/definitions/{definitionId}/versions/{version}': STAFF,
  'get /v1/definitions/{definitionId}/versions/{version}/diagram': STAFF,
  // Managers: overlays of their own countries only; bases: admins (checked in the handler).
  'post /v1/definitions/validate': MANAGERS,
  // Simulating a draft is validating it further: nothing is published or started.
  'post /v1/definitions/simulate': MANAGERS,
  'post /v1/definitions': MANAGERS,
  // Managers: definitions of their own countries only (checked in the handler).
  'post /v1/definitions/{definitionId}/migrations/dry-run': MANAGERS,
  'post /v1/definitions/{definitionId}/migrations': MANAGERS,
  'get /v1/definitions/{definitionId}/migrations/{migration}': MANAGERS,
  'post /v1/definitions/{definitionId}/migrations/{migration}/pause': MANAGERS,
  'post /v1/definitions/{definitionId}/migrations/{migration}/resume': MANAGERS,
  'get /v1/partners': MANAGERS,
  'post /v1/partners': ADMIN,
  'get /v1/partners/{partnerId}': MANAGERS,
  'patch /v1/partners/{partnerId}': ADMIN,
  'post /v1/partners/{partnerId}/webhook-secret': ADMIN,
  'get /v1/partners/{partnerId}/dead-letters': ADMIN,
  'post /v1/partners/{partnerId}/dead-letters/{eventId}/redeliver': ADMIN,
  'get /v1/staff': MONITORS,
  'post /v1/staff': ADMIN,
  'patch /v1/staff/{staffId}': ADMIN,
  'get /v1/monitoring/open': MONITORS,
  'get /v1/monitoring/overdue': MONITORS,
  'get /v1/monitoring/time-in-step': MONITORS,
  'get /v1/monitoring/outcomes': MONITORS,
  'post /v1/api-keys': ADMIN,
  'get /v1/api-keys': ADMIN,
  'delete /v1/api-keys/{keyId}': ADMIN,
  'get /v1/audit': ADMIN,
  // Decrypts only payloads of cases in the caller's countries (checked in the handler).
  'post /codec/decode': CASE_HANDLERS,
  'post /codec/encode': CASE_HANDLERS,
  // Intake: sources of the manager's countries (checked in the handler); the webhook takes a source token.
  'put /v1/intake/{source}/mapping': MANAGERS,
  'post /v1/intake/{source}/token': MANAGERS,
  'post /v1/intake/{source}': 'public',
  'get /v1/intake/{source}/rejected': MANAGERS,
  'post /v1/intake/{source}/rejected/{submissionId}/retry': MANAGERS,
};

/** The table's key of a declared route. */
export const routeKey = (route: Pick<DeclaredRoute, 'method' | 'path'>) => `${route.method} ${route.path}`;

/** Whether the table lets a role call a route (public routes: everyone). */
export function allowedFor(key: string, role: Role): boolean {
  if (!Object.hasOwn(ACCESS_POLICY, key)) throw new Error(`the access policy has no decision for ${key}`);
  const allowed = ACCESS_POLICY[key]!;
  return allowed === 'public' || allowed.includes(role);
}

/** Routes without a decision, and decisions without a route: both must be empty. */
export function undecided(declared: DeclaredRoute[]): {
  routesWithoutDecision: string[];
  decisionsWithoutRoute: string[];
} {
  const keys = declared.map(routeKey);
  return {
    routesWithoutDecision: keys.filter((key) => !Object.hasOwn(ACCESS_POLICY, key)),
    decisionsWithoutRoute: Object.keys(ACCESS_POLICY).filter((key) => !keys.includes(key)),
  };
}

/** The table as JSON for the fuzzing drill's hook: `{ "get /v1/cases": ["admin", …] | "public" }`. */
export function writePolicyJson(file: string): void {
  writeFileSync(file, `${JSON.stringify(ACCESS_POLICY, null, 2)}\n`);
}
