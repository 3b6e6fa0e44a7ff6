// Partner organisations: the directory, webhook secret rotation, dead letters and redelivery.
// The work is done by the partner directory (directory/partners.ts).
import type { Client } from '@temporalio/client';
import {
  listDeadLetters,
  listPartners,
  redeliverPartnerEvent,
  rotatePartnerSecret,
  updatePartner,
} from '../../directory/partners';
import { temporalPartnerFeed } from '../../activities/partners/feed';
import { addPartner, partnerView } from '../admin/partners';
import { Prisma, type Database } from '../../lib/database';
import type { Keyring } from '../../lib/keyring';
import { ADMINS, MANAGERS } from '../access/roles';
import { audit } from '../audit';
import { ConflictError, NotFoundError } from '../errors';
import type { ApiRoutes } from '../route';
import {
  CreatePartnerBody,
  DeadLetterList,
  DeadLetterParams,
  Partner,
  PartnerCreated,
  PartnerIdParams,
  PartnerList,
  Redelivered,
  RotatedSecret,
  RotateSecretBody,
  UpdatePartnerBody,
} from '../schemas/partners';

const view = partnerView;

const prismaCode = (err: unknown) =>
  err instanceof Prisma.PrismaClientKnownRequestError ? err.code : undefined;

/** Declares the /v1/partners routes. */
export function partnerRoutes(
  routes: ApiRoutes,
  deps: { db: Database; keys: Keyring; temporal: Client; taskQueue: string },
): void {
  const { db, keys } = deps;
  const feed = temporalPartnerFeed(deps.temporal, deps.taskQueue);
  const orNotFound =
    (id: string) =>
    (err: unknown): never => {
      throw prismaCode(err) === 'P2025' ? new NotFoundError('partner', id) : err;
    };

  routes.add({
    method: 'get',
    path: '/v1/partners',
    tag: 'partners',
    roles: MANAGERS,
    summary: 'List partners (never their secrets)',
    response: PartnerList,
    handler: async () => ({ partners: (await listPartners(db)).map(view) }),
  });

  routes.add({
    method: 'post',
    path: '/v1/partners',
    tag: 'partners',
    roles: ADMINS,
    summary: 'Add a partner; with a webhook URL the answer holds its signing secret, once',
    body: CreatePartnerBody,
    response: PartnerCreated,
    statuses: { 201: 'Created' },
    handler: ({ caller, body }) => addPartner(db, keys, caller, body),
  });

  routes.add({
    method: 'get',
    path: '/v1/partners/{partnerId}',
    tag: 'partners',
    roles: MANAGERS,
    summary: 'Read a partner',
    params: PartnerIdParams,
    response: Partner,
    handler: async ({ params }) => {
      const partner = (await listPartners(db)).find((p) => p.id === params.partnerId);
      if (!partner) throw new NotFoundError('partner', params.partnerId);
      return view(partner);
    },
  });

  routes.add({
    method: 'patch',
    path: '/v1/partners/{partnerId}',
    tag: 'partners',
    roles: ADMINS,
    summary: 'Change a partner’s details, webhook URL or sharing profile',
    params: PartnerIdParams,
    body: UpdatePartnerBody,
    response: Partner,
    handler: async ({ caller, params, body }) => {
      const partner = await updatePartner(db, params.partnerId, body).catch(orNotFound(params.partnerId));
      await audit(db, caller, 'partner.update', null, { partnerId: partner.id, changed: Object.keys(body) });
      return view(partner);
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/partners/{partnerId}/webhook-secret',
    tag: 'partners',
    roles: ADMINS,
    summary: 'Rotate the webhook signing secret (the old one keeps signing during the overlap)',
    params: PartnerIdParams,
    body: RotateSecretBody,
    response: RotatedSecret,
    handler: async ({ caller, params, body }) => {
      const rotated = await rotatePartnerSecret(db, keys, params.partnerId, body.overlapHours).catch(
        orNotFound(params.partnerId),
      );
      await audit(db, caller, 'partner.rotate_secret', null, { partnerId: params.partnerId });
      return { partnerId: params.partnerId, ...rotated };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/partners/{partnerId}/dead-letters',
    tag: 'partners',
    roles: ADMINS,
    summary: 'Updates that could not be delivered to a partner',
    params: PartnerIdParams,
    response: DeadLetterList,
    handler: async ({ params }) => {
      if (!(await db.partner.findUnique({ where: { id: params.partnerId } })))
        throw new NotFoundError('partner', params.partnerId);
      return { deadLetters: await listDeadLetters(db, { partnerId: params.partnerId }) };
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/partners/{partnerId}/dead-letters/{eventId}/redeliver',
    tag: 'partners',
    roles: ADMINS,
    summary: 'Send a dead-lettered update again (the updates held behind it follow)',
    params: DeadLetterParams,
    response: Redelivered,
    statuses: { 202: 'Redelivery started' },
    handler: async ({ caller, params }) => {
      const event = await db.partnerEvent.findFirst({
        where: { id: params.eventId, partnerId: params.partnerId },
      });
      if (!event) throw new NotFoundError('dead letter', params.eventId);
      if (!(await redeliverPartnerEvent(db, feed, event.id)))
        throw new ConflictError('this update is not dead-lettered', { status: event.status });
      await audit(db, caller, 'partner.redeliver', event.caseId, {
        partnerId: params.partnerId,
        eventId: event.id,
      });
      return { id: event.id, redelivered: true as const };
    },
  });
}
