// The administration pages (admins only, as the API's routes): staff, partners and API keys,
// through the same services as /v1/staff, /v1/partners and /v1/api-keys (api/admin/), parsed by
// the same schemas, audited the same way. A new key or webhook secret is shown once, on the
// answer to the form that created it.
import type { Request, Response, Router } from 'express';
import { ADMINS } from '../../api/access/roles';
import { issueApiKey, listApiKeys, revokeKey } from '../../api/admin/keys';
import { addPartner, partnerView } from '../../api/admin/partners';
import { addStaff, changeStaff, visibleStaff } from '../../api/admin/staff';
import { toApiError } from '../../api/errors';
import { ApiKeyIdParams, CreateApiKeyBody } from '../../api/schemas/access';
import { CreatePartnerBody } from '../../api/schemas/partners';
import { CreateStaffBody, StaffIdParams } from '../../api/schemas/staff';
import { listPartners } from '../../directory/partners';
import { fieldErrors, formValues, listOf } from '../forms';
import { keysPage } from '../pages/admin-keys';
import { partnersPage } from '../pages/admin-partners';
import { staffPage } from '../pages/admin-staff';
import type { FormState } from '../pages/step-forms';
import { formText, rolesOnly, sendHtml, sessionOf, signedIn, speechFor, type WebContext } from '../context';

type Form = Record<string, unknown>;
const optional = (value: string) => (value ? value : undefined);

/** A refused creation as form errors: a taken id beside `field`, anything else above the form. */
function refusal(err: unknown, req: Request, res: Response, field: string): FormState {
  const apiError = toApiError(err);
  if (![404, 409].includes(apiError.status)) throw err;
  const words = speechFor(req, res).words;
  const errors = apiError.status === 409 ? { [field]: words.exists } : { [field]: words.unknownPartner };
  return { values: formValues(req.body as Form), errors };
}

/** Declares /admin/staff, /admin/partners and /admin/keys. */
export function adminRoutes(router: Router, web: WebContext): void {
  const { db } = web;
  const admins = [signedIn, rolesOnly(ADMINS, 'admins')];
  const showStaff = async (
    req: Request,
    res: Response,
    status: number,
    extra: Parameters<typeof staffPage>[3],
  ) =>
    sendHtml(
      res,
      status,
      staffPage(speechFor(req, res), sessionOf(res), await visibleStaff(db, sessionOf(res).caller), extra),
    );
  const showPartners = async (
    req: Request,
    res: Response,
    status: number,
    extra: Parameters<typeof partnersPage>[3],
  ) =>
    sendHtml(
      res,
      status,
      partnersPage(speechFor(req, res), sessionOf(res), (await listPartners(db)).map(partnerView), extra),
    );
  const showKeys = async (
    req: Request,
    res: Response,
    status: number,
    extra: Parameters<typeof keysPage>[3],
  ) => sendHtml(res, status, keysPage(speechFor(req, res), sessionOf(res), await listApiKeys(db), extra));

  router.get('/admin', ...admins, (_req, res) => res.redirect(303, '/app/admin/staff'));

  router.get('/admin/staff', ...admins, async (req, res) => {
    const words = speechFor(req, res).words;
    const notice =
      req.query.done === 'added'
        ? words.staffAdded
        : req.query.done === 'changed'
          ? words.staffChanged
          : undefined;
    await showStaff(req, res, 200, { notice });
  });

  router.post('/admin/staff', ...admins, async (req, res) => {
    const form = req.body as Form;
    const body = CreateStaffBody.safeParse({
      name: formText(form, 'name', 1000),
      email: formText(form, 'email', 1000),
      roles: listOf(form.roles),
      countries: listOf(form.countries).map((c) => c.toUpperCase()),
      language: optional(formText(form, 'language')),
      timeZone: optional(formText(form, 'timeZone')),
    });
    const words = speechFor(req, res).words;
    if (!body.success)
      return showStaff(req, res, 400, {
        form: { values: formValues(form), errors: fieldErrors(body.error.issues, words, formValues(form)) },
      });
    try {
      await addStaff(db, sessionOf(res).caller, body.data);
    } catch (err) {
      return showStaff(req, res, 409, { form: refusal(err, req, res, 'email') });
    }
    res.redirect(303, '/app/admin/staff?done=added');
  });

  router.post('/admin/staff/:staffId/active', ...admins, async (req, res) => {
    const { staffId } = StaffIdParams.parse(req.params);
    await changeStaff(db, sessionOf(res).caller, staffId, {
      active: formText(req.body, 'active') === 'true',
    });
    res.redirect(303, '/app/admin/staff?done=changed');
  });

  router.get('/admin/partners', ...admins, (req, res) => showPartners(req, res, 200, {}));

  router.post('/admin/partners', ...admins, async (req, res) => {
    const form = req.body as Form;
    const body = CreatePartnerBody.safeParse({
      id: formText(form, 'id', 1000),
      name: formText(form, 'name', 1000),
      kind: formText(form, 'kind'),
      contactEmail: formText(form, 'contactEmail', 1000),
      language: optional(formText(form, 'language')),
      webhookUrl: optional(formText(form, 'webhookUrl', 5000)),
      sharingProfile: { fields: listOf(form.sharedFields), events: listOf(form.events) },
    });
    const words = speechFor(req, res).words;
    const fieldOf = (path: (string | number)[]) =>
      path[0] === 'sharingProfile' ? (path[1] === 'fields' ? 'sharedFields' : 'events') : String(path[0]);
    if (!body.success)
      return showPartners(req, res, 400, {
        form: {
          values: formValues(form),
          errors: fieldErrors(body.error.issues, words, formValues(form), fieldOf),
        },
      });
    let created;
    try {
      created = await addPartner(db, web.keys, sessionOf(res).caller, body.data);
    } catch (err) {
      return showPartners(req, res, 409, { form: refusal(err, req, res, 'id') });
    }
    // Rendered, not redirected: the secret exists in this answer only.
    await showPartners(req, res, 201, { created: { id: created.id, webhookSecret: created.webhookSecret } });
  });

  router.get('/admin/keys', ...admins, (req, res) =>
    showKeys(req, res, 200, {
      notice: req.query.done === 'revoked' ? speechFor(req, res).words.keyRevoked : undefined,
    }),
  );

  router.post('/admin/keys', ...admins, async (req, res) => {
    const form = req.body as Form;
    const body = CreateApiKeyBody.safeParse({
      principal: formText(form, 'principal', 1000),
      role: formText(form, 'role'),
      countries: listOf(form.countries).map((c) => (c === '*' ? c : c.toUpperCase())),
      partnerId: optional(formText(form, 'partnerId', 1000)),
    });
    const words = speechFor(req, res).words;
    if (!body.success)
      return showKeys(req, res, 400, {
        form: { values: formValues(form), errors: fieldErrors(body.error.issues, words, formValues(form)) },
      });
    let created;
    try {
      created = await issueApiKey(db, sessionOf(res).caller, body.data);
    } catch (err) {
      return showKeys(req, res, 404, { form: refusal(err, req, res, 'partnerId') });
    }
    // Rendered, not redirected: the secret exists in this answer only.
    await showKeys(req, res, 201, { created: created.key, notice: words.keyCreated });
  });

  router.post('/admin/keys/:keyId/revoke', ...admins, async (req, res) => {
    const { keyId } = ApiKeyIdParams.parse(req.params);
    await revokeKey(db, sessionOf(res).caller, keyId);
    res.redirect(303, '/app/admin/keys?done=revoked');
  });
}
