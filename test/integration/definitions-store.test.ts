// Publishing definitions into the real database: immutable numbered versions, content-hashed,
// the same content twice is one version, a change is the next version.
import { randomBytes } from 'node:crypto';
import { database } from '../../lib/database';
import { publishAll, SAMPLES_DIR } from '../../definitions/load';
import { DefinitionError } from '../../definitions/problems';
import type { ResolvedDefinition } from '../../definitions/schema';
import {
  contentHash,
  getVersion,
  latestVersion,
  listDefinitions,
  listVersions,
  publishDefinition,
  publishSource,
} from '../../definitions/store';
import { validateDefinition } from '../../definitions/validate';
import { miniDefinition } from '../unit/definitions/support/mini';

/** A valid definition under an id no other test uses. */
function freshDefinition(): ResolvedDefinition {
  const id = `store-test-${randomBytes(4)
    .toString('hex')
    .replace(/[0-9]/g, (digit) => 'abcdefghij'[Number(digit)]!)}`;
  const result = validateDefinition({ ...miniDefinition(), id });
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.definition;
}

describe('definition store', () => {
  it('publishing the same content twice yields one version', async () => {
    const definition = freshDefinition();
    const first = await publishDefinition(definition, { publishedBy: 'amina' });
    const again = await publishDefinition(structuredClone(definition), { publishedBy: 'omar' });
    expect(first).toMatchObject({
      definitionId: definition.id,
      version: 1,
      created: true,
      publishedBy: 'amina',
      contentHash: contentHash(definition),
    });
    expect(again).toMatchObject({ version: 1, created: false, publishedBy: 'amina' });
    expect(await database().definitionVersion.count({ where: { definitionId: definition.id } })).toBe(1);
  });

  it('a change is version N+1 and the earlier version stays as it was', async () => {
    const definition = freshDefinition();
    await publishDefinition(definition, { publishedBy: 'amina' });
    const changed = structuredClone(definition);
    const interview = changed.steps[1]!;
    if (interview.kind === 'task') interview.due = { emergency: 'P3D', normal: 'P45D' };
    const second = await publishDefinition(changed, { publishedBy: 'lucia' });
    expect(second).toMatchObject({ version: 2, created: true, publishedBy: 'lucia' });
    expect((await latestVersion(definition.id))?.version).toBe(2);
    expect((await getVersion(definition.id, 1))?.definition.steps[1]).toMatchObject({
      due: { emergency: 'P3D', normal: 'P30D' },
    });
    expect((await getVersion(definition.id, 2))?.definition.steps[1]).toMatchObject({
      due: { emergency: 'P3D', normal: 'P45D' },
    });
    expect((await listVersions(definition.id)).map((version) => version.version)).toEqual([2, 1]);
    expect(await getVersion(definition.id, 3)).toBeUndefined();
  });

  it('the hash ignores key order: the same meaning is the same version', async () => {
    const definition = freshDefinition();
    await publishDefinition(definition, { publishedBy: 'amina' });
    const reordered = JSON.parse(
      JSON.stringify(definition, Object.keys(definition).reverse()),
    ) as ResolvedDefinition;
    expect(
      await publishDefinition({ ...reordered, steps: definition.steps }, { publishedBy: 'omar' }),
    ).toMatchObject({ version: 1, created: false });
  });

  it('refuses an invalid definition with every problem and stores nothing', async () => {
    const definition = freshDefinition();
    const broken = { ...definition, start: 'identifcation', roles: ['caseworker'] } as ResolvedDefinition;
    const error = await publishDefinition(broken, { publishedBy: 'amina' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as DefinitionError).problems).toEqual(
      expect.arrayContaining([
        { path: 'start', message: '"identifcation" is not a step — did you mean "identification"?' },
        { path: 'steps[2].owner', message: '"supervisor" is not a role of this definition' },
      ]),
    );
    expect(await latestVersion(definition.id)).toBeUndefined();
  });

  it('publishes every sample once, and again is a no-op', async () => {
    const first = await publishAll(SAMPLES_DIR, 'pathways');
    const second = await publishAll(SAMPLES_DIR, 'pathways');
    expect(first.map((version) => version.definitionId).sort()).toEqual([
      'family-reunification',
      'family-reunification.de',
      'family-reunification.ke',
      'resettlement',
      'resettlement.ec',
      'resettlement.jo',
      'resettlement.ke',
      'resettlement.tz',
      'resettlement.ug',
    ]);
    expect(second.every((version) => !version.created)).toBe(true);
    expect(second.map((version) => version.version)).toEqual(first.map((version) => version.version));
    const kenya = (await listDefinitions()).find((entry) => entry.definitionId === 'resettlement.ke');
    expect(kenya).toMatchObject({ program: 'resettlement', country: 'KE' });
    expect((await latestVersion('resettlement.ke'))?.source).toMatchObject({
      extends: 'resettlement',
      country: 'KE',
    });
  });

  it('publishes an overlay body against the latest published base', async () => {
    await publishAll(SAMPLES_DIR, 'pathways');
    const published = await publishSource(
      {
        extends: 'resettlement',
        country: 'RW',
        timeZone: 'Africa/Kigali',
        language: 'fr',
        changes: [{ change: 'interview', set: { due: { normal: 'P60D' } } }],
      },
      'jean',
    );
    expect(published).toMatchObject({ definitionId: 'resettlement.rw', country: 'RW', publishedBy: 'jean' });
    expect(published.definition.steps.find((step) => step.id === 'interview')).toMatchObject({
      due: { emergency: 'P3D', normal: 'P60D' },
    });
    const error = await publishSource(
      { extends: 'resettlment', country: 'BI', timeZone: 'Africa/Bujumbura' },
      'jean',
    ).catch((caught: unknown) => caught);
    expect((error as DefinitionError).problems).toEqual([
      {
        path: 'extends',
        message: '"resettlment" is not a known base definition — did you mean "resettlement"?',
      },
    ]);
  });

  it('refuses a base that names a country or takes an overlay id, and a resolved definition whose id and country disagree', async () => {
    await publishAll(SAMPLES_DIR, 'pathways');
    const base = structuredClone((await latestVersion('resettlement'))!.source) as Record<string, unknown>;
    const before = (await latestVersion('resettlement'))!.version;
    const withCountry = await publishSource({ ...base, country: 'KE' }, 'mallory').catch(
      (caught: unknown) => caught,
    );
    expect((withCountry as DefinitionError).problems).toEqual([expect.objectContaining({ path: 'country' })]);
    const asKenya = await publishSource({ ...base, id: 'resettlement.ke' }, 'mallory').catch(
      (caught: unknown) => caught,
    );
    expect((asKenya as DefinitionError).problems).toEqual([expect.objectContaining({ path: 'id' })]);
    const resolved = (await latestVersion('resettlement.ke'))!.definition;
    const disguised = await publishDefinition(
      { ...resolved, id: 'resettlement' },
      { publishedBy: 'mallory' },
    ).catch((caught: unknown) => caught);
    expect((disguised as DefinitionError).problems).toEqual([expect.objectContaining({ path: 'id' })]);
    expect((await latestVersion('resettlement'))!.version).toBe(before);
  });
});
