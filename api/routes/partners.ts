// Partner organisations: the directory, webhook secret rotation, dead letters and redelivery.
import type { Database } from '../../lib/database';
import { ADMINS, MANAGERS } from '../access/roles';
import { NotFoundError } from '../errors';
import type { ApiRoutes } from '../route';
import { DeadLetterList, Partner, PartnerIdParams, PartnerList } from '../schemas/partners';

type PartnerRow = Awaited<ReturnType<Database['partner']['findUniqueOrThrow']>>;

/** The public view of a partner row (never its secrets). */
export const partnerView = (p: PartnerRow) => ({
  id: p.id, name: p.name, kind: p.kind, contactEmail: p.contactEmail, language: p.language, webhookUrl: p.webhookUrl,
  sharingProfile: (p.sharingProfile ?? {}) as { fields?: string[]; events?: string[] }, createdAt: p.createdAt.toISOString(),
});

/** Declares the /v1/partners routes. */
export function partnerRoutes(routes: ApiRoutes, { db }: { db: Database }): void {
  const partnerOr404 = async (id: string) => {
    const partner = await db.partner.findUnique({ where: { id } });
    if (!partner) throw new NotFoundError('partner', id);
    return partner;
  };

  routes.add({
    method: 'get', path: '/v1/partners', tag: 'partners', roles: MANAGERS, summary: 'List partners', response: PartnerList,
    handler: async () => ({ partners: (await db.partner.findMany({ orderBy: { id: 'asc' } })).map(partnerView) }),
  });

  routes.add({
    method: 'get', path: '/v1/partners/{partnerId}', tag: 'partners', roles: MANAGERS, summary: 'Read a partner',
    params: PartnerIdParams, response: Partner,
    handler: async ({ params }) => partnerView(await partnerOr404(params.partnerId)),
  });

  routes.add({
    method: 'get', path: '/v1/partners/{partnerId}/dead-letters', tag: 'partners', roles: ADMINS,
    summary: 'Updates that could not be delivered to a partner', params: PartnerIdParams, response: DeadLetterList,
    handler: async ({ params }) => {
      await partnerOr404(params.partnerId);
      const rows = await db.partnerEvent.findMany({ where: { partnerId: params.partnerId, status: 'dead' }, orderBy: [{ caseId: 'asc' }, { seq: 'asc' }], take: 500 });
      return { deadLetters: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
    },
  });
}
