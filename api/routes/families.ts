// Family groups: create, read, add and remove members, merge, and release a barrier by hand.
import { CASE_HANDLERS, SUPERVISORS } from '../access/roles';
import {
  addMember,
  createFamily,
  familyResponse,
  familyState,
  mergeFamilies,
  releaseBarrier,
  removeMember,
  type FamilyContext,
} from '../families/service';
import { reply, type ApiRoutes } from '../route';
import {
  AddMemberBody,
  CreateFamilyBody,
  FamilyIdParams,
  FamilyMemberParams,
  FamilyResponse,
  MergeBody,
  ReleaseBody,
  RemoveMemberBody,
} from '../schemas/families';

/** Declares the family group routes. */
export function familyRoutes(routes: ApiRoutes, ctx: FamilyContext): void {
  routes.add({
    method: 'post',
    path: '/v1/families',
    tag: 'families',
    roles: CASE_HANDLERS,
    summary: 'Create a family group (a non-personal reference); add its cases next',
    body: CreateFamilyBody,
    response: FamilyResponse,
    statuses: { 201: 'Family group created' },
    handler: async ({ caller, body }) =>
      reply(201, await familyResponse(ctx, caller, await createFamily(ctx, caller, body.reference))),
  });

  routes.add({
    method: 'get',
    path: '/v1/families/{familyId}',
    tag: 'families',
    roles: CASE_HANDLERS,
    summary: 'A family group: members (country, current step, due date) and whom each barrier waits on',
    params: FamilyIdParams,
    response: FamilyResponse,
    handler: async ({ caller, params }) =>
      familyResponse(ctx, caller, await familyState(ctx, params.familyId)),
  });

  routes.add({
    method: 'post',
    path: '/v1/families/{familyId}/members',
    tag: 'families',
    roles: CASE_HANDLERS,
    summary: 'Add a case to the group (409 when it is in another group or closed)',
    params: FamilyIdParams,
    body: AddMemberBody,
    response: FamilyResponse,
    handler: async ({ caller, params, body }) =>
      familyResponse(ctx, caller, await addMember(ctx, caller, params.familyId, body.caseId)),
  });

  routes.add({
    method: 'post',
    path: '/v1/families/{familyId}/members/{caseId}/remove',
    tag: 'families',
    roles: CASE_HANDLERS,
    summary: 'Remove a case from the group (split): it no longer holds the others',
    params: FamilyMemberParams,
    body: RemoveMemberBody,
    response: FamilyResponse,
    handler: async ({ caller, params, body }) =>
      familyResponse(
        ctx,
        caller,
        await removeMember(ctx, caller, params.familyId, params.caseId, body.reason),
      ),
  });

  routes.add({
    method: 'post',
    path: '/v1/families/{familyId}/merge',
    tag: 'families',
    roles: CASE_HANDLERS,
    summary: 'Merge this group into another: its members, waiting or not, move there',
    params: FamilyIdParams,
    body: MergeBody,
    response: FamilyResponse,
    handler: async ({ caller, params, body }) =>
      familyResponse(ctx, caller, await mergeFamilies(ctx, caller, params.familyId, body.into)),
  });

  routes.add({
    method: 'post',
    path: '/v1/families/{familyId}/release',
    tag: 'families',
    roles: SUPERVISORS,
    summary: 'Release the members waiting at a joint key now, with a reason (supervisors; audited)',
    params: FamilyIdParams,
    body: ReleaseBody,
    response: FamilyResponse,
    handler: async ({ caller, params, body }) =>
      familyResponse(ctx, caller, await releaseBarrier(ctx, caller, params.familyId, body.key, body.reason)),
  });
}
